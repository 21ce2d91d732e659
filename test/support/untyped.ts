import type { Assessment } from '../../src/assessment/assessment-types.js';
import { orThrow } from '../../src/input/safe-result.js';
import type { Screening } from '../../src/screening/screening-types.js';
import type { EvaluationOptions, Triage } from '../../src/index.js';

/**
 * A value passed past the input types on purpose: hostile values, wrong types, misspelt keys,
 * the things the run-time checks exist for. The one explicit cast the tests use (greppable).
 */
export function untyped(value: unknown): never {
  return value as never;
}

/** `assess` for JSON of unknown shape (golden files, generated inputs): `safeAssess`, its ObservationError thrown again. */
export async function assessJson(triage: Triage, input: unknown, options?: EvaluationOptions): Promise<Assessment> {
  return orThrow(await triage.safeAssess(input, options));
}

/** `screen` for JSON of unknown shape, like {@link assessJson}. */
export async function screenJson(triage: Triage, input: unknown, options?: EvaluationOptions): Promise<Screening> {
  return orThrow(await triage.safeScreen(input, options));
}
