import type { FactValue } from '../../src/facts/fact-values.js';

type Facts = Readonly<Record<string, FactValue>>;
const LEVELS = ['expected', 'monitor', 'contact-provider', 'urgent'] as const;

/**
 * The red-flag and timeline rules written by hand as plain comparisons: the floor for what the
 * comparisons cost with no engine at all. It mirrors rules/red-flags.json and rules/timeline.json
 * (fired rule ids and the highest level) and is checked against the compiled rules in the bench.
 */
export function handWrittenRedFlagsAndTimeline(f: Facts): { level: number; fired: string[] } {
  const fired: string[] = [];
  let level = 0;
  const fire = (id: string, grade: (typeof LEVELS)[number]): void => {
    fired.push(id);
    level = Math.max(level, LEVELS.indexOf(grade));
  };
  const h = typeof f['hoursSinceTreatment'] === 'number' ? f['hoursSinceTreatment'] : Number.NaN;
  const s = (name: string): FactValue => f[`signs.${name}`] ?? null;
  const redness = s('redness');
  const depth = f['treatment.depth'] ?? null;
  const site = f['treatment.site'] ?? null;
  const adjuncts = f['treatment.adjuncts'];
  const prp = Array.isArray(adjuncts) && adjuncts.includes('prp');
  const fitz = f['patient.fitzpatrick'];
  if (typeof f['openRedFlagQuestions'] === 'number' && f['openRedFlagQuestions'] > 0) fire('red-flags.unanswered', 'monitor');
  if (s('rapidlySpreading') === true) fire('red-flags.rapidly-spreading-redness', 'urgent');
  if (s('redStreaks') === true) fire('red-flags.red-streaks', 'urgent');
  const systemic = s('malaise') === true || s('swollenLymphNodes') === true;
  const local =
    s('discharge') === 'purulent' ||
    s('discharge') === 'foul-smelling' ||
    (s('warmth') === 'intense' && (Number.isNaN(h) || h >= 48)) ||
    s('warmth') === 'spreading' ||
    s('rednessBeyondTreatedArea') === true ||
    (s('rednessTrend') === 'worsening' && h >= 48);
  if (systemic && local) fire('red-flags.systemic-infection', 'urgent');
  if (s('rednessBeyondTreatedArea') === true) fire('red-flags.redness-beyond-treated-area', 'contact-provider');
  if (s('swellingWidespread') === true) fire('red-flags.widespread-swelling', 'contact-provider');
  if (s('blisters') === true) fire('red-flags.blisters', 'contact-provider');
  if (s('heavyBleeding') === true) fire('red-flags.heavy-bleeding', 'contact-provider');
  if (h >= 0 && h < 6) fire('timeline.phase.immediate', 'expected');
  if (h >= 6 && h < 48) fire('timeline.phase.early', 'expected');
  if (h >= 48 && h < 72) fire('timeline.phase.fading', 'expected');
  if (h >= 72 && h < 168) fire('timeline.phase.days-3-7', 'expected');
  if (h >= 168 && h <= 336) fire('timeline.phase.days-7-14', 'expected');
  if (h > 336) fire('timeline.phase.beyond-14-days', 'expected');
  if (h >= 6 && h < 72 && redness === 'severe') fire('timeline.redness.severe-after-first-hours', 'monitor');
  if (h >= 72 && h <= 336 && redness === 'moderate') fire('timeline.redness.moderate-after-day-3', 'monitor');
  if (h >= 72 && redness === 'severe') fire('timeline.redness.severe-after-day-3', 'contact-provider');
  if (h > 336 && (redness === 'moderate' || redness === 'severe')) fire('timeline.redness.pronounced-past-14-days', 'contact-provider');
  if (h > 336 && redness === 'mild' && (depth === 'superficial' || depth === 'medium' || depth === null))
    fire('timeline.redness.persisting-past-14-days', 'contact-provider');
  if (h > 336 && h <= 672 && redness === 'mild' && depth === 'deep') fire('timeline.deep.pink-undertone-past-14-days', 'monitor');
  if (h > 672 && (redness === 'mild' || redness === 'moderate' || redness === 'severe'))
    fire('timeline.redness.persisting-past-4-weeks', 'contact-provider');
  if (depth === 'superficial' && (site === 'face' || site === 'neck' || site === null) && h > 168 && h <= 336 && redness === 'mild')
    fire('timeline.superficial.pinkness-past-7-days', 'monitor');
  if (depth === 'superficial' && site === 'body' && h > 192 && h <= 336 && redness === 'mild')
    fire('timeline.superficial.body-pinkness-past-8-days', 'monitor');
  if (prp && h >= 48 && h < 72 && (redness === 'moderate' || redness === 'severe'))
    fire('timeline.prp.redness-not-fading-by-48h', 'monitor');
  if (prp && h > 168 && h <= 336 && redness === 'mild') fire('timeline.prp.pinkness-past-7-days', 'monitor');
  if (s('gridding') === true && h <= 36) fire('timeline.gridding.within-36h', 'expected');
  if (s('gridding') === true && h > 36) fire('timeline.gridding.past-36h', 'monitor');
  if (typeof fitz === 'number' && fitz >= 4 && h >= 72 && (redness === 'moderate' || redness === 'severe'))
    fire('timeline.darker-skin.prolonged-redness', 'contact-provider');
  if (s('swelling') === 'severe' && h < 48) fire('timeline.swelling.severe-early', 'monitor');
  if (s('swelling') === 'severe' && h >= 48) fire('timeline.swelling.severe-after-48h', 'contact-provider');
  if ((s('swelling') === 'mild' || s('swelling') === 'moderate') && h > 72) fire('timeline.swelling.persisting-past-3-days', 'monitor');
  if (s('swellingTrend') === 'worsening' && h >= 48) fire('timeline.swelling.increasing-after-48h', 'contact-provider');
  if ((s('pinpointBleeding') === 'stopped' || s('pinpointBleeding') === 'ongoing') && h < 6)
    fire('timeline.bleeding.pinpoint-immediate', 'expected');
  if (s('pinpointBleeding') === 'ongoing' && h >= 6) fire('timeline.bleeding.pinpoint-ongoing-after-6h', 'contact-provider');
  if (s('bruising') === true && h <= 168) fire('timeline.bruising.first-week', 'expected');
  if (s('bruising') === true && h > 168) fire('timeline.bruising.past-first-week', 'monitor');
  return { level, fired };
}
