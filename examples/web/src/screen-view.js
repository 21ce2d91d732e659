import { answerLabel } from './answers.js';
import { h } from './dom.js';
import { questionView, whyAsked } from './question-view.js';
import { readTime } from './time-entry.js';

/** The value of a radio or checkbox that means "I don't know" (never a value of the library's). */
const DONT_KNOW = 'dont-know';

/**
 * The form for one interview screen (`step.screens[0]`): a single question as `questionView`
 * shows it (the time since treatment as a time entry); a checklist (yes / no / "I don't know"
 * for each item) or a group (the choices of each item and "I don't know") as one fieldset whose
 * legend is the screen's caption, each item a group of its own, and one "Next" for the whole
 * screen.
 *
 * `on.submit(entries)` gets one entry per field, `{ field, question, value }` or
 * `{ field, question, unknown: true }`; `on.back()` goes back one screen.
 */
export function screenView(screen, { number, canGoBack }, on) {
  if (screen.kind === 'question') {
    const question = screen.question;
    const entry = (value) => ({ field: question.field, question: question.question.patient, value, labels: question.answer.labels });
    const unknown = { field: question.field, question: question.question.patient, unknown: true };
    if (question.field === 'hoursSinceTreatment' || question.field === 'treatedAt') {
      return timeView(question, { number, canGoBack }, on);
    }
    return questionView(
      question,
      { number, canGoBack },
      { answer: (value) => on.submit([entry(value)]), unknown: () => on.submit([unknown]), back: on.back },
    );
  }
  const error = h('p', { class: 'error', id: 'question-error', role: 'alert' });
  const form = h(
    'form',
    { class: `question screen ${screen.kind}`, 'data-kind': screen.kind, 'data-screen': screen.id, novalidate: true },
    h('p', { class: 'progress' }, `Screen ${String(number)}`),
    h(
      'fieldset',
      { class: 'screen-items', 'aria-describedby': 'question-error' },
      h('legend', {}, h('h2', { id: 'question-text', tabindex: '-1' }, screen.caption.patient)),
      screen.items.map((item, index) => itemControls(item, index, screen.kind)),
    ),
    h('div', { class: 'next' }, h('button', { type: 'submit', class: 'primary' }, 'Next')),
    error,
    canGoBack ? h('div', { class: 'secondary' }, h('button', { type: 'button', class: 'back', onclick: () => on.back() }, 'Back')) : null,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const entries = [];
    const missing = [];
    screen.items.forEach((item, index) => {
      const read = readItem(form, item, index);
      if (read === undefined) missing.push(item.question.patient);
      else entries.push(read === DONT_KNOW ? { field: item.field, question: item.question.patient, unknown: true } : read);
    });
    if (missing.length > 0) {
      const first = form.querySelector(
        `[data-item="${String(screen.items.findIndex((item) => missing.includes(item.question.patient)))}"] input`,
      );
      showScreenError(form, `Answer each question (or choose “I don’t know”): ${missing.join(' ')}`);
      first?.focus();
      return;
    }
    on.submit(entries);
  });
  return form;
}

/** Shows a problem with the answers (the page's or the library's message) on the screen. */
export function showScreenError(form, message) {
  const error = form.querySelector('#question-error');
  if (error !== null) error.textContent = message;
}

/** One item of a checklist or group: a fieldset named by its question, with a radio per answer and "I don't know". */
function itemControls(item, index, kind) {
  const spec = item.answer;
  const name = `item-${String(index)}`;
  const legendId = `${name}-text`;
  const options = spec.type === 'boolean' ? [true, false] : spec.type === 'choice' ? spec.options : [];
  const multiple = spec.type === 'choice' && spec.multiple;
  const control = (value, label, position) => {
    const id = `${name}-${String(position)}`;
    return h(
      'div',
      { class: 'check' },
      h('input', { type: multiple ? 'checkbox' : 'radio', id, name, value: value === DONT_KNOW ? DONT_KNOW : JSON.stringify(value) }),
      h('label', { for: id }, label),
    );
  };
  return h(
    'fieldset',
    { class: `item ${kind === 'checklist' ? 'yes-no' : 'choices-item'}`, 'data-field': item.field, 'data-item': String(index) },
    h('legend', { id: legendId }, item.question.patient),
    item.why.holdsFloor ? h('span', { class: 'visually-hidden' }, ' (a warning-sign question)') : null,
    h(
      'div',
      { class: multiple ? 'options multiple' : 'options' },
      options.map((option, position) => control(option, answerLabel(option, spec.labels), position)),
      multiple ? control([], 'None of these', options.length) : null,
      control(DONT_KNOW, 'I don’t know', options.length + 1),
    ),
  );
}

/** What one item's controls hold: an entry, `DONT_KNOW`, or `undefined` when nothing is chosen. */
function readItem(form, item, index) {
  const checked = [...form.querySelectorAll(`input[name="item-${String(index)}"]:checked`)].map((input) => input.value);
  if (checked.length === 0) return undefined;
  if (checked.includes(DONT_KNOW)) return DONT_KNOW;
  const values = checked.map((value) => JSON.parse(value));
  const entry = (value) => ({ field: item.field, question: item.question.patient, value, labels: item.answer.labels });
  if (item.answer.type === 'choice' && item.answer.multiple) {
    // "None of these" is `[]`; ticked beside options it adds nothing.
    return entry(values.filter((value) => !Array.isArray(value)));
  }
  return entry(values[0]);
}

/**
 * The time since treatment: how long ago, as a number with its unit (hours or days: "2 days" is
 * 48 hours), or the date and time of the treatment (`treatedAt`); "I don't know" too.
 */
function timeView(question, { number, canGoBack }, on) {
  const error = h('p', { class: 'error', id: 'question-error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'question time',
      'data-kind': 'question',
      'data-field': question.field,
      'data-type': 'time',
      'aria-labelledby': 'question-text',
      'aria-describedby': 'question-why',
      novalidate: true,
    },
    h('p', { class: 'progress' }, `Screen ${String(number)}`),
    h('h2', { id: 'question-text', tabindex: '-1' }, question.question.patient),
    h('p', { class: 'why', id: 'question-why' }, whyAsked(question.why)),
    h(
      'div',
      { class: 'typed' },
      h('label', { for: 'time-ago' }, 'How long ago: a number with hours or days (for example “36 hours” or “2 days”)'),
      h('input', {
        id: 'time-ago',
        name: 'ago',
        type: 'text',
        inputmode: 'decimal',
        autocomplete: 'off',
        'aria-describedby': 'question-error',
      }),
    ),
    h(
      'div',
      { class: 'typed' },
      h('label', { for: 'time-at' }, 'Or the date and time of the treatment'),
      h('input', { id: 'time-at', name: 'at', type: 'datetime-local', 'aria-describedby': 'question-error' }),
    ),
    h('div', { class: 'next' }, h('button', { type: 'submit', class: 'primary' }, 'Next')),
    h(
      'div',
      { class: 'secondary' },
      h(
        'button',
        {
          type: 'button',
          class: 'dont-know',
          'data-unknown': true,
          onclick: () => on.submit([{ field: question.field, question: question.question.patient, unknown: true }]),
        },
        'I don’t know',
      ),
      canGoBack ? h('button', { type: 'button', class: 'back', onclick: () => on.back() }, 'Back') : null,
    ),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const read = readTime(form.querySelector('#time-ago').value, form.querySelector('#time-at').value);
    if (read.error !== undefined) {
      showScreenError(form, read.error);
      const bad = form.querySelector(read.input === 'at' ? '#time-at' : '#time-ago');
      bad.setAttribute('aria-invalid', 'true');
      bad.focus();
      return;
    }
    const text = question.question.patient;
    on.submit([
      read.treatedAt === undefined
        ? { field: 'hoursSinceTreatment', question: text, value: read.hours, shown: read.shown }
        : { field: 'treatedAt', question: text, value: read.treatedAt, shown: read.shown },
    ]);
  });
  return form;
}
