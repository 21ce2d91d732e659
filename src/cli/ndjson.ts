import { orThrow } from '../input/safe-result.js';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { isObservationError } from '../input/observation-error.js';
import type { Triage } from '../triage.js';
import { InputFileError, withoutBom } from './read-input.js';
import type { CliIo } from './cli-context.js';

/** Lines of a file, or of stdin when the path is `-`, read as a stream. */
export function readLines(path: string, io: CliIo): AsyncIterable<string> {
  if (path === '-') return io.stdinLines?.() ?? splitLines(io.stdin());
  const stream = createReadStream(path, { encoding: 'utf8' });
  stream.on('error', () => undefined); // reported through the iterator below
  return withReadErrors(createInterface({ input: stream, crlfDelay: Infinity }), path);
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

/**
 * Streams NDJSON: one input per line in, one JSON result per line out (`{ line, result }` or
 * `{ line, error, issues? }`), in order, with constant memory. Blank lines are skipped; invalid
 * lines are reported and do not stop the stream. Resolves with the number of invalid lines.
 */
export async function streamNdjson(kind: 'assess' | 'screen', path: string, triage: Triage, io: CliIo): Promise<number> {
  const write =
    io.write ??
    ((text: string): Promise<void> => {
      io.stdout(text);
      return Promise.resolve();
    });
  let line = 0;
  let invalid = 0;
  for await (const read of readLines(path, io)) {
    line += 1;
    // A byte order mark at the start of the file is not part of the first input.
    const text = line === 1 ? withoutBom(read) : read;
    if (text.trim() === '') continue;
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (error) {
      invalid += 1;
      await write(`${JSON.stringify({ line, error: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` })}\n`);
      continue;
    }
    try {
      const result = kind === 'assess' ? orThrow(await triage.safeAssess(input)) : orThrow(await triage.safeScreen(input));
      await write(`${JSON.stringify({ line, result })}\n`);
    } catch (error) {
      if (!isObservationError(error)) throw error;
      invalid += 1;
      await write(`${JSON.stringify({ line, error: 'ObservationError', issues: error.issues })}\n`);
    }
  }
  return invalid;
}
