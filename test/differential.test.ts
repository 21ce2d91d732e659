import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRuleSet, createTriage, validateRuleSet, type RuleSetSource } from '../src/index.js';
import { CompiledRules } from '../src/engine/compiled-rules.js';
import { EngineRuleRunner } from '../src/engine/json-rules-engine-runner.js';
import type { RuleOutcome } from '../src/engine/rule-runner.js';
import { loadGoldenCorpus } from './support/golden-corpus.js';
import {
  plausibleCandidateArbitrary,
  plausibleCheckInArbitrary,
  sparseCandidateArbitrary,
  sparseCheckInArbitrary,
} from './support/arbitraries.js';
import { minimalRule, withExtraRule } from './support/rule-sets.js';

const now = (): Date => new Date('2026-03-10T12:00:00Z');
/**
 * Rules that use condition features beyond the built-in ones. (A valid rule set cannot negate an
 * answerable fact or the open-question counter, so `not` is compared on raw facts below.)
 */
const extra = withExtraRule(
  builtinRuleSet,
  minimalRule('x.counter', { all: [{ fact: 'openRedFlagQuestions', operator: 'greaterThan', value: 2 }] }),
  minimalRule('x.nested', {
    any: [
      {
        all: [
          { fact: 'signs.itch', operator: 'in', value: ['mild', null] },
          { fact: 'hoursSinceTreatment', operator: 'lessThanInclusive', value: 100 },
        ],
      },
      { fact: 'openRedFlagQuestions', operator: 'greaterThanInclusive', value: 1 },
    ],
  }),
  {
    ...minimalRule('x.lists', {
      all: [
        { fact: 'treatment.adjuncts', operator: 'contains', value: 'prp' },
        { fact: 'exposures.activesResumedEarly', operator: 'contains', value: 'retinoid' },
      ],
    }),
    sources: [{ document: '002_7e529fb54bb099b7.txt', section: 'A section', explains: ['treatment.adjuncts'] }],
  },
  { ...minimalRule('x.priority', { all: [{ fact: 'signs.fever', operator: 'equal', value: false }] }), priority: 5 },
);

/** Outcomes as plain data (their condition trees are built on first read). */
function plain(outcomes: readonly RuleOutcome[]): unknown[] {
  return outcomes.map(({ ruleId, fired, conditions }) => ({ ruleId, fired, conditions }));
}

function pair(ruleSet: RuleSetSource) {
  return {
    compiled: createTriage({ ruleSet, now }),
    engine: createTriage({ ruleSet, now, evaluator: 'json-rules-engine' }),
  };
}

describe('the compiled evaluator gives exactly what json-rules-engine gives', () => {
  const builtin = pair(builtinRuleSet);
  const extended = pair(extra);

  it('on every golden case (assessments and screenings, with traces)', async () => {
    const cases = loadGoldenCorpus().flatMap(({ cases: list }) => list);
    let compared = 0;
    for (const entry of cases) {
      const clock = entry.now === undefined ? now : () => new Date(entry.now ?? '');
      const [compiled, engine] = [builtin.compiled.withClock(clock), builtin.engine.withClock(clock)];
      // Golden inputs are JSON of unknown shape (some invalid on purpose): the safe forms take them.
      const run = async (triage: typeof compiled): Promise<unknown> => {
        const result = await (entry.kind === 'screening'
          ? triage.safeScreen(entry.input, { trace: true })
          : triage.safeAssess(entry.input, { trace: true }));
        return result.success ? result.data : { error: String(result.error) };
      };
      expect(await run(compiled)).toEqual(await run(engine));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(450);
  }, 120_000);

  // Sparse inputs reach every red flag and unanswered question; plausible ones reach 'expected' and 'proceed'.
  it.each([
    ['sparse', 5_000, sparseCheckInArbitrary],
    ['plausible', 3_000, plausibleCheckInArbitrary],
  ] as const)(
    'on %s generated check-ins (%i), with rules using every supported feature',
    async (_, numRuns, arbitrary) => {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (checkIn) => {
          expect(await extended.compiled.assess(checkIn, { trace: true })).toEqual(await extended.engine.assess(checkIn, { trace: true }));
        }),
        { numRuns },
      );
    },
    300_000,
  );

  it.each([
    ['sparse', 2_500, sparseCandidateArbitrary],
    ['plausible', 1_500, plausibleCandidateArbitrary],
  ] as const)(
    'on %s generated candidates (%i)',
    async (_, numRuns, arbitrary) => {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (candidate) => {
          const input = { ...candidate, screenedAt: '2026-03-10T12:00:00Z' };
          expect(await builtin.compiled.screen(input, { trace: true })).toEqual(await builtin.engine.screen(input, { trace: true }));
        }),
        { numRuns },
      );
    },
    300_000,
  );

  it('rule by rule, on raw facts including unknown, never and contradictory values', async () => {
    const rules = [
      {
        id: 'a',
        conditions: {
          all: [
            { fact: 'x', operator: 'lessThan' as const, value: 3 },
            { fact: 'y', operator: 'notIn' as const, value: ['a', 'b'] },
          ],
        },
      },
      {
        id: 'b',
        conditions: {
          any: [
            { fact: 'x', operator: 'greaterThanInclusive' as const, value: 3 },
            { fact: 'y', operator: 'equal' as const, value: null },
          ],
        },
      },
      { id: 'c', conditions: { not: { fact: 'z', operator: 'doesNotContain' as const, value: 'q' } } },
      {
        id: 'd',
        conditions: {
          all: [{ fact: 'z', operator: 'contains' as const, value: 'q' }, { not: { fact: 'x', operator: 'notEqual' as const, value: 1 } }],
        },
      },
    ];
    const compiled = new CompiledRules(rules);
    const engine = new EngineRuleRunner(rules);
    const value = fc.oneof(
      fc.constant(null),
      fc.constant(Number.POSITIVE_INFINITY),
      fc.integer({ min: -5, max: 10 }),
      fc.constantFrom('a', 'b', 'c', '3'),
      fc.constant(['q']),
      fc.constant([]),
    );
    await fc.assert(
      fc.asyncProperty(value, value, value, async (x, y, z) => {
        expect(plain(compiled.run({ x, y, z }))).toEqual(plain(await engine.run({ x, y, z })));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('validateRuleSet refuses what the compiler does not support (rather than compiling it differently)', () => {
  it.each([
    ['a fact reference as the value', { fact: 'signs.fever', operator: 'equal', value: { fact: 'signs.chills' } }, 'schema'],
    ['a path', { fact: 'signs.fever', operator: 'equal', value: true, path: '$.x' }, 'unsupported-key'],
    ['params', { fact: 'signs.fever', operator: 'equal', value: true, params: { x: 1 } }, 'unsupported-key'],
    ['a condition priority', { fact: 'signs.fever', operator: 'equal', value: true, priority: 2 }, 'unsupported-key'],
    ['an operator decorator', { fact: 'signs.fever', operator: 'not:equal', value: true }, 'unknown-operator'],
    ['a custom operator', { fact: 'signs.fever', operator: 'startsWith', value: true }, 'unknown-operator'],
  ])('%s', (_name, leaf, code) => {
    const diagnostics = validateRuleSet(withExtraRule(builtinRuleSet, minimalRule('x.unsupported', { all: [leaf] }))).diagnostics;
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toContain(code);
  });

  it('a condition reference', () => {
    const diagnostics = validateRuleSet(
      withExtraRule(builtinRuleSet, minimalRule('x.ref', { all: [{ condition: 'shared' }] })),
    ).diagnostics;
    expect(diagnostics.map((diagnostic) => diagnostic.message).join()).toContain("condition references ('condition') are not supported");
  });
});
