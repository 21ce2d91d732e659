// npm run bench:stages: where the time of one assessment and one screening goes, stage by stage,
// against the compiled rules alone on the same facts (CPU time, interleaved rounds, medians).
import fc from 'fast-check';
import { builtinRuleSet } from '../../src/index.js';
import { ASSESSMENT } from '../../src/assessment/assessment-kind.js';
import { checkInSchema } from '../../src/checkin/checkin-schema.js';
import { CompiledRules } from '../../src/engine/compiled-rules.js';
import { FlooredRules } from '../../src/engine/floored-rules.js';
import { openFlaggedFacts, ruleStatuses } from '../../src/engine/open-questions.js';
import type { EvaluationKind } from '../../src/evaluation/pipeline.js';
import type { FreshFacts } from '../../src/facts/fact-values.js';
import { parseInput } from '../../src/input/parse-input.js';
import { loadRuleSet } from '../../src/rules/load-rule-set.js';
import { SCREENING } from '../../src/screening/screening-kind.js';
import { screeningInputSchema } from '../../src/screening/screening-schema.js';
import { EvaluationPipeline } from '../../src/evaluation/pipeline.js';
import {
  plausibleCandidateArbitrary,
  plausibleCheckInArbitrary,
  sparseCandidateArbitrary,
  sparseCheckInArbitrary,
} from '../support/arbitraries.js';

const SEED = 20261122;
const CORPUS = 1_000;
const ROUNDS = 9;
const now = (): Date => new Date('2026-03-10T12:00:00Z');
const ruleSet = loadRuleSet(builtinRuleSet);

function corpus(plausible: fc.Arbitrary<unknown>, sparse: fc.Arbitrary<unknown>, seed: number): unknown[] {
  const [a, b] = [fc.sample(plausible, { numRuns: CORPUS / 2, seed }), fc.sample(sparse, { numRuns: CORPUS / 2, seed: seed + 1 })];
  return a.flatMap((item, index) => [item, b[index]]);
}

const cpu = (): number => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/** CPU µs of one pass over the corpus (the mean of `repeat` passes). */
function pass(task: (index: number) => unknown, repeat: number): number {
  const start = cpu();
  for (let round = 0; round < repeat; round += 1) for (let index = 0; index < CORPUS; index += 1) task(index);
  return (cpu() - start) / repeat;
}

function stages<P extends { readonly facts: FreshFacts }, R extends object>(
  label: string,
  kind: EvaluationKind<P, R>,
  inputs: readonly unknown[],
  door: (input: unknown) => unknown,
): void {
  const rules = kind.rules(ruleSet);
  const graded = rules.map((rule) => rule.graded);
  const compiled = new CompiledRules(rules);
  const floored = new FlooredRules(rules, kind.counterFact, 'compiled');
  const pipeline = new EvaluationPipeline(kind, ruleSet, now);
  const prepared = inputs.map((input) => kind.prepare(input, now, ruleSet));
  const withCounter = prepared.map((entry) => {
    const values = { ...entry.facts.values };
    values[kind.counterFact] = openFlaggedFacts(graded, ruleStatuses(graded, values)).size;
    return values;
  });
  const at = <T>(list: readonly T[], index: number): T => list[index] as T;
  const tasks: readonly [string, (index: number) => unknown, number][] = [
    ['the door: plain-JSON read and zod parse', (index) => door(at(inputs, index)), 3],
    ['prepare: the door, then facts and derivations', (index) => kind.prepare(at(inputs, index), now, ruleSet), 3],
    [
      'floor counter (three-valued, flagged rules)',
      (index) => openFlaggedFacts(graded, ruleStatuses(graded, at(withCounter, index))).size,
      5,
    ],
    [
      'counter, rules and build of the result',
      (index) => kind.build(at(prepared, index), floored.evaluateSync({ ...at(prepared, index).facts.values }, 'bench'), ruleSet),
      3,
    ],
    ['the whole call (runSync)', (index) => pipeline.runSync(at(inputs, index)), 3],
  ];
  const ratios = new Map<string, number[]>();
  const base: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const rulesAlone = pass((index) => compiled.run(at(withCounter, index)), 20);
    base.push(rulesAlone / CORPUS);
    for (const [name, task, repeat] of tasks) ratios.set(name, [...(ratios.get(name) ?? []), pass(task, repeat) / rulesAlone]);
  }
  const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  console.log(`\n${label}: ${String(rules.length)} rules; compiled rules alone ${median(base).toFixed(1)} µs CPU per input`);
  for (const [name] of tasks)
    console.log(
      `  ${name.padEnd(52)}${median(ratios.get(name) ?? [])
        .toFixed(2)
        .padStart(7)}x the rules alone`,
    );
}

console.log(
  `stages (CPU time, median of ${String(ROUNDS)} interleaved rounds over ${String(CORPUS)} generated inputs, seed ${String(SEED)})`,
);
stages('assess', ASSESSMENT, corpus(plausibleCheckInArbitrary, sparseCheckInArbitrary, SEED), (input) => parseInput(checkInSchema, input));
stages(
  'screen',
  SCREENING,
  corpus(plausibleCandidateArbitrary, sparseCandidateArbitrary, SEED + 2).map((candidate) => ({
    ...(candidate as object),
    screenedAt: '2026-03-10T12:00:00Z',
  })),
  (input) => parseInput(screeningInputSchema, input),
);
