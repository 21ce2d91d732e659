import type { FactValue } from '../../src/facts/fact-values.js';
import type { OperatorName } from '../../src/rules/rule-set-schema.js';

type Facts = Readonly<Record<string, FactValue>>;
type Level = 'expected' | 'monitor' | 'contact-provider' | 'urgent';
const RANK: Readonly<Record<Level, number>> = { expected: 0, monitor: 1, 'contact-provider': 2, urgent: 3 };

/** A compared value behind a fired rule, as a Reason's `matched` gives it (without derivations). */
export interface HandMatched {
  readonly fact: string;
  readonly operator: OperatorName;
  readonly expected: unknown;
  readonly observed: unknown;
}

/** A fired rule with the values that made it fire. */
export interface HandReason {
  readonly ruleId: string;
  readonly level: Level;
  readonly matched: readonly HandMatched[];
}

const m = (fact: string, operator: OperatorName, expected: unknown, observed: unknown): HandMatched => ({
  fact,
  operator,
  expected,
  observed,
});

// The rules' lists, once (a rule's `in` value).
const PURULENT = ['purulent', 'foul-smelling'];
const MODERATE_SEVERE = ['moderate', 'severe'];
const MILD_MODERATE_SEVERE = ['mild', 'moderate', 'severe'];
const MILD_MODERATE = ['mild', 'moderate'];
const SHALLOW_OR_UNKNOWN = ['superficial', 'medium', null];
const FACE_NECK_OR_UNKNOWN = ['face', 'neck', null];
const PINPOINT = ['stopped', 'ongoing'];
const TRENDS = ['redness', 'pain', 'swelling'];

/**
 * The red-flag and timeline rules written by hand: the floor for what they cost with no engine
 * at all. Every fact is read once into a local; every fired rule yields a reason with its id,
 * level and matched values (the leaves that made it fire, in rule order, as the compiled
 * evaluator's explanation gives them). It mirrors rules/red-flags.json and rules/timeline.json
 * and the bench refuses to run unless it agrees with the compiled rules, reasons included.
 */
export function handWrittenRedFlagsAndTimeline(f: Facts): { level: number; reasons: HandReason[] } {
  const open = f['openRedFlagQuestions'] ?? null;
  const hours = f['hoursSinceTreatment'] ?? null;
  const rapid = f['signs.rapidlySpreading'] ?? null;
  const streaks = f['signs.redStreaks'] ?? null;
  const malaise = f['signs.malaise'] ?? null;
  const lymph = f['signs.swollenLymphNodes'] ?? null;
  const discharge = f['signs.discharge'] ?? null;
  const warmth = f['signs.warmth'] ?? null;
  const beyond = f['signs.rednessBeyondTreatedArea'] ?? null;
  const rednessTrend = f['signs.rednessTrend'] ?? null;
  const widespread = f['signs.swellingWidespread'] ?? null;
  const blisters = f['signs.blisters'] ?? null;
  const heavy = f['signs.heavyBleeding'] ?? null;
  const redness = f['signs.redness'] ?? null;
  const depth = f['treatment.depth'] ?? null;
  const site = f['treatment.site'] ?? null;
  const adjuncts = f['treatment.adjuncts'] ?? null;
  const gridding = f['signs.gridding'] ?? null;
  const fitzpatrick = f['patient.fitzpatrick'] ?? null;
  const swelling = f['signs.swelling'] ?? null;
  const swellingTrend = f['signs.swellingTrend'] ?? null;
  const pinpoint = f['signs.pinpointBleeding'] ?? null;
  const bruising = f['signs.bruising'] ?? null;
  const disagreements = f['signs.trendDisagreements'] ?? null;

  // A numeric comparison is false unless the fact is a number (json-rules-engine's validator).
  const h = typeof hours === 'number' ? hours : Number.NaN;
  const fitz = typeof fitzpatrick === 'number' ? fitzpatrick : Number.NaN;
  const prp = Array.isArray(adjuncts) && adjuncts.includes('prp');

  const reasons: HandReason[] = [];
  let level = 0;
  const fire = (ruleId: string, grade: Level, matched: HandMatched[]): void => {
    reasons.push({ ruleId, level: grade, matched });
    if (RANK[grade] > level) level = RANK[grade];
  };

  if (typeof open === 'number' && open > 0) fire('red-flags.unanswered', 'monitor', [m('openRedFlagQuestions', 'greaterThan', 0, open)]);
  if (rapid === true) fire('red-flags.rapidly-spreading-redness', 'urgent', [m('signs.rapidlySpreading', 'equal', true, rapid)]);
  if (streaks === true) fire('red-flags.red-streaks', 'urgent', [m('signs.redStreaks', 'equal', true, streaks)]);
  if (malaise === true || lymph === true) {
    const purulent = discharge === 'purulent' || discharge === 'foul-smelling';
    const spreading = warmth === 'spreading';
    const late = h >= 48;
    const intenseLate = warmth === 'intense' && (late || hours === null);
    const worseningLate = rednessTrend === 'worsening' && late;
    if (purulent || spreading || intenseLate || beyond === true || worseningLate) {
      const matched: HandMatched[] = [];
      if (malaise === true) matched.push(m('signs.malaise', 'equal', true, malaise));
      if (lymph === true) matched.push(m('signs.swollenLymphNodes', 'equal', true, lymph));
      if (purulent) matched.push(m('signs.discharge', 'in', PURULENT, discharge));
      if (spreading) matched.push(m('signs.warmth', 'equal', 'spreading', warmth));
      if (intenseLate) {
        matched.push(m('signs.warmth', 'equal', 'intense', warmth));
        if (late) matched.push(m('hoursSinceTreatment', 'greaterThanInclusive', 48, hours));
        if (hours === null) matched.push(m('hoursSinceTreatment', 'equal', null, hours));
      }
      if (beyond === true) matched.push(m('signs.rednessBeyondTreatedArea', 'equal', true, beyond));
      if (worseningLate)
        matched.push(
          m('signs.rednessTrend', 'equal', 'worsening', rednessTrend),
          m('hoursSinceTreatment', 'greaterThanInclusive', 48, hours),
        );
      fire('red-flags.systemic-infection', 'urgent', matched);
    }
  }
  if (beyond === true)
    fire('red-flags.redness-beyond-treated-area', 'contact-provider', [m('signs.rednessBeyondTreatedArea', 'equal', true, beyond)]);
  if (widespread === true)
    fire('red-flags.widespread-swelling', 'contact-provider', [m('signs.swellingWidespread', 'equal', true, widespread)]);
  if (blisters === true) fire('red-flags.blisters', 'contact-provider', [m('signs.blisters', 'equal', true, blisters)]);
  if (heavy === true) fire('red-flags.heavy-bleeding', 'contact-provider', [m('signs.heavyBleeding', 'equal', true, heavy)]);

  const phase = (ruleId: string, from: number, to: number, toOperator: 'lessThan' | 'lessThanInclusive'): void => {
    fire(ruleId, 'expected', [
      m('hoursSinceTreatment', 'greaterThanInclusive', from, hours),
      m('hoursSinceTreatment', toOperator, to, hours),
    ]);
  };
  if (h >= 0 && h < 6) phase('timeline.phase.immediate', 0, 6, 'lessThan');
  if (h >= 6 && h < 48) phase('timeline.phase.early', 6, 48, 'lessThan');
  if (h >= 48 && h < 72) phase('timeline.phase.fading', 48, 72, 'lessThan');
  if (h >= 72 && h < 168) phase('timeline.phase.days-3-7', 72, 168, 'lessThan');
  if (h >= 168 && h <= 336) phase('timeline.phase.days-7-14', 168, 336, 'lessThanInclusive');
  if (h > 336) fire('timeline.phase.beyond-14-days', 'expected', [m('hoursSinceTreatment', 'greaterThan', 336, hours)]);
  if (h >= 6 && h < 72 && redness === 'severe')
    fire('timeline.redness.severe-after-first-hours', 'monitor', [
      m('hoursSinceTreatment', 'greaterThanInclusive', 6, hours),
      m('hoursSinceTreatment', 'lessThan', 72, hours),
      m('signs.redness', 'equal', 'severe', redness),
    ]);
  if (h >= 72 && h <= 336 && redness === 'moderate')
    fire('timeline.redness.moderate-after-day-3', 'monitor', [
      m('hoursSinceTreatment', 'greaterThanInclusive', 72, hours),
      m('hoursSinceTreatment', 'lessThanInclusive', 336, hours),
      m('signs.redness', 'equal', 'moderate', redness),
    ]);
  if (h >= 72 && redness === 'severe')
    fire('timeline.redness.severe-after-day-3', 'contact-provider', [
      m('hoursSinceTreatment', 'greaterThanInclusive', 72, hours),
      m('signs.redness', 'equal', 'severe', redness),
    ]);
  if (h > 336 && (redness === 'moderate' || redness === 'severe'))
    fire('timeline.redness.pronounced-past-14-days', 'contact-provider', [
      m('hoursSinceTreatment', 'greaterThan', 336, hours),
      m('signs.redness', 'in', MODERATE_SEVERE, redness),
    ]);
  if (h > 336 && redness === 'mild' && (depth === 'superficial' || depth === 'medium' || depth === null))
    fire('timeline.redness.persisting-past-14-days', 'contact-provider', [
      m('hoursSinceTreatment', 'greaterThan', 336, hours),
      m('signs.redness', 'equal', 'mild', redness),
      m('treatment.depth', 'in', SHALLOW_OR_UNKNOWN, depth),
    ]);
  if (h > 336 && h <= 672 && redness === 'mild' && depth === 'deep')
    fire('timeline.deep.pink-undertone-past-14-days', 'monitor', [
      m('hoursSinceTreatment', 'greaterThan', 336, hours),
      m('hoursSinceTreatment', 'lessThanInclusive', 672, hours),
      m('signs.redness', 'equal', 'mild', redness),
      m('treatment.depth', 'equal', 'deep', depth),
    ]);
  if (h > 672 && (redness === 'mild' || redness === 'moderate' || redness === 'severe'))
    fire('timeline.redness.persisting-past-4-weeks', 'contact-provider', [
      m('hoursSinceTreatment', 'greaterThan', 672, hours),
      m('signs.redness', 'in', MILD_MODERATE_SEVERE, redness),
    ]);
  if (depth === 'superficial' && (site === 'face' || site === 'neck' || site === null) && h > 168 && h <= 336 && redness === 'mild')
    fire('timeline.superficial.pinkness-past-7-days', 'monitor', [
      m('treatment.depth', 'equal', 'superficial', depth),
      m('treatment.site', 'in', FACE_NECK_OR_UNKNOWN, site),
      m('hoursSinceTreatment', 'greaterThan', 168, hours),
      m('hoursSinceTreatment', 'lessThanInclusive', 336, hours),
      m('signs.redness', 'equal', 'mild', redness),
    ]);
  if (depth === 'superficial' && site === 'body' && h > 192 && h <= 336 && redness === 'mild')
    fire('timeline.superficial.body-pinkness-past-8-days', 'monitor', [
      m('treatment.depth', 'equal', 'superficial', depth),
      m('treatment.site', 'equal', 'body', site),
      m('hoursSinceTreatment', 'greaterThan', 192, hours),
      m('hoursSinceTreatment', 'lessThanInclusive', 336, hours),
      m('signs.redness', 'equal', 'mild', redness),
    ]);
  if (prp && h >= 48 && h < 72 && (redness === 'moderate' || redness === 'severe'))
    fire('timeline.prp.redness-not-fading-by-48h', 'monitor', [
      m('treatment.adjuncts', 'contains', 'prp', adjuncts),
      m('hoursSinceTreatment', 'greaterThanInclusive', 48, hours),
      m('hoursSinceTreatment', 'lessThan', 72, hours),
      m('signs.redness', 'in', MODERATE_SEVERE, redness),
    ]);
  if (prp && h > 168 && h <= 336 && redness === 'mild')
    fire('timeline.prp.pinkness-past-7-days', 'monitor', [
      m('treatment.adjuncts', 'contains', 'prp', adjuncts),
      m('hoursSinceTreatment', 'greaterThan', 168, hours),
      m('hoursSinceTreatment', 'lessThanInclusive', 336, hours),
      m('signs.redness', 'equal', 'mild', redness),
    ]);
  if (gridding === true && h <= 36)
    fire('timeline.gridding.within-36h', 'expected', [
      m('signs.gridding', 'equal', true, gridding),
      m('hoursSinceTreatment', 'lessThanInclusive', 36, hours),
    ]);
  if (gridding === true && h > 36)
    fire('timeline.gridding.past-36h', 'monitor', [
      m('signs.gridding', 'equal', true, gridding),
      m('hoursSinceTreatment', 'greaterThan', 36, hours),
    ]);
  if (fitz >= 4 && h >= 72 && (redness === 'moderate' || redness === 'severe'))
    fire('timeline.darker-skin.prolonged-redness', 'contact-provider', [
      m('patient.fitzpatrick', 'greaterThanInclusive', 4, fitzpatrick),
      m('hoursSinceTreatment', 'greaterThanInclusive', 72, hours),
      m('signs.redness', 'in', MODERATE_SEVERE, redness),
    ]);
  if (swelling === 'severe' && h < 48)
    fire('timeline.swelling.severe-early', 'monitor', [
      m('signs.swelling', 'equal', 'severe', swelling),
      m('hoursSinceTreatment', 'lessThan', 48, hours),
    ]);
  if (swelling === 'severe' && h >= 48)
    fire('timeline.swelling.severe-after-48h', 'contact-provider', [
      m('signs.swelling', 'equal', 'severe', swelling),
      m('hoursSinceTreatment', 'greaterThanInclusive', 48, hours),
    ]);
  if ((swelling === 'mild' || swelling === 'moderate') && h > 72)
    fire('timeline.swelling.persisting-past-3-days', 'monitor', [
      m('signs.swelling', 'in', MILD_MODERATE, swelling),
      m('hoursSinceTreatment', 'greaterThan', 72, hours),
    ]);
  if (swellingTrend === 'worsening' && h >= 48)
    fire('timeline.swelling.increasing-after-48h', 'contact-provider', [
      m('signs.swellingTrend', 'equal', 'worsening', swellingTrend),
      m('hoursSinceTreatment', 'greaterThanInclusive', 48, hours),
    ]);
  if ((pinpoint === 'stopped' || pinpoint === 'ongoing') && h < 6)
    fire('timeline.bleeding.pinpoint-immediate', 'expected', [
      m('signs.pinpointBleeding', 'in', PINPOINT, pinpoint),
      m('hoursSinceTreatment', 'lessThan', 6, hours),
    ]);
  if (pinpoint === 'ongoing' && h >= 6)
    fire('timeline.bleeding.pinpoint-ongoing-after-6h', 'contact-provider', [
      m('signs.pinpointBleeding', 'equal', 'ongoing', pinpoint),
      m('hoursSinceTreatment', 'greaterThanInclusive', 6, hours),
    ]);
  if (bruising === true && h <= 168)
    fire('timeline.bruising.first-week', 'expected', [
      m('signs.bruising', 'equal', true, bruising),
      m('hoursSinceTreatment', 'lessThanInclusive', 168, hours),
    ]);
  if (bruising === true && h > 168)
    fire('timeline.bruising.past-first-week', 'monitor', [
      m('signs.bruising', 'equal', true, bruising),
      m('hoursSinceTreatment', 'greaterThan', 168, hours),
    ]);
  if (Array.isArray(disagreements)) {
    const matched: HandMatched[] = [];
    for (const trend of TRENDS)
      if (disagreements.includes(trend)) matched.push(m('signs.trendDisagreements', 'contains', trend, disagreements));
    if (matched.length > 0) fire('timeline.trend.stated-and-recorded-disagree', 'expected', matched);
  }
  return { level, reasons };
}
