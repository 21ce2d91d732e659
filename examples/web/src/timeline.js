import { h, svg } from './dom.js';

const HOURS = 'hoursSinceTreatment';
const LOWER = { greaterThan: false, greaterThanInclusive: true };
const UPPER = { lessThan: false, lessThanInclusive: true };

/**
 * The healing phases, in time order, read from the rules in use (`triage.rules`): each rule that
 * sets the timeline phase gives the phase (`event.params.phase`) and its window, the bounds its
 * conditions put on the hours since treatment. Nothing about the phases is written in the page.
 */
export function phasesFrom(rules) {
  const phases = [];
  for (const rule of rules) {
    if (rule.kind !== 'assessment' || !rule.phase) continue;
    const phase = rule.definition?.event?.params?.phase;
    const window = windowOf(rule.conditions);
    if (phase === undefined || window === undefined) continue;
    phases.push({ ...phase, ...window, ruleId: rule.id });
  }
  return phases.sort((a, b) => a.from - b.from);
}

/** The hours window `{ from, to? }` that a rule's top-level `all` puts on the hours since treatment. */
function windowOf(conditions) {
  const leaves = (conditions.all ?? []).filter((leaf) => leaf.fact === HOURS && typeof leaf.value === 'number');
  const from = leaves.find((leaf) => leaf.operator in LOWER)?.value;
  const to = leaves.find((leaf) => leaf.operator in UPPER)?.value;
  if (from === undefined) return undefined;
  return to === undefined ? { from } : { from, to };
}

/** A short label for a number of hours: hours below a day, whole or decimal days from then on. */
export function hoursLabel(hours) {
  if (hours < 24) return `${String(round(hours))} h`;
  return `${String(round(hours / 24))} d`;
}

const round = (value) => Math.round(value * 10) / 10;

const WIDTH = 320;
const MARGIN = 16;
const BAR_Y = 34;
const BAR_HEIGHT = 22;

/**
 * The timeline picture: one band per phase (equal widths, as the phases run from hours to weeks),
 * the band of this check-in's phase highlighted, a marker where its hours fall within that band,
 * then what is expected in that phase. `phase` is the assessment's `phase` (`null` when the time
 * since treatment is not known).
 */
export function timelineView(phases, phase) {
  const band = (WIDTH - 2 * MARGIN) / Math.max(phases.length, 1);
  const current = phase === null ? -1 : phases.findIndex((entry) => entry.id === phase.id);
  const description =
    phase === null
      ? 'The time since treatment is not known, so this check-in is not placed on the timeline.'
      : `${String(phase.hoursSinceTreatment)} hours since treatment: the ${phase.label} phase. ${phase.appearance} ${phase.symptoms}`;
  const picture = svg(
    'svg',
    {
      class: 'timeline',
      viewBox: `0 0 ${String(WIDTH)} 80`,
      role: 'img',
      'aria-labelledby': 'timeline-title timeline-desc',
    },
    svg('title', { id: 'timeline-title' }, 'Healing timeline'),
    svg('desc', { id: 'timeline-desc' }, description),
    phases.map((entry, index) =>
      svg('rect', {
        class: index === current ? 'band current' : `band ${index % 2 === 0 ? 'even' : 'odd'}`,
        x: MARGIN + index * band,
        y: BAR_Y,
        width: band,
        height: BAR_HEIGHT,
        'data-phase': entry.id,
      }),
    ),
    phases.map((entry, index) =>
      svg('text', { class: 'tick', x: MARGIN + index * band, y: BAR_Y + BAR_HEIGHT + 14, 'text-anchor': 'middle' }, hoursLabel(entry.from)),
    ),
    phases.length > 0 && phases.at(-1).to !== undefined
      ? svg('text', { class: 'tick', x: WIDTH - MARGIN, y: BAR_Y + BAR_HEIGHT + 14, 'text-anchor': 'middle' }, hoursLabel(phases.at(-1).to))
      : null,
    current === -1 ? null : marker(MARGIN + current * band, band, phases[current], phase.hoursSinceTreatment),
  );
  return h(
    'figure',
    { class: 'timeline-figure', 'data-phase': phase?.id ?? '' },
    picture,
    h(
      'figcaption',
      {},
      phase === null
        ? h('p', {}, description)
        : [
            h('p', {}, h('strong', {}, `${phase.label}`), ` (${String(phase.hoursSinceTreatment)} hours since treatment)`),
            h('p', {}, h('strong', {}, 'What is expected now: '), `${phase.appearance} ${phase.symptoms}`),
          ],
      h(
        'details',
        {},
        h('summary', {}, 'All healing phases'),
        h(
          'ol',
          { class: 'phases' },
          phases.map((entry, index) =>
            h(
              'li',
              { 'aria-current': index === current ? 'step' : false },
              h('strong', {}, entry.label),
              index === current ? ' (you are here)' : '',
              `: ${entry.appearance} ${entry.symptoms}`,
            ),
          ),
        ),
      ),
    ),
  );
}

/** The "you are here" marker: where the hours fall within the band of their phase. */
function marker(x0, band, entry, hours) {
  // Within a closed window, in proportion; within the open last one, 1 - from/hours (0 at its start, towards 1 later on).
  const within =
    entry.to === undefined ? 1 - entry.from / Math.max(hours, entry.from, 1) : (hours - entry.from) / (entry.to - entry.from || 1);
  const x = x0 + band * (0.08 + 0.84 * Math.min(Math.max(within, 0), 1));
  const labelX = Math.min(Math.max(x, MARGIN + 28), WIDTH - MARGIN - 28);
  return svg(
    'g',
    { class: 'marker' },
    svg('line', { x1: x, x2: x, y1: BAR_Y - 8, y2: BAR_Y + BAR_HEIGHT + 2 }),
    svg('path', {
      d: `M ${String(x - 5)} ${String(BAR_Y - 12)} L ${String(x + 5)} ${String(BAR_Y - 12)} L ${String(x)} ${String(BAR_Y - 5)} Z`,
    }),
    svg('text', { class: 'marker-label', x: labelX, y: BAR_Y - 16, 'text-anchor': 'middle' }, `You: ${String(round(hours))} h`),
  );
}
