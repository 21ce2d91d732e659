import type { core } from 'zod/mini';
import { MAX_ISSUES, type InputIssue } from './observation-error.js';
import { closestName } from './closest-name.js';
import { fieldPath } from './field-path.js';
import { shortName } from './short-text.js';

type ZodIssue = core.$ZodIssue;
type PathSegment = PropertyKey;

/** Joins a zod path into the dotted form used in {@link InputIssue.path}. */
export function joinPath(path: readonly PathSegment[]): string {
  return fieldPath(path);
}

/** Unknown keys given a "did you mean" at most, per input: the work per input stays bounded. */
export const MAX_SUGGESTIONS = 20;

/**
 * Turns zod issues into readable issues that name the field. Unknown keys become one issue per
 * key, with the nearest known key suggested when one is close (a typo must not go unnoticed).
 * At most `limit` issues are formatted; the others are only counted (`omitted`), so that an input
 * with thousands of unknown keys costs no more than one with a hundred.
 */
export function formatIssues(
  issues: readonly ZodIssue[],
  input: unknown,
  knownKeysAt: (path: string) => readonly string[],
  limit = MAX_ISSUES,
  suggestions: { left: number } = { left: MAX_SUGGESTIONS },
): InputIssue[] & { omitted?: number } {
  const context: FormatContext = { input, knownKeysAt, keys: new Map(), suggestions };
  const formatted: InputIssue[] & { omitted?: number } = [];
  let omitted = 0;
  for (const issue of issues) {
    const room = limit - formatted.length;
    const count = issue.code === 'unrecognized_keys' ? issue.keys.length : 1;
    if (room <= 0) {
      omitted += count;
      continue;
    }
    formatted.push(...formatIssue(issue, context, room));
    omitted += Math.max(0, count - room);
  }
  if (omitted > 0) formatted.omitted = omitted;
  return formatted;
}

interface FormatContext {
  readonly input: unknown;
  readonly knownKeysAt: (path: string) => readonly string[];
  /** Known keys by path, looked up once per path. */
  readonly keys: Map<string, readonly string[]>;
  /** Suggestions left (shared when the caller formats issues in several calls). */
  readonly suggestions: { left: number };
}

function formatIssue(issue: ZodIssue, context: FormatContext, room: number): InputIssue[] {
  const { input } = context;
  const path = joinPath(issue.path);
  const field = path === '' ? 'the input' : `'${path}'`;
  switch (issue.code) {
    case 'unrecognized_keys': {
      let known = context.keys.get(path);
      if (known === undefined) {
        known = context.knownKeysAt(path);
        context.keys.set(path, known);
      }
      return issue.keys.slice(0, room).map((key) => {
        const keyPath = fieldPath([...issue.path, key]);
        const suggestion = context.suggestions.left > 0 ? closestName(key, known) : undefined;
        context.suggestions.left -= 1;
        const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
        return { path: keyPath, code: 'unknown_key', message: `'${keyPath}' is not a known field${hint}` };
      });
    }
    case 'invalid_type': {
      const received = describeValue(valueAt(input, issue.path));
      return [{ path, code: 'invalid_type', message: `${field} must be ${article(issue.expected)}, received ${received}` }];
    }
    case 'invalid_value': {
      const allowed = issue.values.map((value) => JSON.stringify(value)).join(', ');
      const received = describeValue(valueAt(input, issue.path));
      return [{ path, code: 'invalid_value', message: `${field} must be one of ${allowed}, received ${received}` }];
    }
    case 'too_small':
    case 'too_big':
      return [{ path, code: issue.code, message: `${field} ${boundMessage(issue)}` }];
    case 'invalid_format':
      return [{ path, code: 'invalid_format', message: `${field} ${formatMessage(issue.format)}` }];
    default:
      // A refinement (e.g. a value listed twice), a union no branch of which matched, and the like.
      return [{ path, code: 'invalid_value', message: `${field} ${shortName(issue.message, 200)}` }];
  }
}

function boundMessage(issue: core.$ZodIssueTooSmall | core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  if (issue.origin === 'array' || issue.origin === 'string' || issue.origin === 'set') {
    const unit = issue.origin === 'string' ? 'characters' : 'items';
    return small ? `must have at least ${String(bound)} ${unit}` : `must have at most ${String(bound)} ${unit}`;
  }
  const relation = small ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than';
  return `must be ${relation} ${String(bound)}`;
}

function formatMessage(format: string): string {
  if (format === 'datetime') {
    return 'must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T09:30:00Z or 2026-03-01T09:30:00+01:00';
  }
  return `is not a valid ${format}`;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** Reads the value at a zod path, without invoking getters on prototypes. */
export function valueAt(input: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = typeof segment === 'symbol' ? segment : String(segment);
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A short description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `the number ${String(value)}`;
  if (typeof value === 'string') return value.length > 40 ? `a string of ${String(value.length)} characters` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'boolean') return String(value);
  return typeof value;
}
