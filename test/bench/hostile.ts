// npm run bench:hostile: the worst hostile input we know of per entry point against a normal
// input, as a ratio of times (see docs/performance.md, "Hostile input"). A benchmark, not a test:
// it prints figures and exits 1 when a ratio reaches 10x.
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import fc from 'fast-check';
import { builtinRuleSet, createTriage, validateRuleSet, type RuleSetSource } from '../../src/index.js';
import { fromQuestionnaireResponse, QUESTIONNAIRE_URLS } from '../../src/fhir/index.js';
import { main, type CliIo } from '../../src/cli/main.js';
import { createIntakeServer } from '../../examples/intake-server/server.js';
import { plausibleCandidateArbitrary, plausibleCheckInArbitrary } from '../support/arbitraries.js';
import { sharedArrays, sharedChildren } from '../hostile/corpus.js';
import { untyped } from '../support/untyped.js';

const TARGET = 10;
const BODY_LIMIT = 64 * 1024;
const now = (): Date => new Date('2026-03-10T12:00:00Z');
const triage = createTriage({ now });

// ---------------------------------------------------------------- inputs

const normalCheckIns = fc.sample(plausibleCheckInArbitrary, { numRuns: 50, seed: 13 });
const normalCandidates = fc
  .sample(plausibleCandidateArbitrary, { numRuns: 50, seed: 14 })
  .map((input) => ({ ...input, screenedAt: '2026-03-10T12:00:00Z' }));

/** Pads `make(n)` to the largest n whose JSON stays within the HTTP example's body limit. */
function fill(make: (count: number) => unknown, limit = BODY_LIMIT - 512): unknown {
  let low = 1;
  let high = 1;
  while (JSON.stringify(make(high)).length <= limit) {
    high *= 2;
    if (high > 1e7) throw new Error('fill: the input never reaches the limit');
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (JSON.stringify(make(middle)).length <= limit) low = middle;
    else high = middle;
  }
  return make(low);
}

const keys = (count: number, prefix = 'fevr'): Record<string, boolean> =>
  Object.fromEntries(Array.from({ length: count }, (_, index) => [`${prefix}${String(index)}`, true]));

/** Hostile check-ins: each at most 64 KiB as JSON, or an object graph of a few objects JSON cannot express. */
const hostileCheckIns: readonly [string, () => unknown][] = [
  ['64 KiB: one long unknown key', () => fill((n) => ({ signs: { ['k'.repeat(n)]: true } }))],
  [
    '64 KiB: unknown keys spread over every object',
    () =>
      fill((n) => ({
        ...keys(n, 'x'),
        signs: keys(n),
        patient: { history: keys(n) },
        previous: Array.from({ length: 200 }, () => keys(Math.ceil(n / 20))),
      })),
  ],
  [
    '64 KiB: near-miss keys (each gets a suggestion)',
    () =>
      fill((n) => ({
        signs: Object.fromEntries(
          Array.from({ length: n }, (_, index) => [`fevr${'x'.repeat(index % 3)}`.slice(0, 5) + String(index), true]),
        ),
      })),
  ],
  [
    '208 earlier check-ins, every field of the wrong type (15 KiB)',
    () => ({
      previous: Array.from({ length: 208 }, () => ({ redness: 1, pain: 2, swelling: 3, hoursSinceTreatment: 'x', assessedAt: 5 })),
    }),
  ],
  ['64 KiB: nesting as deep as it fits', (): unknown => JSON.parse(`${'{"signs":'.repeat(6_000)}{}${'}'.repeat(6_000)}`) as unknown],
  ['64 KiB: a long string value', () => fill((n) => ({ treatedAt: 'x'.repeat(n) }))],
  ['2-million-character key', () => ({ signs: { ['k'.repeat(2_000_000)]: true } })],
  ['80 objects sharing their children', () => ({ signs: sharedChildren(80) })],
  ['4 levels of 90 shared children', () => ({ signs: sharedChildren(4, 90) })],
  [
    'a cycle',
    () => {
      const node: Record<string, unknown> = {};
      node['self'] = node;
      return { signs: node };
    },
  ],
  [
    'a throwing Proxy',
    () => ({
      signs: new Proxy(
        {},
        {
          ownKeys: () => {
            throw new Error('x');
          },
        },
      ),
    }),
  ],
  ['a million-item array', () => ({ previous: new Array<number>(1_000_000).fill(0) })],
];
/** The hostile check-ins JSON can express (not the object graphs), as texts for the CLI and HTTP. */
const GRAPHS = new Set(['80 objects sharing their children', '4 levels of 90 shared children', 'a cycle', 'a throwing Proxy']);
const texts = new Map(
  hostileCheckIns
    .filter(([name]) => !GRAPHS.has(name))
    .map(([name, make]) => [
      name,
      (() => {
        try {
          return JSON.stringify(make());
        } catch {
          return undefined;
        }
      })(),
    ]),
);

const normalResponse = {
  resourceType: 'QuestionnaireResponse',
  questionnaire: QUESTIONNAIRE_URLS.checkin,
  status: 'completed',
  item: [
    { linkId: 'hoursSinceTreatment', answer: [{ valueDecimal: 30 }] },
    {
      linkId: 'signs',
      item: ['redness', 'pain', 'swelling'].map((sign) => ({ linkId: `signs.${sign}`, answer: [{ valueCoding: { code: 'mild' } }] })),
    },
  ],
};
const hostileResponses: readonly [string, () => unknown][] = [
  [
    '64 KiB: unknown linkIds',
    () =>
      fill((n) => ({
        ...normalResponse,
        item: Array.from({ length: n }, (_, index) => ({ linkId: `signs.fevr${String(index)}`, answer: [{ valueBoolean: true }] })),
      })),
  ],
  [
    '64 KiB: one long linkId',
    () => fill((n) => ({ ...normalResponse, item: [{ linkId: 'x'.repeat(n), answer: [{ valueBoolean: true }] }] })),
  ],
  [
    '64 KiB: wrong answers',
    () =>
      fill((n) => ({
        ...normalResponse,
        item: Array.from({ length: n }, () => ({ linkId: 'signs.fever', answer: [{ valueString: 'yes' }] })),
      })),
  ],
  [
    '64 KiB: nested items as deep as allowed',
    () => {
      let item: unknown = { linkId: 'signs.fever', answer: [{ valueBoolean: true }] };
      for (let level = 0; level < 7; level += 1) item = { linkId: 'signs', item: [item] };
      return { ...normalResponse, item: [item] };
    },
  ],
  ['80 objects sharing their children', () => ({ ...normalResponse, meta: sharedChildren(80) })],
];

// ---------------------------------------------------------------- timing

async function settle(task: () => unknown): Promise<void> {
  try {
    await task();
  } catch {
    // refused, as it should be: the time to refuse is what is measured
  }
}

/** Calls per batch so that a batch takes about `target` milliseconds (at least one call). */
async function batchSize(task: () => unknown, target = 8): Promise<number> {
  const start = process.hrtime.bigint();
  await settle(task);
  const once = Number(process.hrtime.bigint() - start) / 1e6;
  return Math.max(1, Math.min(200, Math.round(target / Math.max(once, 0.001))));
}

/**
 * The ratio of a hostile task to a normal one, as the median of paired rounds that alternate
 * which goes first (as the main benchmark does), so both see the same moment of a shared machine.
 */
async function pairedRatio(
  hostile: () => unknown,
  normal: () => unknown,
  rounds = 9,
): Promise<{ ratio: number; hostile: number; normal: number }> {
  await settle(hostile);
  await settle(normal);
  const hostileBatch = await batchSize(hostile);
  const normalBatch = await batchSize(normal);
  const run = async (task: () => unknown, batch: number): Promise<number> => {
    const start = process.hrtime.bigint();
    for (let index = 0; index < batch; index += 1) await settle(task);
    return Number(process.hrtime.bigint() - start) / 1e3 / batch;
  };
  const ratios: number[] = [];
  const hostileTimes: number[] = [];
  const normalTimes: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    let h: number;
    let n: number;
    if (round % 2 === 0) {
      h = await run(hostile, hostileBatch);
      n = await run(normal, normalBatch);
    } else {
      n = await run(normal, normalBatch);
      h = await run(hostile, hostileBatch);
    }
    hostileTimes.push(h);
    normalTimes.push(n);
    ratios.push(h / n);
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  return { ratio: median(ratios), hostile: median(hostileTimes), normal: median(normalTimes) };
}

const fmt = (micros: number): string => (micros >= 10_000 ? `${(micros / 1000).toFixed(1)} ms` : `${micros.toFixed(0)} µs`);

interface Row {
  readonly entry: string;
  readonly normal: number;
  readonly worst: string;
  readonly hostile: number;
  readonly ratio: number;
}
const rows: Row[] = [];

/** The worst of the hostile inputs for one entry point, against its normal inputs (taken in turn). */
async function measure(
  entry: string,
  run: (input: unknown) => unknown,
  normalInputs: readonly unknown[],
  hostile: readonly [string, () => unknown][],
): Promise<void> {
  let index = 0;
  const normal = (): unknown => run(normalInputs[index++ % normalInputs.length]);
  let worst: Row | undefined;
  for (const [name, make] of hostile) {
    const input = make();
    const result = await pairedRatio(() => run(input), normal);
    if (process.env['BENCH_VERBOSE'] === '1')
      console.log(`  ${entry}: ${name}: ${fmt(result.hostile)} against ${fmt(result.normal)}, ${result.ratio.toFixed(1)}x`);
    if (worst === undefined || result.ratio > worst.ratio)
      worst = { entry, normal: result.normal, worst: name, hostile: result.hostile, ratio: result.ratio };
  }
  if (worst !== undefined) {
    rows.push(worst);
    console.log(`measured ${entry}: worst ${worst.worst}, ${worst.ratio.toFixed(1)}x`);
  }
}

// ---------------------------------------------------------------- entry points

await measure('assess (library)', (input) => triage.assess(untyped(input)), normalCheckIns, hostileCheckIns);
await measure('screen (library)', (input) => triage.screen(untyped(input)), normalCandidates, hostileCheckIns);
await measure(
  'aftercare (library)',
  (input) => triage.aftercare(untyped(input)),
  [{ hoursSinceTreatment: 60 }, { treatedAt: '2026-03-08T12:00:00Z', clearedByProvider: true }],
  hostileCheckIns,
);
await measure('fromQuestionnaireResponse (FHIR)', (input) => fromQuestionnaireResponse(input), [normalResponse], hostileResponses);
await measure(
  'assessMany (batch of 1)',
  async (input) => {
    for await (const item of triage.assessMany([input])) void item;
  },
  normalCheckIns,
  hostileCheckIns,
);

// The CLI in-process: one command, a fresh triage each time, as a shell would run it.
const cliIo = (stdin: string): CliIo => ({ stdout: () => undefined, stderr: () => undefined, stdin: () => Promise.resolve(stdin) });
const cliTexts: [string, () => unknown][] = [...texts].flatMap(([name, text]) =>
  text === undefined || text.length > 3_000_000 ? [] : [[name, () => text] as [string, () => unknown]],
);
await measure(
  'CLI: assess - (in-process)',
  (text) => main(['assess', '--now', '2026-03-10T12:00:00Z', '-'], cliIo(String(text)), '0.0.0'),
  normalCheckIns.map((input) => JSON.stringify(input)),
  cliTexts,
);

// The HTTP example over loopback: what a client sees.
const server = createIntakeServer({ triage });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
const post = async (body: unknown): Promise<void> => {
  const response = await fetch(`${base}/assess`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: String(body) });
  await response.text();
};
const httpTexts = cliTexts.filter(([, make]) => String(make()).length <= BODY_LIMIT);
await measure(
  'HTTP example: POST /assess',
  post,
  normalCheckIns.map((input) => JSON.stringify(input)),
  httpTexts,
);
await new Promise<void>((resolve) => {
  server.close(() => {
    resolve();
  });
  server.closeIdleConnections();
});

// The rule-set loader: a layer of the same size as the built-in rules, or a hostile one.
const layer = (rules: unknown[]): RuleSetSource => ({
  id: 'layer',
  version: '1.0.0',
  files: { 'layer.json': { id: 'layer', version: '1.0.0', kind: 'assessment', title: 'Layer', rules } },
});
const rule = (index: number, conditions: unknown): Record<string, unknown> => ({
  id: `layer.r${String(index)}`,
  description: 'A rule of a hostile layer.',
  sources: [{ document: 'layer', section: 'layer' }],
  conditions,
  event: { type: 'assessment', params: { level: 'monitor', message: { clinician: 'c', patient: 'p' } } },
});
const normalLayer = layer(
  Array.from({ length: 10 }, (_, index) => rule(index, { all: [{ fact: 'signs.fever', operator: 'equal', value: true }] })),
);
const hostileLayers: [string, () => unknown][] = [
  [
    '300 rules with 19,000-character unknown facts',
    () =>
      layer(
        Array.from({ length: 300 }, (_, index) =>
          rule(index, { all: [{ fact: `signs.${'x'.repeat(19_000)}${String(index)}`, operator: 'equal', value: true }] }),
        ),
      ),
  ],
  ['a condition built in code with shared subtrees (2^11 leaves: the largest accepted)', () => layer([rule(0, sharedArrays(11))])],
  ['a condition built in code with shared subtrees (2^25 leaves: refused)', () => layer([rule(0, sharedArrays(25))])],
  [
    '300 rules with near-miss facts',
    () =>
      layer(
        Array.from({ length: 300 }, (_, index) =>
          rule(index, { all: [{ fact: 'signs.fevr', operator: 'equal', value: index % 2 === 0 }] }),
        ),
      ),
  ],
];
const load = (source: unknown): void => {
  try {
    createTriage({ ruleSets: [source as RuleSetSource] });
  } catch {
    // a hostile layer is refused
  }
};
const validate = (source: unknown): unknown =>
  validateRuleSet({ ...builtinRuleSet, files: { ...builtinRuleSet.files, ...(source as RuleSetSource).files } });
await measure('createTriage({ ruleSets: [layer] })', load, [normalLayer], hostileLayers);
await measure('validateRuleSet (built-in + layer files)', validate, [normalLayer], hostileLayers);

// A rule set has no size limit short of the file limits: against a normal layer as large as the
// hostile one (as many conditions), what the hostile shape itself costs.
const sameSize = (conditions: number): RuleSetSource =>
  layer(
    Array.from({ length: Math.ceil(conditions / 4) }, (_, index) =>
      rule(index, {
        any: [
          { fact: 'signs.fever', operator: 'equal', value: true },
          { fact: 'signs.chills', operator: 'equal', value: true },
          { fact: 'signs.redness', operator: 'in', value: ['moderate', 'severe'] },
          { fact: 'hoursSinceTreatment', operator: 'greaterThan', value: index % 300 },
        ],
      }),
    ),
  );
await measure('createTriage, same-size normal layer', load, [sameSize(2 ** 11)], [hostileLayers[1] as [string, () => unknown]]);
await measure(
  'validateRuleSet, same-size normal layer',
  validate,
  [sameSize(300)],
  [hostileLayers[0] as [string, () => unknown], hostileLayers[3] as [string, () => unknown]],
);

// ---------------------------------------------------------------- report

console.log(
  `\nmicroneedling-triage hostile-input benchmark (Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${String(cpus().length)})`,
);
console.log('median of paired rounds; hostile inputs at most 64 KiB as JSON, or object graphs of a few objects\n');
console.log(
  `${'entry point'.padEnd(42)}${'normal'.padStart(10)}  ${'worst hostile input'.padEnd(58)}${'hostile'.padStart(10)}${'ratio'.padStart(8)}`,
);
for (const row of rows)
  console.log(
    `${row.entry.padEnd(42)}${fmt(row.normal).padStart(10)}  ${row.worst.padEnd(58)}${fmt(row.hostile).padStart(10)}${`${row.ratio.toFixed(1)}x`.padStart(8)}`,
  );
const over = rows.filter((row) => row.ratio >= TARGET);
console.log(
  over.length === 0 ? `\nevery ratio under ${String(TARGET)}x` : `\nOVER ${String(TARGET)}x: ${over.map((row) => row.entry).join(', ')}`,
);
process.exitCode = over.length === 0 ? 0 : 1;
