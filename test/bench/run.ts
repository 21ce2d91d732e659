// npm run bench: latency, throughput and side-by-side ratios (see docs/performance.md).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, type RuleProperties } from 'json-rules-engine';
import fc from 'fast-check';
import { Bench } from 'tinybench';
import { builtinRuleSet, createTriage, LEVELS, type AssessInput } from '../../src/index.js';
import { CompiledRules } from '../../src/engine/compiled-rules.js';
import { loadRuleSet } from '../../src/rules/load-rule-set.js';
import { normaliseCheckIn } from '../../src/checkin/normalise-checkin.js';
import { openFlaggedFacts, ruleStatuses } from '../../src/engine/open-questions.js';
import {
  plausibleCandidateArbitrary,
  plausibleCheckInArbitrary,
  sparseCandidateArbitrary,
  sparseCheckInArbitrary,
} from '../support/arbitraries.js';
import { handWrittenRedFlagsAndTimeline } from './hand-written.js';

const SEED = 20261122;
const CORPUS = 1_000;
const BATCH = 100_000;
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
const graded = rules.map((rule) => rule.graded);
// The facts each check-in produces (with the floor counter), as the rules see them.
const factSets = checkIns.map((checkIn) => {
  const { facts } = normaliseCheckIn(checkIn, now(), loaded.assessment);
  return { ...facts.values, openRedFlagQuestions: openFlaggedFacts(graded, ruleStatuses(graded, facts.values)).size };
});
const subsetIds = new Set(rules.filter((rule) => rule.file === 'red-flags.json' || rule.file === 'timeline.json').map((rule) => rule.id));

const shipped = createTriage({ now });
const onEngine = createTriage({ now, evaluator: 'json-rules-engine' });
const bare = new Engine(
  rules.map(
    (rule): RuleProperties => ({ name: rule.id, conditions: rule.conditions as RuleProperties['conditions'], event: { type: 'fired' } }),
  ),
  { allowUndefinedFacts: true },
);
const compiled = new CompiledRules(rules);
const compiledSubset = new CompiledRules(rules.filter((rule) => subsetIds.has(rule.id)));

// The floor must agree with the compiled subset before its time means anything.
for (const facts of factSets) {
  const expected = compiledSubset
    .run(facts)
    .filter((outcome) => outcome.fired)
    .map((outcome) => outcome.ruleId)
    .sort();
  const hand = handWrittenRedFlagsAndTimeline(facts).fired.sort();
  if (JSON.stringify(expected) !== JSON.stringify(hand))
    throw new Error(`hand-written classifier disagrees: ${JSON.stringify({ expected, hand })}`);
}

let i = 0;
const next = <T>(list: readonly T[]): T => list[i++ % list.length] as T;

const bench = new Bench({ time: 1500, warmup: true, warmupTime: 300 });
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
  .add('hand-written: red flags + timeline', () => {
    handWrittenRedFlagsAndTimeline(next(factSets));
  });

await bench.run();

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
async function pairedRatio(numerator: (index: number) => unknown, denominator: (index: number) => unknown, rounds = 15): Promise<number> {
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

const format = (n: number, digits = 1): string => n.toFixed(digits).padStart(10);
console.log(
  `\nmicroneedling-triage benchmark (Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${String(cpus().length)}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB)`,
);
console.log(
  `corpus: ${String(CORPUS)} generated check-ins and ${String(CORPUS)} candidates, half plausible and half sparse (seed ${String(SEED)}); ${String(rules.length)} assessment rules\n`,
);
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
console.log('\nratios (same process, same corpus: tinybench means | median of 15 paired rounds):');
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
