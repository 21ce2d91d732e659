import { answerLabel } from './answers.js';
import { h } from './dom.js';
import { levelLabel } from './levels.js';
import { timelineView } from './timeline.js';

/**
 * The end of the interview (`step.done`): the level, what to do now (`step.action`), when to
 * call back, where the check-in falls on the healing timeline, the reasons with their sources
 * by title and section, the questions still open (`result.missing`) and the answers given.
 */
export function resultView(step, log, phases, on) {
  const result = step.result;
  const action = step.action ?? { summary: result.advice.summary, steps: result.advice.now };
  return h(
    'section',
    { class: `result level-${result.level}`, 'data-level': result.level, 'aria-labelledby': 'result-title' },
    h('h2', { id: 'result-title', tabindex: '-1' }, h('span', { class: 'level-badge' }, levelLabel(result.level))),
    h('p', { class: 'summary' }, action.summary.patient),
    section('What to do now', 'now', list(action.steps, 'ul', 'now')),
    result.advice.callBackIf.length === 0
      ? null
      : section('Call back or get care if', 'call-back', list(result.advice.callBackIf, 'ul', 'call-back')),
    result.advice.recheckInHours === undefined
      ? null
      : h('p', { class: 'recheck' }, `Check in again in ${String(result.advice.recheckInHours)} hours.`),
    section('Where you are in healing', 'timeline', timelineView(phases, result.phase)),
    section(
      'Why',
      'reasons',
      h(
        'ol',
        { class: 'reasons' },
        result.reasons.map((reason) =>
          h(
            'li',
            { 'data-rule-id': reason.ruleId, 'data-level': reason.level },
            h('p', {}, reason.message.patient),
            sourcesView(reason.sources),
          ),
        ),
      ),
    ),
    result.missing.length === 0
      ? null
      : section(
          'Questions still open',
          'missing',
          h('p', {}, 'These were not answered. An answer could change the result:'),
          h(
            'ul',
            { class: 'missing' },
            result.missing.map((question) =>
              h(
                'li',
                { 'data-field': question.field },
                question.question.patient,
                h('span', { class: 'could' }, ` (could change it to “${levelLabel(question.couldRaiseTo)}”)`),
              ),
            ),
          ),
        ),
    h(
      'details',
      { class: 'answers' },
      h('summary', {}, `Your answers (${String(log.length)})`),
      h(
        'dl',
        {},
        log.map((entry) => [
          h('dt', {}, entry.question),
          h('dd', { 'data-field': entry.field }, entry.unknown === true ? 'I don’t know' : answerLabel(entry.value)),
        ]),
      ),
    ),
    h(
      'div',
      { class: 'secondary' },
      h('button', { type: 'button', class: 'primary', onclick: () => on.restart() }, 'Start again'),
      log.length === 0 ? null : h('button', { type: 'button', class: 'back', onclick: () => on.back() }, 'Change the last answer'),
    ),
  );
}

function section(title, id, ...content) {
  return h('section', { class: `${id}-section`, 'aria-labelledby': `${id}-title` }, h('h3', { id: `${id}-title` }, title), ...content);
}

function list(items, tag, className) {
  return h(
    tag,
    { class: className },
    items.map((item) => h('li', {}, item)),
  );
}

/** A reason's sources: each document by its title, with the sections cited from it. */
function sourcesView(sources) {
  if (sources.length === 0) return null;
  const byTitle = new Map();
  for (const source of sources) {
    const title = source.title ?? source.document;
    const sections = byTitle.get(title) ?? [];
    if (source.section !== undefined && !sections.includes(source.section)) sections.push(source.section);
    byTitle.set(title, sections);
  }
  return h(
    'div',
    { class: 'sources' },
    h('span', { class: 'sources-label' }, 'Sources:'),
    h(
      'ul',
      {},
      [...byTitle].map(([title, sections]) => h('li', {}, h('cite', {}, title), sections.length === 0 ? '' : ` — ${sections.join('; ')}`)),
    ),
  );
}
