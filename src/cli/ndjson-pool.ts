import { Tinypool } from 'tinypool';
import type { CliIo } from './cli-context.js';
import { readLines, writerFor } from './ndjson.js';
import type { NdjsonBatch, NdjsonBatchOutput } from './ndjson-worker.js';

/** Lines per task: large enough that messaging costs little, small enough to keep every worker busy. */
const BATCH_LINES = 250;

/** Settings of one NDJSON run on several jobs. */
export interface PoolSettings {
  readonly kind: 'assess' | 'screen';
  readonly path: string;
  readonly jobs: number;
  readonly rules: string | undefined;
  readonly now: string | undefined;
  readonly fields: readonly string[] | undefined;
}

/**
 * Streams NDJSON on `jobs` worker threads (tinypool): lines are sent in batches, and the output
 * is written in input order, byte-identical to one job. At most two batches per job are in
 * flight, so memory stays bounded on any input size. Resolves with the number of invalid lines.
 */
export async function streamNdjsonOnJobs(settings: PoolSettings, io: CliIo): Promise<number> {
  const pool = new Tinypool({
    filename: new URL('./ndjson-worker.js', import.meta.url).href,
    minThreads: settings.jobs,
    maxThreads: settings.jobs,
  });
  const write = writerFor(io);
  const inFlight: Promise<NdjsonBatchOutput>[] = [];
  let invalid = 0;
  const drainOne = async (): Promise<void> => {
    const head = inFlight.shift();
    if (head === undefined) return;
    const output = await head;
    invalid += output.invalid;
    if (output.text !== '') await write(output.text);
  };
  const submit = (lines: NdjsonBatch['lines']): void => {
    const batch: NdjsonBatch = { kind: settings.kind, rules: settings.rules, now: settings.now, fields: settings.fields, lines };
    const run = pool.run(batch) as Promise<NdjsonBatchOutput>;
    run.catch(() => undefined); // awaited in order by drainOne; this only keeps an early failure from being unhandled
    inFlight.push(run);
  };
  try {
    let line = 0;
    let lines: [number, string][] = [];
    for await (const read of readLines(settings.path, io)) {
      line += 1;
      lines.push([line, read]);
      if (lines.length < BATCH_LINES) continue;
      submit(lines);
      lines = [];
      if (inFlight.length >= settings.jobs * 2) await drainOne();
    }
    if (lines.length > 0) submit(lines);
    while (inFlight.length > 0) await drainOne();
  } finally {
    await pool.destroy();
  }
  return invalid;
}
