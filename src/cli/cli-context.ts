import * as z from 'zod/mini';
import { shortName } from '../input/short-text.js';
import { createTriage, type Triage, type TriageOptions } from '../triage.js';
import { readRuleSetDir } from './load-rules-dir.js';

/** Where the CLI reads and writes; injectable for tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: () => Promise<string>;
  /** Stdin as a stream of lines (for NDJSON); falls back to splitting `stdin()`. */
  readonly stdinLines?: () => AsyncIterable<string>;
  /** Processors available, the default of `--jobs` (1 when not given, as in tests run in-process). */
  readonly cores?: number;
  /** Writes to stdout, resolving when it is safe to write more (backpressure for long streams). */
  readonly write?: (text: string) => Promise<void>;
}

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, failure: 1, badInput: 2, usage: 64 } as const;

/** A usage mistake: reported with the command's usage line and where its help is, exit code 64. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Triage options for `--rules <dir>` (built-in rules when absent). */
export async function triageOptionsFor(rulesDir: string | undefined): Promise<TriageOptions> {
  return rulesDir === undefined ? {} : (await readRuleSetDir(rulesDir)).options;
}

/** A triage for `--rules <dir>` and `--now <iso>`. */
export async function triageFor(rulesDir: string | undefined, now: string | undefined): Promise<Triage> {
  const options = await triageOptionsFor(rulesDir);
  const clock = parseNow(now);
  return createTriage(clock === undefined ? options : { ...options, now: () => clock });
}

/** The same date-time format as the inputs' timestamps: ISO 8601 with `Z` or an offset. */
const isoDateTime = z.iso.datetime({ offset: true });

/**
 * The `--now` option as a date. It must say its time zone (`Z` or an offset), so that the same
 * command gives the same result on any machine, whatever its local time zone.
 */
export function parseNow(now: string | undefined): Date | undefined {
  if (now === undefined) return undefined;
  const clock = new Date(now);
  if (!isoDateTime.safeParse(now).success || Number.isNaN(clock.getTime()))
    throw new UsageError(
      `--now: '${shortName(now)}' is not an ISO 8601 date-time with a time zone (Z or an offset), e.g. 2026-03-01T09:30:00Z or 2026-03-01T09:30:00+01:00.`,
    );
  return clock;
}

/** A plain decimal number (`60`, `7.5`, `-1`): no hex, no exponent, no `+`, no spaces. */
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * A numeric option, read strictly: `0x10`, `1e3`, `' 5'` or `''` are usage errors, not numbers.
 * With a range (percentages), a number outside it is a usage error too; without one, the value
 * is the input's to judge (a negative `--hours` is bad input, reported like any other).
 */
export function parseDecimal(option: string, value: string, what: string, range?: { min: number; max: number }): number {
  const number = Number(value);
  if (!DECIMAL.test(value) || (range !== undefined && (number < range.min || number > range.max)))
    throw new UsageError(`${option}: '${shortName(value)}' is not ${what}.`);
  return number;
}

/** Prints a result: text as is, anything else as JSON. */
export function print(io: CliIo, result: unknown): void {
  io.stdout(typeof result === 'string' ? `${result}\n` : `${JSON.stringify(result, null, 2)}\n`);
}
