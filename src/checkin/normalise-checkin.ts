import { ObservationError, type InputIssue } from '../input/observation-error.js';
import { ACTIVES_EARLY_FACT, checkInFacts, HOURS_FACT } from '../facts/checkin-facts.js';
import { readFacts, type FreshFacts } from '../facts/fact-values.js';
import { applyBand, derivationConflicts } from '../facts/band-derivation.js';
import { applyGates, type GatedQuestion } from '../facts/question-gates.js';
import { reportConflicts, type ReportedSign } from '../facts/reported-signs.js';
import { derivedFact, REFUSED, type DerivedFactModel } from '../facts/fact-routes.js';
import { leavesOf } from '../rules/condition-tree.js';
import type { BandDerivation, TopLevelCondition } from '../rules/rule-set-schema.js';
import { activesEarlyModel, activesResumedEarly, type ResumeTime } from './actives-resumed-early.js';
import { checkInSchema, MAX_HOURS, type CheckIn } from './checkin-schema.js';
import { latestRecords, minimumHours, TRACKED_SIGNS, type LatestRecords } from './earlier-checkins.js';
import { parseInput } from '../input/parse-input.js';
import { timeSinceTreatment, type TimeSinceTreatment } from './time-since-treatment.js';
import { trendFacts, trendPossible } from './trends.js';

/** A validated check-in and the facts derived from it. */
export interface NormalisedCheckIn {
  readonly checkIn: CheckIn;
  readonly facts: FreshFacts;
}

/** What a check-in needs of the rules: the bands, the resumption times, and every time the rules compare the hours with. */
export interface CheckInKnowledge {
  readonly derivations: readonly BandDerivation[];
  readonly resume: readonly ResumeTime[];
  readonly rules: readonly { readonly conditions: TopLevelCondition }[];
  readonly adviceLines?: ReadonlyMap<string, { readonly when?: TopLevelCondition | undefined }>;
  /** Questions asked only while another answer leaves them open. */
  readonly gates?: readonly GatedQuestion[];
  /** The signs the answer of what brought the person reports present. */
  readonly reported?: readonly ReportedSign[];
}

/**
 * Validates a check-in and turns it into facts: every fact of the catalog is present, `null`
 * when unknown; hours and trends are derived where the input allows, with the routes by which
 * unanswered questions could still change the derived facts.
 *
 * @throws {ObservationError} for any input that does not match the contract.
 */
export function normaliseCheckIn(input: unknown, now: Date, knowledge: CheckInKnowledge): NormalisedCheckIn {
  const { checkIn, time, latest } = checkCheckIn(input, now, knowledge);

  // Hours, trends, depth and early actives are (re)derived below; everything else is read as given.
  const values = readFacts(checkIn, checkInFacts.facts);
  const derivationNotes: Record<string, string> = {};
  const routes: Record<string, DerivedFactModel> = {};

  values[HOURS_FACT] = time.hours;
  if (checkIn.hoursSinceTreatment === undefined && time.hours !== null) {
    derivationNotes[HOURS_FACT] = `from treatedAt ${checkIn.treatedAt ?? ''} to ${checkIn.assessedAt ?? 'now'}`;
  }
  // Unknown hours that the earlier check-ins bound from below: only the answers they allow are open.
  const least = minimumHours(checkIn, time);
  const thresholds = hourThresholds(knowledge);
  // Only a bound above a time the rules use rules out answers the rules tell apart.
  if (thresholds.some((threshold) => threshold < least)) routes[HOURS_FACT] = hoursModel(least, thresholds);
  const trends = trendFacts(checkIn.signs ?? {}, latest);
  Object.assign(values, trends.values);
  Object.assign(derivationNotes, trends.notes);
  Object.assign(routes, trends.models);
  for (const derivation of knowledge.derivations) {
    const note = applyBand(values, derivation);
    if (note !== undefined) derivationNotes[derivation.fact] = note;
  }
  Object.assign(derivationNotes, applyGates(values, knowledge.gates ?? []));
  const exposures = checkIn.exposures;
  const cleared = exposures?.activesClearedByProvider;
  const early = activesResumedEarly(exposures?.activesResumed, time.hours, knowledge.resume, cleared === true);
  values[ACTIVES_EARLY_FACT] = early?.actives ?? null;
  if (early !== undefined && (early.actives.length > 0 || cleared === true)) derivationNotes[ACTIVES_EARLY_FACT] = early.explanation;
  routes[ACTIVES_EARLY_FACT] = activesEarlyModel(exposures?.activesResumed, time.hours, knowledge.resume, cleared, least);
  return { checkIn, facts: { values, derivations: derivationNotes, routes } };
}

/** A check-in that passed every check: the schema and the checks across fields. */
export interface CheckedCheckIn {
  readonly checkIn: CheckIn;
  readonly time: TimeSinceTreatment;
  /** Each sign's latest earlier record, from `previous` placed in time. */
  readonly latest: LatestRecords;
}

/**
 * Validates a check-in: the schema (with its friendly issues), then the checks across fields
 * (the times, the earlier check-ins, answers that contradict each other, including against the
 * rules' bands and times). `now` stands for `assessedAt` when it is not given. The one door both
 * `assess` and `parseCheckIn` go through.
 *
 * @throws {ObservationError} for any input that does not match the contract.
 */
export function checkCheckIn(input: unknown, now: Date, knowledge: CheckInKnowledge): CheckedCheckIn {
  const checkIn = parseInput(checkInSchema, input);
  const time = timeSinceTreatment(checkIn, now);
  const { latest, issues: earlierIssues } = latestRecords(checkIn, time);
  const issues = [...time.issues, ...earlierIssues, ...answerIssues(checkIn, time, knowledge)];
  if (issues.length > 0) throw new ObservationError(issues);
  return { checkIn, time, latest };
}

/**
 * Answers that contradict each other, never resolved by guessing which one is meant: a product
 * kind without a new product, a sign that is absent and getting worse, a sign that brought the
 * person and is absent, a depth class that its needle length does not give, and hours and
 * timestamps on either side of a time the rules use.
 */
function answerIssues(checkIn: CheckIn, time: TimeSinceTreatment, knowledge: CheckInKnowledge): InputIssue[] {
  const issues: InputIssue[] = [];
  const exposures = checkIn.exposures;
  if (exposures?.newProductKind !== undefined && exposures.newProductApplied !== true)
    issues.push({
      path: 'exposures.newProductKind',
      code: 'inconsistent_answer',
      message: `'exposures.newProductKind' is given, so 'exposures.newProductApplied' must be true (it is ${exposures.newProductApplied === undefined ? 'unanswered' : 'false'})`,
    });
  for (const sign of TRACKED_SIGNS) {
    const stated = checkIn.signs?.[`${sign}Trend`];
    if (trendPossible(checkIn.signs?.[sign], stated)) continue;
    issues.push(
      ...[`signs.${sign}Trend`, `signs.${sign}`].map((path) => ({
        path,
        code: 'inconsistent_answer' as const,
        message: `'signs.${sign}' is 'none' but 'signs.${sign}Trend' is 'worsening': a sign that is absent cannot be getting worse`,
      })),
    );
  }
  issues.push(...reportConflicts(checkIn, knowledge.reported ?? []));
  issues.push(...derivationConflicts(checkIn, knowledge.derivations));
  issues.push(...timeConflicts(time, checkIn, knowledge));
  return issues;
}

/**
 * `hoursSinceTreatment` and the timestamps may differ by a little (rounding), but not across a
 * time the rules compare the hours with: the two readings would give different results.
 */
function timeConflicts(time: TimeSinceTreatment, checkIn: CheckIn, knowledge: CheckInKnowledge): InputIssue[] {
  const given = checkIn.hoursSinceTreatment;
  const stamped = time.fromTimestamps;
  if (given === undefined || stamped === null || given === stamped || time.issues.length > 0) return [];
  const low = Math.min(given, stamped);
  const high = Math.max(given, stamped);
  const crossed = hourThresholds(knowledge).find((threshold) => threshold >= low && threshold <= high);
  if (crossed === undefined) return [];
  const message = `'hoursSinceTreatment' (${String(given)}) and treatedAt/assessedAt (${stamped.toFixed(2)} h) lie on either side of ${String(crossed)} h, a time the rules use: give one of them, or make them agree`;
  return [
    { path: 'hoursSinceTreatment', code: 'inconsistent_answer', message },
    { path: 'treatedAt', code: 'inconsistent_answer', message },
  ];
}

/** The hours since treatment as an open question whose answers must be at least `least`: tried at and around every time the rules use. */
function hoursModel(least: number, thresholds: readonly number[]): DerivedFactModel {
  const around = thresholds.flatMap((threshold) => [threshold - 1e-6, threshold, threshold + 1e-6]);
  const domain = [...new Set([least, ...around, MAX_HOURS])].filter((hours) => hours >= least && hours <= MAX_HOURS);
  return derivedFact([{ question: HOURS_FACT, given: undefined, domain }], ([hours]) =>
    hours === undefined ? null : (hours as number) < least ? REFUSED : (hours as number),
  );
}

const thresholdCache = new WeakMap<CheckInKnowledge, readonly number[]>();

/** Every number the rules compare the hours since treatment with, in conditions, advice, bands and resumption times. */
export function hourThresholds(knowledge: CheckInKnowledge): readonly number[] {
  let thresholds = thresholdCache.get(knowledge);
  if (thresholds === undefined) {
    const conditions = [
      ...knowledge.rules.map((rule) => rule.conditions),
      ...[...(knowledge.adviceLines?.values() ?? [])].flatMap((line) => (line.when === undefined ? [] : [line.when])),
    ];
    const numbers = [
      ...conditions.flatMap((condition) =>
        leavesOf(condition).flatMap(({ leaf }) => (leaf.fact === HOURS_FACT && typeof leaf.value === 'number' ? [leaf.value] : [])),
      ),
      ...knowledge.derivations.flatMap((band) =>
        band.from === HOURS_FACT ? band.bands.flatMap(({ upTo }) => (upTo === undefined ? [] : [upTo])) : [],
      ),
      ...knowledge.resume.map((item) => item.earliestHours),
    ];
    thresholds = [...new Set(numbers)].sort((a, b) => a - b);
    thresholdCache.set(knowledge, thresholds);
  }
  return thresholds;
}
