// npm run bench: latency, throughput and side-by-side ratios (see docs/performance.md).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { Engine, Operator, type RuleProperties } from 'json-rules-engine';
import fc from 'fast-check';
import { Bench } from 'tinybench';
import { builtinRuleSet, createTriage, LEVELS, type AssessInput } from '../../src/index.js';
import { CompiledRules } from '../../src/engine/compiled-rules.js';
import { loadRuleSet } from '../../src/rules/load-rule-set.js';
import { normaliseCheckIn } from '../../src/checkin/normalise-checkin.js';
import { normaliseScreening } from '../../src/screening/normalise-screening.js';
import { openFlaggedFacts, ruleStatuses, type GradedRule } from '../../src/engine/open-questions.js';
import { UNKNOWN_SAFE_OPERATORS } from '../../src/engine/operators.js';
import type { EngineRule } from '../../src/engine/rule-runner.js';
import type { FactValue } from '../../src/facts/fact-values.js';
import { OPEN_RED_FLAGS_FACT, TREND_DISAGREEMENTS_FACT } from '../../src/facts/checkin-facts.js';
import { OPEN_BLOCKING_FACT } from '../../src/facts/screening-facts.js';
import {
  plausibleCandidateArbitrary,
  plausibleCheckInArbitrary,
  sparseCandidateArbitrary,
  sparseCheckInArbitrary,
} from '../support/arbitraries.js';
import { handWrittenRedFlagsAndTimeline } from './hand-written.js';
import { JsonLogicRules } from './peers/json-logic.js';
import { nestFacts } from './peers/nest-facts.js';
import { loadZen, zenInput, ZenRules } from './peers/zen.js';

const started = process.hrtime.bigint();
const phases: string[] = [];
let phaseStart = started;
/** Records how long the phase that ends now took (printed last, to keep the bench within its budget). */
const endPhase = (name: string): void => {
  const end = process.hrtime.bigint();
  phases.push(`${name} ${(Number(end - phaseStart) / 1e9).toFixed(0)} s`);
  phaseStart = end;
};

const SEED = 20261122;
const CORPUS = 1_000;
const BATCH = 100_000;
/** Paired rounds per ratio (odd, so the median is one round's ratio). */
const ROUNDS = 11;
const now = (): Date => new Date('2026-03-10T12:00:00Z');

/** Half plausible (mostly benign, every level), half sparse (any answer, any question skipped), interleaved. */
function corpus<T>(plausible: fc.Arbitrary<T>, sparse: fc.Arbitrary<T>, seed: number): T[] {
  const [a, b] = [fc.sample(plausible, { numRuns: CORPUS / 2, seed }), fc.sample(sparse, { numRuns: CORPUS / 2, seed: seed + 1 })];
  return a.flatMap((item, index) => [item, b[index] as T]);
}
const checkIns = corpus<AssessInput>(plausibleCheckInArbitrary, sparseCheckInArbitrary, SEED);
const candidates = corpus<object>(plausibleCandidateArbitrary, sparseCandidateArbitrary, SEED + 2).map((candidate) => ({
  ...candidate,
  screenedAt: '2026-03-10T12:00:00Z',
}));
const loaded = loadRuleSet(builtinRuleSet);
const rules = loaded.assessment.rules;
const screeningRules = loaded.screening.rules;
type Facts = Readonly<Record<string, FactValue>>;
/** Facts with the floor counter set as the floored rules set it: the open questions that could fire a flagged rule. */
const withFloor = (graded: readonly GradedRule[], counter: string, values: Facts): Facts => ({
  ...values,
  [counter]: openFlaggedFacts(graded, ruleStatuses(graded, values)).size,
});
// The facts each check-in produces (with the floor counter), as the rules see them.
const graded = rules.map((rule) => rule.graded);
const factSets = checkIns.map((checkIn) =>
  withFloor(graded, OPEN_RED_FLAGS_FACT, normaliseCheckIn(checkIn, now(), loaded.assessment).facts.values),
);
// Likewise for each candidate and the screening rules.
const screeningGraded = screeningRules.map((rule) => rule.graded);
const screeningFactSets = candidates.map((candidate) =>
  withFloor(screeningGraded, OPEN_BLOCKING_FACT, normaliseScreening(candidate, loaded.screening).facts.values),
);
const subsetIds = new Set(rules.filter((rule) => rule.file === 'red-flags.json' || rule.file === 'timeline.json').map((rule) => rule.id));

const shipped = createTriage({ now });
const onEngine = createTriage({ now, evaluator: 'json-rules-engine' });
/**
 * A plain json-rules-engine Engine on the rules, with the engine's own operators except the three
 * unknown-safe negations the package registers in place of the built-in ones (the built-in rules
 * use none of them), so that it means what the compiled rules mean.
 */
function bareEngine(ruleList: readonly EngineRule[]): Engine {
  const engine = new Engine(
    ruleList.map(
      (rule): RuleProperties => ({ name: rule.id, conditions: rule.conditions as RuleProperties['conditions'], event: { type: 'fired' } }),
    ),
    { allowUndefinedFacts: true },
  );
  for (const { name, compare, validate } of UNKNOWN_SAFE_OPERATORS) engine.addOperator(new Operator(name, compare, validate));
  return engine;
}
const bare = bareEngine(rules);
const bareScreening = bareEngine(screeningRules);
const compiled = new CompiledRules(rules);
const compiledScreening = new CompiledRules(screeningRules);
const compiledSubset = new CompiledRules(rules.filter((rule) => subsetIds.has(rule.id)));
/** The compiled subset with what the floor builds: each fired rule's matched values. */
const compiledSubsetWithMatched = (facts: Facts): { ruleId: string; matched: unknown[] }[] =>
  compiledSubset
    .run(facts)
    .filter((outcome) => outcome.fired)
    .map((outcome) => ({
      ruleId: outcome.ruleId,
      matched: outcome.supporting.map(({ fact, operator, value, observed }) => ({
        fact,
        operator,
        expected: value,
        observed,
      })),
    }));

/*
 * What the checks below run on: the corpus, and the corpus again with stated and recorded trends
 * disagreeing (the generators make no earlier check-ins, so the rule on that never fires otherwise).
 */
const TREND_VARIANTS = [['redness'], ['pain', 'swelling'], ['redness', 'pain', 'swelling'], ['swelling']];
const checkFactSets = [
  ...factSets,
  ...factSets.map((facts, index) =>
    withFloor(graded, OPEN_RED_FLAGS_FACT, {
      ...facts,
      [OPEN_RED_FLAGS_FACT]: null,
      [TREND_DISAGREEMENTS_FACT]: TREND_VARIANTS[index % TREND_VARIANTS.length] ?? [],
    }),
  ),
];
const checkedOn = `${String(factSets.length)} check-ins and ${String(factSets.length)} variants with disagreeing trends`;

// The floor must agree with the compiled subset, reasons included, before its time means anything.
const levelOf = new Map(rules.map((rule) => [rule.id, LEVELS.indexOf(rule.event.params.level)]));
const floorFired = new Set<string>();
let floorReasons = 0;
for (const facts of checkFactSets) {
  const expected = compiledSubsetWithMatched(facts);
  const hand = handWrittenRedFlagsAndTimeline(facts);
  const handReasons = hand.reasons.map(({ ruleId, matched }) => ({ ruleId, matched }));
  const expectedLevel = Math.max(0, ...expected.map((reason) => levelOf.get(reason.ruleId) ?? Number.NaN));
  if (!isDeepStrictEqual(expected, handReasons) || hand.level !== expectedLevel)
    throw new Error(`hand-written classifier disagrees: ${JSON.stringify({ facts, expected, hand })}`);
  floorReasons += expected.length;
  for (const reason of expected) floorFired.add(reason.ruleId);
}
const floorCheck = `hand-written floor: the same reasons (ids and matched values, in order) and level as the compiled red-flag and timeline rules on ${checkedOn} (${String(floorReasons)} reasons; ${String(floorFired.size)} of ${String(subsetIds.size)} rules fire)`;

// The peers: the same rules translated, given the same facts nested as their users pass them.
const nestedFactSets = factSets.map((facts) => nestFacts(facts));
const jsonLogic = new JsonLogicRules(rules);
const jsonLogicScreening = new JsonLogicRules(screeningRules);
const zenLoaded = await loadZen();
const zen =
  'engine' in zenLoaded
    ? { assessment: new ZenRules(zenLoaded.engine, rules), screening: new ZenRules(zenLoaded.engine, screeningRules) }
    : undefined;
const zenFactSets = zen === undefined ? [] : factSets.map(zenInput);

/**
 * Every peer must fire exactly the rules the compiled evaluator fires, on every input, before any
 * time is taken; a disagreement stops the bench.
 */
async function checkSameRules(
  label: string,
  compiledRules: CompiledRules,
  facts: readonly Facts[],
  on: string,
  peer: (values: Facts) => string[] | Promise<string[]>,
): Promise<string> {
  let firings = 0;
  const seen = new Set<string>();
  for (const [index, values] of facts.entries()) {
    const expected = compiledRules
      .run(values)
      .filter((outcome) => outcome.fired)
      .map((outcome) => outcome.ruleId)
      .sort();
    const actual = [...(await peer(values))].sort();
    if (!isDeepStrictEqual(expected, actual))
      throw new Error(
        `${label} disagrees with the compiled rules on input ${String(index)}: ${JSON.stringify({ expected, actual, facts: values })}`,
      );
    firings += expected.length;
    for (const id of expected) seen.add(id);
  }
  const total = compiledRules.run(facts[0] ?? {}).length;
  return `${label}: the same fired rules as the compiled evaluator on ${on} (${String(firings)} firings; ${String(seen.size)} of ${String(total)} rules fire)`;
}
const firedByEngine = async (engine: Engine, values: Facts): Promise<string[]> =>
  (await engine.run({ ...values })).results.map((result) => result.name);
const candidatesOn = `${String(screeningFactSets.length)} candidates`;
endPhase('corpus and set-up');
const equivalence = [
  floorCheck,
  await checkSameRules('bare json-rules-engine, assessment', compiled, checkFactSets, checkedOn, (values) => firedByEngine(bare, values)),
  await checkSameRules('bare json-rules-engine, screening', compiledScreening, screeningFactSets, candidatesOn, (values) =>
    firedByEngine(bareScreening, values),
  ),
  await checkSameRules('json-logic-js, assessment', compiled, checkFactSets, checkedOn, (values) => jsonLogic.fired(nestFacts(values))),
  await checkSameRules('json-logic-js, screening', compiledScreening, screeningFactSets, candidatesOn, (values) =>
    jsonLogicScreening.fired(nestFacts(values)),
  ),
  ...(zen === undefined
    ? [`zen-engine: left out, its native binary does not load here (${'unavailable' in zenLoaded ? zenLoaded.unavailable : ''})`]
    : [
        await checkSameRules('zen-engine, assessment', compiled, checkFactSets, checkedOn, (values) =>
          zen.assessment.fired(zenInput(values)),
        ),
        await checkSameRules('zen-engine, screening', compiledScreening, screeningFactSets, candidatesOn, (values) =>
          zen.screening.fired(zenInput(values)),
        ),
      ]),
];

let i = 0;
const next = <T>(list: readonly T[]): T => list[i++ % list.length] as T;

endPhase('equivalence checks');
if (process.env['BENCH_CHECK_ONLY'] === '1') {
  // Only the checks (for whoever changes a translator or the floor): no timing.
  for (const line of equivalence) console.log(line);
  process.exit(0);
}
const bench = new Bench({ time: 1000, warmup: true, warmupTime: 200 });
bench
  .add('assess (shipped: compiled)', async () => {
    await shipped.assess(next(checkIns));
  })
  .add('screen (shipped: compiled)', async () => {
    await shipped.screen(next(candidates));
  })
  .add('assess on json-rules-engine (our layer)', async () => {
    await onEngine.assess(next(checkIns));
  })
  .add('bare json-rules-engine Engine.run', async () => {
    await bare.run({ ...next(factSets) });
  })
  .add('compiled rules alone', () => {
    compiled.run(next(factSets));
  })
  .add('compiled rules: red flags + timeline', () => {
    compiledSubset.run(next(factSets));
  })
  .add('compiled + matched: red flags + timeline', () => {
    compiledSubsetWithMatched(next(factSets));
  })
  .add('hand-written: red flags + timeline', () => {
    handWrittenRedFlagsAndTimeline(next(factSets));
  })
  .add('json-logic-js: same rules', () => {
    jsonLogic.fired(next(nestedFactSets));
  })
  .add('compiled screening rules alone', () => {
    compiledScreening.run(next(screeningFactSets));
  })
  .add('bare json-rules-engine: screening rules', async () => {
    await bareScreening.run({ ...next(screeningFactSets) });
  });
if (zen !== undefined)
  bench.add('zen-engine: same rules (one JDM graph)', async () => {
    await zen.assessment.fired(next(zenFactSets));
  });

await bench.run();
endPhase('tinybench');

const rows = bench.tasks.map((task) => {
  const result = task.result;
  if (result === undefined || !('latency' in result)) throw new Error(`no result for ${task.name}`);
  return {
    name: task.name,
    mean: result.latency.mean * 1000,
    p50: (result.latency.p50 ?? 0) * 1000,
    p99: (result.latency.p99 ?? 0) * 1000,
    hz: result.throughput.mean,
  };
});
const byName = new Map(rows.map((row) => [row.name, row]));
const mean = (name: string): number => byName.get(name)?.mean ?? Number.NaN;

/**
 * Paired rounds for a ratio: each round runs the whole corpus through both tasks, alternating
 * which goes first, so that garbage one task leaves behind is not billed to the other. The
 * median of the per-round ratios is reported.
 */
async function pairedRatio(
  numerator: (index: number) => unknown,
  denominator: (index: number) => unknown,
  rounds = ROUNDS,
): Promise<number> {
  const timeCorpus = async (task: (index: number) => unknown): Promise<number> => {
    const start = process.hrtime.bigint();
    for (let index = 0; index < CORPUS; index += 1) await task(index);
    return Number(process.hrtime.bigint() - start);
  };
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      const n = await timeCorpus(numerator);
      ratios.push(n / (await timeCorpus(denominator)));
    } else {
      const d = await timeCorpus(denominator);
      ratios.push((await timeCorpus(numerator)) / d);
    }
  }
  ratios.sort((x, y) => x - y);
  return ratios[Math.floor(rounds / 2)] ?? Number.NaN;
}
const pairedLayer = await pairedRatio(
  (index) => onEngine.assess(checkIns[index] ?? {}),
  (index) => bare.run({ ...factSets[index] }),
);
const pairedShipped = await pairedRatio(
  (index) => shipped.assess(checkIns[index] ?? {}),
  (index) => bare.run({ ...factSets[index] }),
);
const pairedCompiled = await pairedRatio(
  (index) => bare.run({ ...factSets[index] }),
  (index) => compiled.run(factSets[index] ?? {}),
);
// The targets of issue 15 and the peers, each from its own paired rounds.
const pairedAssessCompiled = await pairedRatio(
  (index) => shipped.assess(checkIns[index] ?? {}),
  (index) => compiled.run(factSets[index] ?? {}),
);
const pairedScreenCompiled = await pairedRatio(
  (index) => shipped.screen(candidates[index] ?? {}),
  (index) => compiledScreening.run(screeningFactSets[index] ?? {}),
);
const pairedBareScreen = await pairedRatio(
  (index) => bareScreening.run({ ...screeningFactSets[index] }),
  (index) => shipped.screen(candidates[index] ?? {}),
);
const pairedJsonLogicCompiled = await pairedRatio(
  (index) => jsonLogic.fired(nestedFactSets[index] ?? {}),
  (index) => compiled.run(factSets[index] ?? {}),
);
const pairedJsonLogicAssess = await pairedRatio(
  (index) => jsonLogic.fired(nestedFactSets[index] ?? {}),
  (index) => shipped.assess(checkIns[index] ?? {}),
);
const pairedZenCompiled =
  zen === undefined
    ? undefined
    : await pairedRatio(
        (index) => zen.assessment.fired(zenFactSets[index] ?? {}),
        (index) => compiled.run(factSets[index] ?? {}),
      );
const pairedZenAssess =
  zen === undefined
    ? undefined
    : await pairedRatio(
        (index) => zen.assessment.fired(zenFactSets[index] ?? {}),
        (index) => shipped.assess(checkIns[index] ?? {}),
      );
const pairedFloor = await pairedRatio(
  (index) => compiledSubsetWithMatched(factSets[index] ?? {}),
  (index) => handWrittenRedFlagsAndTimeline(factSets[index] ?? {}),
);

endPhase('paired rounds');
const coldStart = process.hrtime.bigint();
const cold = createTriage({ now });
const created = process.hrtime.bigint();
await cold.assess(checkIns[0] ?? {});
const firstDone = process.hrtime.bigint();

const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const batchStart = process.hrtime.bigint();
let count = 0;
const levels = new Map<string, number>();
// A generator, so the batch holds one input at a time as it would reading a file.
function* batchInputs(): Generator {
  for (let index = 0; index < BATCH; index += 1) yield checkIns[index % CORPUS];
}
for await (const item of shipped.assessMany(batchInputs())) {
  count += 1;
  if (item.result !== undefined) levels.set(item.result.level, (levels.get(item.result.level) ?? 0) + 1);
  if (count % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
}
const batchSeconds = Number(process.hrtime.bigint() - batchStart) / 1e9;
endPhase('cold start and batch');

// The CLI streaming NDJSON (built package): same peak memory for 10x the lines means constant memory.
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const streamed: string[] = [];
if (existsSync(cli) && process.env['BENCH_SKIP_CLI'] !== '1') {
  const dir = mkdtempSync(join(tmpdir(), 'mt-bench-'));
  const reporter = join(dir, 'report-rss.cjs');
  writeFileSync(reporter, "process.on('exit', () => process.stderr.write(`maxRSS=${process.resourceUsage().maxRSS}\\n`));\n");
  for (const lines of [10_000, 100_000]) {
    const file = join(dir, `checkins-${String(lines)}.ndjson`);
    const out = createWriteStream(file);
    for (let index = 0; index < lines; index += 1) {
      // One line in 1,000 is invalid: it is reported and the stream goes on.
      const text = index % 1_000 === 999 ? '{ not json' : JSON.stringify(checkIns[index % CORPUS]);
      if (!out.write(`${text}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', reporter, cli, 'assess', '--ndjson', '--now', now().toISOString(), file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let outputLines = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 10) outputLines += 1;
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number];
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const maxRss = Number(/maxRSS=(\d+)/.exec(stderr)?.[1] ?? Number.NaN) / 1024;
    streamed.push(
      `${String(lines).padStart(7)} lines: ${outputLines.toString()} output lines, exit ${String(code)}, ${seconds.toFixed(1)} s, peak RSS ${maxRss.toFixed(0)} MiB`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
} else {
  streamed.push(existsSync(cli) ? 'skipped (BENCH_SKIP_CLI=1)' : 'skipped: dist/cli.js not built (npm run build)');
}

endPhase('cli');
const format = (n: number, digits = 1): string => n.toFixed(digits).padStart(10);
console.log(
  `\nmicroneedling-triage benchmark (Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${String(cpus().length)}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB)`,
);
console.log(
  `corpus: ${String(CORPUS)} generated check-ins and ${String(CORPUS)} candidates, half plausible and half sparse (seed ${String(SEED)}); ${String(rules.length)} assessment rules, ${String(screeningRules.length)} screening rules`,
);
console.log('equivalence, checked before timing:');
for (const line of equivalence) console.log(`  ${line}`);
console.log('');
console.log(`${'task'.padEnd(42)}${'mean µs'.padStart(10)}${'p50 µs'.padStart(10)}${'p99 µs'.padStart(10)}${'ops/s'.padStart(12)}`);
for (const row of rows)
  console.log(`${row.name.padEnd(42)}${format(row.mean)}${format(row.p50)}${format(row.p99)}${row.hz.toFixed(0).padStart(12)}`);
console.log(
  `\ncreateTriage() cold start: ${(Number(created - coldStart) / 1e6).toFixed(1)} ms; first assessment after it: ${(Number(firstDone - created) / 1e6).toFixed(2)} ms`,
);
console.log(
  `batch: ${String(count)} check-ins with assessMany in ${batchSeconds.toFixed(1)} s (${(count / batchSeconds).toFixed(0)}/s), peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (${(rssBefore / 2 ** 20).toFixed(0)} MiB before it); levels ${JSON.stringify(Object.fromEntries(LEVELS.map((level) => [level, levels.get(level) ?? 0])))}`,
);
console.log(`cli assess --ndjson (built package, one invalid line in 1,000):`);
for (const line of streamed) console.log(`  ${line}`);
console.log(`\nratios (same process, same corpus: tinybench means | median of ${String(ROUNDS)} paired rounds):`);
const ratio = (label: string, means: number, paired: number | undefined, note = ''): void => {
  console.log(`  ${label.padEnd(48)}${means.toFixed(2).padStart(8)}x${paired === undefined ? '' : ` | ${paired.toFixed(2)}x`}${note}`);
};
ratio(
  'our layer on the engine / bare engine',
  mean('assess on json-rules-engine (our layer)') / mean('bare json-rules-engine Engine.run'),
  pairedLayer,
  '  (target at most 1.25x)',
);
ratio('assess as shipped / bare engine', mean('assess (shipped: compiled)') / mean('bare json-rules-engine Engine.run'), pairedShipped);
ratio(
  'bare engine / compiled rules',
  mean('bare json-rules-engine Engine.run') / mean('compiled rules alone'),
  pairedCompiled,
  '  (target at least 50x)',
);
ratio(
  'compiled / hand-written (red flags + timeline)',
  mean('compiled rules: red flags + timeline') / mean('hand-written: red flags + timeline'),
  undefined,
);
ratio(
  'assess on the engine / assess as shipped',
  mean('assess on json-rules-engine (our layer)') / mean('assess (shipped: compiled)'),
  undefined,
);
const verdict = (paired: number, at: 'most' | 'least', target: number): string =>
  `  (target at ${at} ${String(target)}x: ${(at === 'most' ? paired <= target : paired >= target) ? 'met' : 'not met'})`;
console.log(`\ntargets (issue 15; tinybench means | median of ${String(ROUNDS)} paired rounds; the verdict is on the paired figure):`);
ratio(
  'assess / compiled rules alone',
  mean('assess (shipped: compiled)') / mean('compiled rules alone'),
  pairedAssessCompiled,
  verdict(pairedAssessCompiled, 'most', 5),
);
// The median of the reciprocals of an odd number of ratios is the reciprocal of their median.
ratio(
  'bare engine / assess',
  mean('bare json-rules-engine Engine.run') / mean('assess (shipped: compiled)'),
  1 / pairedShipped,
  verdict(1 / pairedShipped, 'least', 20),
);
ratio(
  'screen / compiled screening rules alone',
  mean('screen (shipped: compiled)') / mean('compiled screening rules alone'),
  pairedScreenCompiled,
  verdict(pairedScreenCompiled, 'most', 5),
);
ratio(
  'bare engine / screen (screening rules)',
  mean('bare json-rules-engine: screening rules') / mean('screen (shipped: compiled)'),
  pairedBareScreen,
  verdict(pairedBareScreen, 'least', 20),
);
console.log(
  `\npeers on the same ${String(rules.length)} assessment rules and facts (tinybench means | median of ${String(ROUNDS)} paired rounds):`,
);
ratio(
  'bare json-rules-engine / compiled rules alone',
  mean('bare json-rules-engine Engine.run') / mean('compiled rules alone'),
  pairedCompiled,
);
ratio('json-logic-js / compiled rules alone', mean('json-logic-js: same rules') / mean('compiled rules alone'), pairedJsonLogicCompiled);
ratio('json-logic-js / assess', mean('json-logic-js: same rules') / mean('assess (shipped: compiled)'), pairedJsonLogicAssess);
if (pairedZenCompiled === undefined || pairedZenAssess === undefined) {
  console.log(`  zen-engine: left out, its native binary does not load here (${'unavailable' in zenLoaded ? zenLoaded.unavailable : ''})`);
} else {
  ratio(
    'zen-engine / compiled rules alone',
    mean('zen-engine: same rules (one JDM graph)') / mean('compiled rules alone'),
    pairedZenCompiled,
  );
  ratio('zen-engine / assess', mean('zen-engine: same rules (one JDM graph)') / mean('assess (shipped: compiled)'), pairedZenAssess);
}
ratio('bare json-rules-engine / assess', mean('bare json-rules-engine Engine.run') / mean('assess (shipped: compiled)'), 1 / pairedShipped);
console.log(
  `\nthe floor (red flags + timeline, both giving reasons with matched values; tinybench means | median of ${String(ROUNDS)} paired rounds):`,
);
ratio(
  'compiled + matched / hand-written with reasons',
  mean('compiled + matched: red flags + timeline') / mean('hand-written: red flags + timeline'),
  pairedFloor,
);
console.log(`\nbench time: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s (${phases.join(', ')})`);
