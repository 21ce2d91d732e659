import type { Triage } from '../triage.js';
import { triageFor } from './cli-context.js';
import { evaluateLine } from './ndjson.js';

/** One batch of NDJSON lines for a worker: the command's settings and the lines with their numbers. */
export interface NdjsonBatch {
  readonly kind: 'assess' | 'screen';
  readonly rules: string | undefined;
  readonly now: string | undefined;
  readonly fields: readonly string[] | undefined;
  readonly lines: readonly (readonly [line: number, text: string])[];
}

/** A batch's output: the output lines joined, in input order, and how many inputs were invalid. */
export interface NdjsonBatchOutput {
  readonly text: string;
  readonly invalid: number;
}

// Each worker loads the rules once, for the settings it was first given (one command per pool).
let triage: Promise<Triage> | undefined;

/** Evaluates a batch of lines exactly as one job would (see `evaluateLine`). */
export default async function evaluateBatch(batch: NdjsonBatch): Promise<NdjsonBatchOutput> {
  triage ??= triageFor(batch.rules, batch.now);
  const ready = await triage;
  let text = '';
  let invalid = 0;
  for (const [line, read] of batch.lines) {
    const output = await evaluateLine(batch.kind, ready, line, read, batch.fields);
    if (output === undefined) continue;
    text += output.text;
    if (output.invalid) invalid += 1;
  }
  return { text, invalid };
}
