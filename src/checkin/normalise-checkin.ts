import { ObservationError, type InputIssue } from '../input/observation-error.js';
import { ACTIVES_EARLY_FACT, checkInFacts, HOURS_FACT, TREND_DISAGREEMENTS_FACT } from '../facts/checkin-facts.js';
import { readFacts, type FreshFacts } from '../facts/fact-values.js';
import { applyBand } from '../facts/band-derivation.js';
import type { BandDerivation } from '../rules/rule-set-schema.js';
import { activesResumedEarly, type ResumeTime } from './actives-resumed-early.js';
import { checkInSchema, type CheckIn } from './checkin-schema.js';
import { parseInput } from '../input/parse-input.js';
import { timeSinceTreatment, type TimeSinceTreatment } from './time-since-treatment.js';
import { deriveTrends, type DerivedTrend } from './trends.js';

/** A validated check-in and the facts derived from it. */
export interface NormalisedCheckIn {
  readonly checkIn: CheckIn;
  readonly facts: FreshFacts;
}

/**
 * Validates a check-in and turns it into facts: every fact of the catalog is present, `null`
 * when unknown; hours and trends are derived where the input allows.
 *
 * @throws {ObservationError} for any input that does not match the contract.
 */
export function normaliseCheckIn(
  input: unknown,
  now: Date,
  knowledge: { readonly derivations: readonly BandDerivation[]; readonly resume: readonly ResumeTime[] },
): NormalisedCheckIn {
  const { checkIn, time, trends } = checkCheckIn(input, now);

  // Hours, trends, depth and early actives are (re)derived below; everything else is read as given.
  const values = readFacts(checkIn, checkInFacts.facts);
  const derivationNotes: Record<string, string> = {};

  values[HOURS_FACT] = time.hours;
  if (checkIn.hoursSinceTreatment === undefined && time.hours !== null) {
    derivationNotes[HOURS_FACT] = `from treatedAt ${checkIn.treatedAt ?? ''} to ${checkIn.assessedAt ?? 'now'}`;
  }
  for (const trend of trends) {
    values[`signs.${trend.sign}Trend`] = trend.trend;
    derivationNotes[`signs.${trend.sign}Trend`] = trend.explanation;
  }
  const disagreements = trends
    .filter((trend) => trend.disagrees)
    .map((trend) => trend.sign)
    .sort();
  values[TREND_DISAGREEMENTS_FACT] = disagreements;
  if (disagreements.length > 0)
    derivationNotes[TREND_DISAGREEMENTS_FACT] = `stated and recorded trends differ for ${disagreements.join(', ')}`;
  for (const derivation of knowledge.derivations) {
    const note = applyBand(values, derivation);
    if (note !== undefined) derivationNotes[derivation.fact] = note;
  }
  const exposures = checkIn.exposures;
  const early = activesResumedEarly(exposures?.activesResumed, time.hours, knowledge.resume, exposures?.activesClearedByProvider === true);
  values[ACTIVES_EARLY_FACT] = early?.actives ?? null;
  if (early !== undefined && (early.actives.length > 0 || exposures?.activesClearedByProvider === true))
    derivationNotes[ACTIVES_EARLY_FACT] = early.explanation;
  return { checkIn, facts: { values, derivations: derivationNotes } };
}

/** A check-in that passed every check: the schema and the cross-field checks. */
export interface CheckedCheckIn {
  readonly checkIn: CheckIn;
  readonly time: TimeSinceTreatment;
  readonly trends: readonly DerivedTrend[];
}

/**
 * Validates a check-in: the schema (with its friendly issues), then the checks across fields
 * (the times, the earlier check-ins, answers that contradict each other). `now` stands for
 * `assessedAt` when it is not given. The one door both `assess` and `parseCheckIn` go through.
 *
 * @throws {ObservationError} for any input that does not match the contract.
 */
export function checkCheckIn(input: unknown, now: Date): CheckedCheckIn {
  const checkIn = parseInput(checkInSchema, input);
  const time = timeSinceTreatment(checkIn, now);
  const { trends, issues: trendIssues } = deriveTrends(checkIn, time);
  const issues = [...time.issues, ...trendIssues, ...answerIssues(checkIn)];
  if (issues.length > 0) throw new ObservationError(issues);
  return { checkIn, time, trends };
}

/** Answers that contradict each other (never resolved by guessing which one is meant). */
function answerIssues(checkIn: CheckIn): InputIssue[] {
  const exposures = checkIn.exposures;
  if (exposures?.newProductKind === undefined || exposures.newProductApplied === true) return [];
  return [
    {
      path: 'exposures.newProductKind',
      code: 'inconsistent_answer',
      message: `'exposures.newProductKind' is given, so 'exposures.newProductApplied' must be true (it is ${exposures.newProductApplied === undefined ? 'unanswered' : 'false'})`,
    },
  ];
}
