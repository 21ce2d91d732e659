import { answerLabel } from './answers.js';
import { h } from './dom.js';
import { levelLabel } from './levels.js';
import { timelineView } from './timeline.js';

/** Levels that call for action today or now: shown as a full-width banner, the action first. */
const ACT = new Set(['contact-provider', 'urgent']);

/**
 * The end of the interview (`step.done`), from the result's patient view: the level and its
 * headline, what to do (`patient.actions`, a banner with the action first when it is
 * `contact-provider` or `urgent`), why (`patient.explanation`) and what to watch for. What a
 * clinician reads is folded away: where the check-in falls on the healing timeline, every reason
 * with its sources, the questions still open and the answers given.
 */
export function resultView(step, log, phases, on) {
  const result = step.result;
  const view = result.patient;
  const act = ACT.has(result.level);
  return h(
    'section',
    { class: `result level-${result.level}${act ? ' act' : ''}`, 'data-level': result.level, 'aria-labelledby': 'result-title' },
    h(
      'div',
      { class: act ? 'banner' : 'headline', ...(act ? { role: 'alert' } : {}) },
      h('h2', { id: 'result-title', tabindex: '-1' }, h('span', { class: 'level-badge' }, levelLabel(result.level))),
      h('p', { class: 'summary' }, view.headline),
      list(view.actions, 'ul', 'now'),
    ),
    view.explanation.length === 0 ? null : section('Why', 'why', list(view.explanation, 'ul', 'explanation')),
    view.watchFor.length === 0
      ? null
      : section(act ? 'Get urgent care if' : 'Get in touch sooner if', 'watch', list(view.watchFor, 'ul', 'watch-for')),
    folded('Where you are in healing', 'timeline', timelineView(phases, result.phase)),
    folded(
      'Details for your clinician',
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
      result.missing.length === 0
        ? null
        : h(
            'div',
            { class: 'missing-section' },
            h('h3', {}, 'Questions with no answer'),
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
          h(
            'dd',
            { 'data-field': entry.field },
            entry.unknown === true ? 'I don’t know' : (entry.shown ?? answerLabel(entry.value, entry.labels)),
          ),
        ]),
      ),
    ),
    h(
      'div',
      { class: 'secondary' },
      log.length === 0 ? null : h('button', { type: 'button', class: 'back', onclick: () => on.back() }, 'Change the last answer'),
      h('button', { type: 'button', class: 'restart', onclick: () => on.restart() }, 'Start again'),
    ),
  );
}

/** A section folded away until opened. */
function folded(title, id, ...content) {
  return h('details', { class: `${id}-section` }, h('summary', {}, title), ...content);
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
