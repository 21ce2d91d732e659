import type { InputIssueCode } from './input-issue-code.js';
import { MAX_MESSAGE, shortText } from './short-text.js';

/** One problem found in an input, located by its path. */
export interface InputIssue {
  /**
   * Where the problem is: keys and array indices joined by `.` (`signs.redness`,
   * `previous.2.hoursSinceTreatment`; `''` for the whole input), the notation rule-set
   * diagnostics use too. For a QuestionnaireResponse, the `linkId` of the item (which is the
   * field's path).
   */
  readonly path: string;
  /** Machine-readable problem kind (a closed list: {@link InputIssueCode}). */
  readonly code: InputIssueCode;
  /** A readable sentence naming the field and the problem. */
  readonly message: string;
}

/** Most issues an error lists; the rest are counted in one last issue (`too_many_issues`). */
export const MAX_ISSUES = 100;

/**
 * Thrown (as a rejected promise) for any input that does not match the contract: wrong types,
 * unknown keys, out-of-range values, invalid or inconsistent dates, values that are not plain
 * JSON. Nothing else is thrown for bad input. Paths and messages are kept short (a very long
 * key or value is echoed by its start and its length), and at most {@link MAX_ISSUES} issues are
 * listed: beyond them one `too_many_issues` issue says how many more there were.
 */
export class ObservationError extends Error {
  /** Every problem found, each with the path of the field. */
  readonly issues: readonly InputIssue[];

  /**
   * @param issues - the problems found.
   * @param omitted - problems found but not in `issues` (counted in the `too_many_issues` issue;
   *   `Infinity` when the search stopped before counting them).
   */
  constructor(issues: readonly InputIssue[], omitted = 0) {
    const short: InputIssue[] = issues.slice(0, MAX_ISSUES).map((issue) => ({
      path: shortText(issue.path, MAX_MESSAGE / 2),
      code: issue.code,
      message: shortText(issue.message),
    }));
    const more = omitted + Math.max(0, issues.length - MAX_ISSUES);
    if (more > 0)
      short.push({
        path: '',
        code: 'too_many_issues',
        message:
          more === Number.POSITIVE_INFINITY
            ? `and more problems, not listed (at most ${String(MAX_ISSUES)} are)`
            : `and ${String(more)} more problem${more === 1 ? '' : 's'}, not listed (at most ${String(MAX_ISSUES)} are)`,
      });
    super(summarise(short));
    this.name = 'ObservationError';
    this.issues = short;
  }
}

/** True when `value` is an {@link ObservationError} (also across bundle copies: ESM and CommonJS). */
export function isObservationError(value: unknown): value is ObservationError {
  return isInstance(value, ObservationError) || hasName(value, 'ObservationError', 'issues');
}

/** `value instanceof type`, false where asking throws (a revoked Proxy). */
export function isInstance(value: unknown, type: abstract new (...args: never[]) => unknown): boolean {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}

/**
 * True when `value` is an error of the given name with the given array property: how an error
 * from another copy of the package (the CommonJS build next to the ESM one) is recognised, where
 * `instanceof` fails. Never throws.
 */
export function hasName(value: unknown, name: string, list: string): boolean {
  try {
    return value instanceof Error && value.name === name && Array.isArray((value as unknown as Record<string, unknown>)[list]);
  } catch {
    return false;
  }
}

function summarise(issues: readonly InputIssue[]): string {
  const first = issues[0];
  if (!first) return 'Invalid input';
  const more = issues.length > 1 ? ` (and ${String(issues.length - 1)} more)` : '';
  return `Invalid input: ${first.message}${more}`;
}
