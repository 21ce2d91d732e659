/** One problem found in an input, located by its path. */
export interface InputIssue {
  /** Dotted path of the offending field, e.g. `signs.redness` or `previous.2.hoursSinceTreatment`. */
  readonly path: string;
  /** Machine-readable problem kind, e.g. `invalid_type`, `unknown_key`, `too_big`. */
  readonly code: string;
  /** A readable sentence naming the field and the problem. */
  readonly message: string;
}

/**
 * Thrown (as a rejected promise) for any input that does not match the contract: wrong types,
 * unknown keys, out-of-range values, invalid or inconsistent dates. Nothing else is thrown for
 * bad input.
 */
export class ObservationError extends Error {
  /** Every problem found, each with the path of the field. */
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    super(summarise(issues));
    this.name = 'ObservationError';
    this.issues = issues;
  }
}

/** True when `value` is an {@link ObservationError} (also across bundle copies). */
export function isObservationError(value: unknown): value is ObservationError {
  return value instanceof ObservationError || (value instanceof Error && value.name === 'ObservationError');
}

function summarise(issues: readonly InputIssue[]): string {
  const first = issues[0];
  if (!first) return 'Invalid input';
  const more = issues.length > 1 ? ` (and ${String(issues.length - 1)} more)` : '';
  return `Invalid input: ${first.message}${more}`;
}
