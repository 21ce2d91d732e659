import { checkAftercare } from './aftercare/aftercare-guide.js';
import type { AftercareInput } from './aftercare/aftercare-schema.js';
import type { CheckIn } from './checkin/checkin-schema.js';
import { checkCheckIn } from './checkin/normalise-checkin.js';
import { safely, type SafeResult } from './input/safe-result.js';
import { checkScreening } from './screening/normalise-screening.js';
import { readParseOptions, type ParseOptions } from './read-parse-options.js';
import type { ScreeningInput } from './screening/screening-schema.js';
import { loadRuleSet, type LoadedRuleSet } from './rules/load-rule-set.js';
import { builtinRuleSet } from './rules/builtin-rules.js';

let builtin: LoadedRuleSet | undefined;

/** The built-in rules, loaded on the first parse: some answers contradict each other only by the rules' bands and times. */
function builtinRules(): LoadedRuleSet {
  builtin ??= loadRuleSet(builtinRuleSet);
  return builtin;
}

/*
 * The explicit step from JSON of unknown shape to a typed input: the same checks as `assess`,
 * `screen` and `aftercare` (the schema with its friendly issues, then the checks across fields),
 * so `triage.assess(parseCheckIn(json))` cannot fail on the input. Checks that read the rules
 * (a depth class against the needle length's band, hours and timestamps across a time the rules
 * use) read the built-in rules; a triage with other rules applies its own when it assesses.
 */

/**
 * Validates JSON of unknown shape as a check-in, with every check `assess` makes: the schema,
 * the times (`treatedAt` after `assessedAt`, inconsistent hours), the earlier check-ins, answers
 * that contradict each other. With no `assessedAt`, "now" is `options.now` (the system clock by
 * default; pass the triage's clock to check as it does).
 *
 * @returns the check-in, typed, to pass to `assess`, `assessSync` or `interview`.
 * @throws {ObservationError} with the same issues `assess` rejects with.
 * @throws {RuleSetError} (`invalid-option`, `unknown-option`) for options that are not {@link ParseOptions}.
 */
export function parseCheckIn(json: unknown, options?: ParseOptions): CheckIn {
  return checkCheckIn(json, readParseOptions(options), builtinRules().assessment).checkIn;
}

/**
 * Validates JSON of unknown shape as a screening input, with every check `screen` makes.
 *
 * @returns the screening input, typed, to pass to `screen`, `screenSync` or `screeningInterview`.
 * @throws {ObservationError} with the same issues `screen` rejects with.
 */
export function parseScreening(json: unknown): ScreeningInput {
  return checkScreening(json, builtinRules().screening);
}

/**
 * Validates JSON of unknown shape as an aftercare request, with every check `aftercare` makes
 * (the time since treatment must be given, as hours or timestamps). With no `assessedAt`, "now"
 * is `options.now` (the system clock by default).
 *
 * @returns the request, typed, to pass to `aftercare`.
 * @throws {ObservationError} with the same issues `aftercare` throws.
 * @throws {RuleSetError} (`invalid-option`, `unknown-option`) for options that are not {@link ParseOptions}.
 */
export function parseAftercare(json: unknown, options?: ParseOptions): AftercareInput {
  return checkAftercare(json, readParseOptions(options)).input;
}

/** {@link parseCheckIn} without throwing: `{ success: true, data }` or `{ success: false, error }` (an ObservationError). */
export function safeParseCheckIn(json: unknown, options?: ParseOptions): SafeResult<CheckIn> {
  const now = readParseOptions(options);
  return safely(() => checkCheckIn(json, now, builtinRules().assessment).checkIn);
}

/** {@link parseScreening} without throwing: `{ success: true, data }` or `{ success: false, error }` (an ObservationError). */
export function safeParseScreening(json: unknown): SafeResult<ScreeningInput> {
  return safely(() => parseScreening(json));
}

/** {@link parseAftercare} without throwing: `{ success: true, data }` or `{ success: false, error }` (an ObservationError). */
export function safeParseAftercare(json: unknown, options?: ParseOptions): SafeResult<AftercareInput> {
  const now = readParseOptions(options);
  return safely(() => checkAftercare(json, now).input);
}
