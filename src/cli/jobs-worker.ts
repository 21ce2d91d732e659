import { Tinypool } from 'tinypool';
import type { RuleSetSource } from '../rules/validate-rule-set.js';
import { caseOutcomes, type DiffCase, type OutcomePair } from '../testing/diff-decisions.js';
import { casesAt, tryMutant, type MutantTrial, type MutantVerdict } from '../testing/mutate-rules.js';
import type { ResolvedCase } from '../testing/run-cases.js';
import type { Triage } from '../triage.js';
import { triageFrom, type RuleOptions, type TriageSetup } from './cli-context.js';
import { evaluateLine } from './ndjson.js';
import { reportCases, type CasesReport } from './case-reports.js';

/** What `assess --ndjson` and `screen --ndjson` give every worker once. */
export interface NdjsonSetup extends TriageSetup {
  readonly kind: 'assess' | 'screen';
  readonly fields: readonly string[] | undefined;
}

/** NDJSON lines with their numbers. */
export type NdjsonBatch = readonly (readonly [line: number, text: string])[];

/** A batch's output: the output lines joined, in input order, and how many inputs were invalid. */
export interface NdjsonBatchOutput {
  readonly text: string;
  readonly invalid: number;
}

/** What `test` gives every worker once: the rules, the clock, and whether coverage is wanted. */
export interface CasesSetup extends TriageSetup {
  readonly coverage: boolean;
}

/** What `diff` gives every worker once: both rule versions and the clock. */
export interface DiffSetup {
  readonly base: RuleOptions;
  readonly head: RuleOptions;
  readonly now: string | undefined;
}

/** What `mutate` gives every worker once: the rule set to mutate and the whole corpus (trials name cases by index). */
export interface MutationSetup {
  readonly source: RuleSetSource;
  readonly cases: readonly ResolvedCase[];
}

/** Each kind of job: what every worker is given once, one task, and the task's output. */
export interface JobKinds {
  readonly ndjson: { setup: NdjsonSetup; task: NdjsonBatch; output: NdjsonBatchOutput };
  readonly cases: { setup: CasesSetup; task: readonly ResolvedCase[]; output: CasesReport };
  readonly diff: { setup: DiffSetup; task: readonly DiffCase[]; output: OutcomePair[] };
  readonly mutants: { setup: MutationSetup; task: MutantTrial; output: MutantVerdict };
}

/** A kind of job: the name of the function below that runs its tasks. */
export type JobKind = keyof JobKinds;

const { kind, setup } = (Tinypool.workerData ?? {}) as { kind?: JobKind; setup?: unknown };

/** This worker's setup, given once when the pool started it (one kind of job per pool). */
function setupOf<K extends JobKind>(expected: K): JobKinds[K]['setup'] {
  if (kind !== expected) throw new Error(`a worker for '${String(kind)}' jobs was given a '${expected}' task`);
  return setup as JobKinds[K]['setup'];
}

// Each worker builds its triages once, on its first task, and keeps them.
let triage: Triage | undefined;
let versions: { readonly base: Triage; readonly head: Triage } | undefined;

/** Evaluates NDJSON lines exactly as one job would (see `evaluateLine`). */
export async function ndjson(batch: NdjsonBatch): Promise<NdjsonBatchOutput> {
  const settings = setupOf('ndjson');
  triage ??= triageFrom(settings);
  let text = '';
  let invalid = 0;
  for (const [line, read] of batch) {
    const output = await evaluateLine(settings.kind, triage, line, read, settings.fields);
    if (output === undefined) continue;
    text += output.text;
    if (output.invalid) invalid += 1;
  }
  return { text, invalid };
}

/** Runs golden cases and reports what `test` prints of them. */
export function cases(chunk: readonly ResolvedCase[]): Promise<CasesReport> {
  const settings = setupOf('cases');
  triage ??= triageFrom(settings);
  return reportCases(triage, chunk, settings.coverage);
}

/** Each case's outcome under both rule versions (`diff`). */
export function diff(chunk: readonly DiffCase[]): Promise<OutcomePair[]> {
  const settings = setupOf('diff');
  versions ??= {
    base: triageFrom({ rules: settings.base, now: settings.now }),
    head: triageFrom({ rules: settings.head, now: settings.now }),
  };
  return caseOutcomes(versions.base, versions.head, chunk);
}

/** Tries one mutant on the cases it may change (`mutate`). */
export function mutants(trial: MutantTrial): Promise<MutantVerdict> {
  const settings = setupOf('mutants');
  return tryMutant(settings.source, {}, trial.mutant, casesAt(settings.cases, trial.cases));
}
