import { availableParallelism } from 'node:os';
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

/** The rules of `--rules <dir>` as triage options: plain data, so that worker threads can be given them. */
export type RuleOptions = Pick<TriageOptions, 'ruleSet' | 'ruleSets'>;

/** Triage options for `--rules <dir>` (built-in rules when absent). */
export async function triageOptionsFor(rulesDir: string | undefined): Promise<RuleOptions> {
  return rulesDir === undefined ? {} : (await readRuleSetDir(rulesDir)).options;
}

/** What makes a triage: the rules read from `--rules` and the `--now` clock (checked). */
export interface TriageSetup {
  readonly rules: RuleOptions;
  readonly now: string | undefined;
}

/** The setup for `--rules <dir>` and `--now <iso>`: the rules read once, the clock checked. */
export async function triageSetupFor(rulesDir: string | undefined, now: string | undefined): Promise<TriageSetup> {
  const rules = await triageOptionsFor(rulesDir);
  parseNow(now);
  return { rules, now };
}

/** The triage of a setup (the same in the main thread and in every worker). */
export function triageFrom(setup: TriageSetup): Triage {
  const clock = parseNow(setup.now);
  return createTriage(clock === undefined ? setup.rules : { ...setup.rules, now: () => clock });
}

/** A triage for `--rules <dir>` and `--now <iso>`. */
export async function triageFor(rulesDir: string | undefined, now: string | undefined): Promise<Triage> {
  return triageFrom(await triageSetupFor(rulesDir, now));
}

/**
 * `--jobs <n>`: a whole number of worker threads from 1 to 1024, used up to the processors
 * available (more threads than processors only cost memory and start-up time); when not given,
 * the processors available (1 when the host does not say, as in tests run in-process). The pools
 * open no more threads than they have work for.
 */
export function parseJobs(given: string | undefined, io: CliIo): number {
  if (given === undefined) return io.cores ?? 1;
  const jobs = parseDecimal('--jobs', given, 'a number of threads (a whole number, 1 to 1024)', { min: 1, max: 1024 });
  if (!Number.isInteger(jobs)) throw new UsageError(`--jobs: '${shortName(given)}' is not a whole number of threads.`);
  return Math.min(jobs, io.cores ?? availableParallelism());
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
