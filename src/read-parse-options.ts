import { readShallow } from './input/json-guard.js';
import { shortName } from './input/short-text.js';
import { RuleSetError } from './rules/diagnostics.js';
import { readClock } from './read-triage-options.js';

/** Options of `parseCheckIn` and `parseAftercare` (and their safe forms). */
export interface ParseOptions {
  /**
   * The clock that stands for `assessedAt` when the input gives none (the time checks, such as
   * `treatedAt` in the future, use it). Defaults to the system clock; pass the triage's clock to
   * check exactly as its `assess` does.
   */
  readonly now?: () => Date;
}

/**
 * The time "now" of a parse, from options given by anyone (JavaScript callers too).
 *
 * @throws {RuleSetError} (`unknown-option`, `invalid-option`) for anything but {@link ParseOptions},
 *   or a clock that throws or returns no valid Date.
 */
export function readParseOptions(options: unknown): Date {
  if (options === undefined) return new Date();
  const read = readShallow(options);
  if (!read.ok || read.kind !== 'object')
    throw new RuleSetError([
      {
        code: 'invalid-option',
        severity: 'error',
        file: '',
        path: '',
        message: `the parse options must be { now?: () => Date }, but are ${read.ok ? 'an array' : read.problem}`,
      },
    ]);
  const given = read.entries.filter(([, value]) => value !== undefined);
  const other = given.find(([key]) => key !== 'now');
  if (other !== undefined)
    throw new RuleSetError([
      {
        code: 'unknown-option',
        severity: 'error',
        file: '',
        path: shortName(other[0]),
        message: `'${shortName(other[0])}' is not a parse option (the one option is 'now')`,
      },
    ]);
  const now = given.find(([key]) => key === 'now')?.[1];
  return now === undefined ? new Date() : readClock(now)();
}
