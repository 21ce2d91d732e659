import { answerLabel } from './answers.js';
import { h } from './dom.js';
import { levelLabel } from './levels.js';

/**
 * The form for a screen of one interview question (`InterviewQuestion`): its patient wording, why it is
 * asked, an answer control for its `answer` spec, "I don't know" and "Back".
 *
 * `on.answer(value)`, `on.unknown()` and `on.back()` are called with what the person chose.
 */
export function questionView(question, { number, canGoBack }, on) {
  const spec = question.answer;
  const error = h('p', { class: 'error', id: 'question-error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'question',
      'data-field': question.field,
      'data-type': spec.type,
      'aria-labelledby': 'question-text',
      'aria-describedby': 'question-why',
    },
    h('p', { class: 'progress' }, `Screen ${String(number)}`),
    h('h2', { id: 'question-text', tabindex: '-1' }, question.question.patient),
    h('p', { class: 'why', id: 'question-why' }, whyAsked(question.why)),
    answerControls(spec, on.answer),
    h(
      'div',
      { class: 'secondary' },
      h('button', { type: 'button', class: 'dont-know', 'data-unknown': true, onclick: () => on.unknown() }, 'I don’t know'),
      canGoBack ? h('button', { type: 'button', class: 'back', onclick: () => on.back() }, 'Back') : null,
    ),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = submittedValue(form, spec);
    if (value !== undefined) on.answer(value);
  });
  return form;
}

/** Shows a problem with the answer (the library's message) under the question. */
export function showQuestionError(form, message) {
  const error = form.querySelector('#question-error');
  if (error !== null) error.textContent = message;
  form.querySelector('input')?.setAttribute('aria-invalid', 'true');
}

/** Why a question is asked, in words. */
export function whyAsked(why) {
  const parts = [];
  if (why.couldRaiseTo !== undefined) parts.push(`Your answer could change the result to “${levelLabel(why.couldRaiseTo)}”.`);
  if (why.couldLowerTo !== undefined) parts.push(`Your answer could show that this is less of a concern.`);
  if (why.holdsFloor) parts.push('It is a warning-sign question: while it is unanswered, the result cannot be the all-clear.');
  return parts.join(' ');
}

function answerControls(spec, answer) {
  switch (spec.type) {
    case 'boolean':
      return choiceButtons([true, false], answer);
    case 'choice':
      return spec.multiple ? checkboxes(spec.options, spec.labels) : choiceButtons(spec.options, answer, spec.labels);
    case 'number':
      return h(
        'div',
        { class: 'typed' },
        h('label', { for: 'answer-input' }, 'Your answer (a number)'),
        h('input', {
          id: 'answer-input',
          name: 'answer',
          type: 'number',
          inputmode: 'decimal',
          step: 'any',
          min: spec.minimum,
          max: spec.maximum,
          required: true,
          'aria-describedby': 'question-text question-error',
        }),
        h('button', { type: 'submit', class: 'primary' }, 'Continue'),
        spec.never ? h('button', { type: 'button', 'data-value': 'null', onclick: () => answer(null) }, answerLabel(null)) : null,
      );
    case 'text':
      return h(
        'div',
        { class: 'typed' },
        h('label', { for: 'answer-input' }, 'Your answer'),
        h('input', {
          id: 'answer-input',
          name: 'answer',
          type: 'text',
          required: true,
          'aria-describedby': 'question-text question-error',
        }),
        h('button', { type: 'submit', class: 'primary' }, 'Continue'),
      );
    default:
      return h('p', {}, 'This question cannot be answered here.');
  }
}

function choiceButtons(options, answer, labels) {
  return h(
    'div',
    { class: 'choices', role: 'group', 'aria-labelledby': 'question-text' },
    options.map((option) =>
      h(
        'button',
        { type: 'button', class: 'choice', 'data-value': JSON.stringify(option), onclick: () => answer(option) },
        answerLabel(option, labels),
      ),
    ),
  );
}

function checkboxes(options, labels) {
  return h(
    'fieldset',
    { class: 'checks' },
    h('legend', {}, 'Choose all that apply (or none), then continue.'),
    options.map((option, index) =>
      h(
        'div',
        { class: 'check' },
        h('input', { type: 'checkbox', id: `answer-${String(index)}`, name: 'answer', value: JSON.stringify(option) }),
        h('label', { for: `answer-${String(index)}` }, answerLabel(option, labels)),
      ),
    ),
    h('button', { type: 'submit', class: 'primary' }, 'Continue'),
  );
}

/** The value of a typed or ticked answer, or `undefined` when the form holds none. */
function submittedValue(form, spec) {
  if (spec.type === 'choice' && spec.multiple) {
    return [...form.querySelectorAll('input[type="checkbox"]:checked')].map((input) => JSON.parse(input.value));
  }
  const input = form.querySelector('#answer-input');
  if (input === null) return undefined;
  if (spec.type === 'number') return input.value === '' ? undefined : input.valueAsNumber;
  return input.value === '' ? undefined : input.value;
}
