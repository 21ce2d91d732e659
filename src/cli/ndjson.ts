import { orThrow } from '../input/safe-result.js';
import { createInterface } from 'node:readline';
import { isObservationError } from '../input/observation-error.js';
import type { Triage } from '../triage.js';
import { InputFileError, openRegularFile, withoutBom } from './read-input.js';
import type { CliIo } from './cli-context.js';
import { pickFields } from './result-fields.js';
import { streamInOrder, withJobPool } from './job-pool.js';
import type { NdjsonBatch, NdjsonSetup } from './jobs-worker.js';

/** Lines per task on several jobs: large enough that messaging costs little, small enough to keep every worker busy. */
const BATCH_LINES = 250;

/** Lines of a file, or of stdin when the path is `-`, read as a stream. */
export function readLines(path: string, io: CliIo): AsyncIterable<string> {
  if (path === '-') return io.stdinLines?.() ?? splitLines(io.stdin());
  return fileLines(path);
}

/** The lines of a regular file (anything else is refused, never waited on). */
async function* fileLines(path: string): AsyncIterable<string> {
  const stream = (await openRegularFile(path)).createReadStream({ encoding: 'utf8' });
  stream.on('error', () => undefined); // reported through the iterator below
  yield* withReadErrors(createInterface({ input: stream, crlfDelay: Infinity }), path);
}

async function* splitLines(text: Promise<string>): AsyncIterable<string> {
  yield* (await text).split('\n');
}

async function* withReadErrors(lines: AsyncIterable<string>, path: string): AsyncIterable<string> {
  try {
    yield* lines;
  } catch (error) {
    throw new InputFileError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** What one NDJSON input line gives: the output line (with its newline), and whether the input was invalid. */
export interface LineOutput {
  readonly text: string;
  readonly invalid: boolean;
}

/**
 * One NDJSON line in, one JSON line out (`{ line, result }` or `{ line, error, issues? }`), or
 * nothing for a blank line. With `fields`, the result keeps only those fields (`ruleIds`: the
 * ids of the rules that fired). The same for one job and for many: the output is byte-identical.
 */
export async function evaluateLine(
  kind: 'assess' | 'screen',
  triage: Triage,
  line: number,
  read: string,
  fields: readonly string[] | undefined,
): Promise<LineOutput | undefined> {
  // A byte order mark at the start of the file is not part of the first input.
  const text = line === 1 ? withoutBom(read) : read;
  if (text.trim() === '') return undefined;
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return {
      text: `${JSON.stringify({ line, error: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` })}\n`,
      invalid: true,
    };
  }
  try {
    const result = kind === 'assess' ? orThrow(await triage.safeAssess(input)) : orThrow(await triage.safeScreen(input));
    return { text: `${JSON.stringify({ line, result: fields === undefined ? result : pickFields(result, fields) })}\n`, invalid: false };
  } catch (error) {
    if (!isObservationError(error)) throw error;
    return { text: `${JSON.stringify({ line, error: 'ObservationError', issues: error.issues })}\n`, invalid: true };
  }
}

/** Writes to stdout with backpressure when the host offers it. */
export function writerFor(io: CliIo): (text: string) => Promise<void> {
  return (
    io.write ??
    ((text: string): Promise<void> => {
      io.stdout(text);
      return Promise.resolve();
    })
  );
}

/**
 * Streams NDJSON on one job: one input per line in, one JSON result per line out, in order, with
 * constant memory. Blank lines are skipped; invalid lines are reported and do not stop the
 * stream. Resolves with the number of invalid lines.
 */
export async function streamNdjson(
  kind: 'assess' | 'screen',
  path: string,
  triage: Triage,
  io: CliIo,
  fields?: readonly string[],
): Promise<number> {
  const write = writerFor(io);
  let line = 0;
  let invalid = 0;
  for await (const read of readLines(path, io)) {
    line += 1;
    const output = await evaluateLine(kind, triage, line, read, fields);
    if (output === undefined) continue;
    if (output.invalid) invalid += 1;
    await write(output.text);
  }
  return invalid;
}

/**
 * Streams NDJSON on `jobs` worker threads: lines are sent in batches, and the output is written
 * in input order, byte-identical to one job. At most two batches per job are in flight, so
 * memory stays bounded on any input size. Resolves with the number of invalid lines.
 */
export async function streamNdjsonOnJobs(setup: NdjsonSetup, path: string, jobs: number, io: CliIo): Promise<number> {
  const write = writerFor(io);
  let invalid = 0;
  await withJobPool('ndjson', jobs, setup, (pool) =>
    streamInOrder(batches(readLines(path, io)), pool.run, jobs * 2, async (output) => {
      invalid += output.invalid;
      if (output.text !== '') await write(output.text);
    }),
  );
  return invalid;
}

/** Numbered lines in batches of `BATCH_LINES`. */
async function* batches(lines: AsyncIterable<string>): AsyncIterable<NdjsonBatch> {
  let line = 0;
  let batch: [number, string][] = [];
  for await (const read of lines) {
    line += 1;
    batch.push([line, read]);
    if (batch.length < BATCH_LINES) continue;
    yield batch;
    batch = [];
  }
  if (batch.length > 0) yield batch;
}
