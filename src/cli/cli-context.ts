import { createTriage, type Triage, type TriageOptions } from '../triage.js';
import { readRuleSetDir } from './load-rules-dir.js';

/** Where the CLI reads and writes; injectable for tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: () => Promise<string>;
  /** Stdin as a stream of lines (for NDJSON); falls back to splitting `stdin()`. */
  readonly stdinLines?: () => AsyncIterable<string>;
  /** Writes to stdout, resolving when it is safe to write more (backpressure for long streams). */
  readonly write?: (text: string) => Promise<void>;
}

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, failure: 1, badInput: 2, usage: 64 } as const;

/** A usage mistake: reported with the usage text, exit code 64. */
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

/** The `--now` option as a date. */
export function parseNow(now: string | undefined): Date | undefined {
  if (now === undefined) return undefined;
  const clock = new Date(now);
  if (Number.isNaN(clock.getTime())) throw new UsageError(`--now: '${now}' is not a valid date-time.`);
  return clock;
}

/** Prints a result: text as is, anything else as JSON. */
export function print(io: CliIo, result: unknown): void {
  io.stdout(typeof result === 'string' ? `${result}\n` : `${JSON.stringify(result, null, 2)}\n`);
}
