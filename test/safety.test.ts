import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRuleSet, createTriage, decisionRank, isObservationError, levelRank, type RuleSetSource } from '../src/index.js';
import { fromQuestionnaireResponse } from '../src/fhir/index.js';
import { fullCandidateArbitrary, fullCheckInArbitrary, sparseCandidateArbitrary, sparseCheckInArbitrary } from './support/arbitraries.js';

/** Generated cases per property: a few thousand in `npm test`; `npm run test:deep` sets more. */
const RUNS = Number(process.env['FC_RUNS'] ?? 2000);
const now = (): Date => new Date('2026-03-10T12:00:00Z');
const triage = createTriage({ now });
const settings = { numRuns: RUNS };

/** JSON values that stress the parser: deep, wide, prototype keys, near-miss check-ins. */
const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }),
  fc.dictionary(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'signs', 'hoursSinceTreatment', 'previous'),
    fc.jsonValue({ maxDepth: 3 }),
  ),
  fc.record(
    {
      hoursSinceTreatment: fc.oneof(fc.double(), fc.string(), fc.constant(null)),
      signs: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })),
    },
    { requiredKeys: [] },
  ),
  sparseCheckInArbitrary,
  sparseCandidateArbitrary,
);

async function resolvesOrRejectsCleanly(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    expect(isObservationError(error), String(error)).toBe(true);
  }
}

describe(`invariant 1: any JSON value resolves or rejects with ObservationError (${String(RUNS)} runs each)`, () => {
  it('assess', async () => {
    await fc.assert(
      fc.asyncProperty(hostileJson, (input) => resolvesOrRejectsCleanly(() => triage.assess(input))),
      settings,
    );
  });
  it('screen', async () => {
    await fc.assert(
      fc.asyncProperty(hostileJson, (input) => resolvesOrRejectsCleanly(() => triage.screen(input))),
      settings,
    );
  });
  it('aftercare and fromQuestionnaireResponse', async () => {
    await fc.assert(
      fc.asyncProperty(hostileJson, async (input) => {
        await resolvesOrRejectsCleanly(() => Promise.resolve().then(() => triage.aftercare(input)));
        await resolvesOrRejectsCleanly(() =>
          Promise.resolve().then(() =>
            fromQuestionnaireResponse({ resourceType: 'QuestionnaireResponse', status: 'completed', item: input }),
          ),
        );
      }),
      settings,
    );
  });
});

/** The warning signs of the invariant 2, each applicable to any check-in (or not, when it needs 72 h). */
const WARNING_SIGNS: readonly [string, (checkIn: Record<string, unknown>) => Record<string, unknown> | undefined][] = [
  ...(
    [
      ['fever', { fever: true }],
      ['chills', { chills: true }],
      ['purulent discharge', { discharge: 'purulent' }],
      ['foul-smelling discharge', { discharge: 'foul-smelling' }],
      ['red streaks', { redStreaks: true }],
      ['rapidly spreading redness', { rapidlySpreading: true }],
      ['severe pain', { pain: 'severe' }],
      ['swollen lymph nodes', { swollenLymphNodes: true }],
      ['widespread swelling', { swellingWidespread: true }],
      ['blisters', { blisters: true }],
    ] as const
  ).map(([name, sign]): [string, (checkIn: Record<string, unknown>) => Record<string, unknown>] => [
    name,
    (checkIn) => ({ ...checkIn, signs: { ...(checkIn['signs'] as object | undefined), ...sign } }),
  ]),
  [
    'worsening redness after 72 h',
    (checkIn) =>
      typeof checkIn['hoursSinceTreatment'] === 'number' && checkIn['hoursSinceTreatment'] >= 72
        ? { ...checkIn, signs: { ...(checkIn['signs'] as object | undefined), rednessTrend: 'worsening' } }
        : undefined,
  ],
];

const CONTRAINDICATIONS: readonly Record<string, Record<string, unknown>>[] = [
  { conditions: { pregnant: true } },
  { conditions: { breastfeeding: true } },
  { conditions: { activeInfection: true } },
  { conditions: { activeColdSore: true } },
  { conditions: { activeAcne: true } },
  { conditions: { openWound: true } },
  { conditions: { sunburn: true } },
  { conditions: { inflamedSkin: true } },
  { conditions: { keloidHistory: true } },
  { conditions: { hypertrophicScarHistory: true } },
  { conditions: { immunosuppressed: true } },
  { conditions: { bleedingDisorder: true } },
  { conditions: { uncontrolledDiabetes: true } },
  { conditions: { eczema: true } },
  { conditions: { rosacea: true } },
  { conditions: { sensitiveSkin: true } },
  { medications: { onIsotretinoin: true } },
  { medications: { isotretinoinMonthsAgo: 3 } },
  { medications: { anticoagulants: true } },
  { medications: { retinoidDaysAgo: 1 } },
  { medications: { exfoliantDaysAgo: 5 } },
  { medications: { nsaidHoursAgo: 2 } },
  { medications: { supplementHoursAgo: 2 } },
];

/**
 * Whether a patch adds a contraindication rather than changing one: the field was unanswered,
 * false or "never", or the patch records a more recent use than the candidate had.
 */
function adds(candidate: Record<string, unknown>, patch: Record<string, Record<string, unknown>>): boolean {
  return Object.entries(patch).every(([group, fields]) =>
    Object.entries(fields).every(([key, value]) => {
      const existing = (candidate[group] as Record<string, unknown> | undefined)?.[key];
      if (existing === undefined || existing === null || existing === false) return true;
      return typeof existing === 'number' && typeof value === 'number' && value < existing;
    }),
  );
}

function withPatch(candidate: Record<string, unknown>, patch: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...candidate };
  for (const [key, value] of Object.entries(patch)) out[key] = { ...(candidate[key] as object | undefined), ...value };
  return out;
}

describe(`invariant 2: monotonicity (${String(RUNS)} runs each)`, () => {
  it('adding a warning sign never lowers the level', async () => {
    await fc.assert(
      fc.asyncProperty(sparseCheckInArbitrary, fc.constantFrom(...WARNING_SIGNS), async (checkIn, [, add]) => {
        const changed = add(checkIn);
        fc.pre(changed !== undefined);
        const [before, after] = await Promise.all([triage.assess(checkIn), triage.assess(changed)]);
        expect(levelRank(after.level)).toBeGreaterThanOrEqual(levelRank(before.level));
      }),
      settings,
    );
  });

  it('adding a contraindication never lowers the decision', async () => {
    await fc.assert(
      fc.asyncProperty(sparseCandidateArbitrary, fc.constantFrom(...CONTRAINDICATIONS), async (candidate, patch) => {
        fc.pre(adds(candidate, patch));
        const [before, after] = await Promise.all([triage.screen(candidate), triage.screen(withPatch(candidate, patch))]);
        expect(decisionRank(after.decision)).toBeGreaterThanOrEqual(decisionRank(before.decision));
      }),
      settings,
    );
  });
});

const RED_FLAG_QUESTIONS = [
  'fever',
  'chills',
  'malaise',
  'swollenLymphNodes',
  'discharge',
  'pain',
  'redStreaks',
  'rapidlySpreading',
  'rednessBeyondTreatedArea',
  'swellingWidespread',
  'blisters',
  'warmth',
];
const BLOCKING_QUESTIONS: readonly [string, string][] = [
  ['conditions', 'pregnant'],
  ['medications', 'onIsotretinoin'],
  ['medications', 'isotretinoinMonthsAgo'],
  ['conditions', 'immunosuppressed'],
  ['conditions', 'activeInfection'],
  ['conditions', 'activeColdSore'],
  ['conditions', 'keloidHistory'],
  ['conditions', 'bleedingDisorder'],
  ['medications', 'anticoagulants'],
];

describe(`invariant 3: unknown is not normal (${String(RUNS)} runs each)`, () => {
  it('a check-in with a red-flag question unanswered is never expected', async () => {
    await fc.assert(
      fc.asyncProperty(fullCheckInArbitrary, fc.constantFrom(...RED_FLAG_QUESTIONS), async (checkIn, question) => {
        const signs = Object.fromEntries(Object.entries(checkIn.signs).filter(([key]) => key !== question));
        expect((await triage.assess({ ...checkIn, signs })).level).not.toBe('expected');
      }),
      settings,
    );
  });

  it('a candidate with a blocking question unanswered is never told to proceed', async () => {
    await fc.assert(
      fc.asyncProperty(fullCandidateArbitrary, fc.constantFrom(...BLOCKING_QUESTIONS), async (candidate, [group, key]) => {
        const section = Object.fromEntries(
          Object.entries(candidate[group as 'conditions' | 'medications']).filter(([name]) => name !== key),
        );
        expect((await triage.screen({ ...candidate, [group]: section })).decision).not.toBe('proceed');
      }),
      settings,
    );
  });
});

function shuffledKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item, index) => shuffledKeys(item, seed + index));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const rotated = [...entries.slice(seed % Math.max(entries.length, 1)), ...entries.slice(0, seed % Math.max(entries.length, 1))].reverse();
  return Object.fromEntries(rotated.map(([key, item]) => [key, shuffledKeys(item, seed + 1)]));
}

function reversedRules(source: RuleSetSource): RuleSetSource {
  const files = Object.fromEntries(
    Object.entries(source.files).map(([name, content]) => {
      const rules = (content as { rules?: unknown[] }).rules;
      return [name, rules === undefined ? content : { ...(content as object), rules: [...rules].reverse() }];
    }),
  );
  return { ...source, files };
}

describe(`invariant 4: determinism (${String(RUNS)} runs each)`, () => {
  const reordered = createTriage({ now, ruleSet: reversedRules(builtinRuleSet) });

  it('same input, rules and clock give the same result, whatever the key order, list order or rule order', async () => {
    await fc.assert(
      fc.asyncProperty(sparseCheckInArbitrary, fc.nat(), async (checkIn, seed) => {
        const treatment = checkIn.treatment as { adjuncts?: string[] } | undefined;
        const exposures = checkIn.exposures as { activesResumed?: string[] } | undefined;
        const listsReversed = {
          ...checkIn,
          ...(treatment?.adjuncts === undefined ? {} : { treatment: { ...treatment, adjuncts: [...treatment.adjuncts].reverse() } }),
          ...(exposures?.activesResumed === undefined
            ? {}
            : { exposures: { ...exposures, activesResumed: [...exposures.activesResumed].reverse() } }),
        };
        const first = await triage.assess(checkIn);
        expect(await triage.assess(checkIn)).toEqual(first);
        expect(await triage.assess(shuffledKeys(listsReversed, seed))).toEqual(first);
        expect(await reordered.assess(checkIn)).toEqual(first);
      }),
      settings,
    );
  });

  it('the same for screenings', async () => {
    await fc.assert(
      fc.asyncProperty(sparseCandidateArbitrary, fc.nat(), async (candidate, seed) => {
        const first = await triage.screen({ ...candidate, screenedAt: '2026-03-10T12:00:00Z' });
        expect(await triage.screen(shuffledKeys({ ...candidate, screenedAt: '2026-03-10T12:00:00Z' }, seed))).toEqual(first);
        expect(await reordered.screen({ ...candidate, screenedAt: '2026-03-10T12:00:00Z' })).toEqual(first);
      }),
      settings,
    );
  });
});

describe('invariant 5: concurrency', () => {
  // json-rules-engine keeps run state on the Engine; the compiled evaluator keeps none. Both are held to it.
  it.each(['compiled', 'json-rules-engine'] as const)(
    '%s: 1,000 assessments and 1,000 screenings at once give what they give one at a time',
    async (evaluator) => {
      const triage = createTriage({ now, evaluator });
      const checkIns = fc.sample(sparseCheckInArbitrary, { numRuns: 1000, seed: 42 });
      const candidates = fc.sample(sparseCandidateArbitrary, { numRuns: 1000, seed: 43 });
      const sequential = [];
      for (const checkIn of checkIns) sequential.push(await triage.assess(checkIn));
      const sequentialScreens = [];
      for (const candidate of candidates) sequentialScreens.push(await triage.screen({ ...candidate, screenedAt: '2026-03-10T12:00:00Z' }));
      const [concurrent, concurrentScreens] = await Promise.all([
        Promise.all(checkIns.map((checkIn) => triage.assess(checkIn))),
        Promise.all(candidates.map((candidate) => triage.screen({ ...candidate, screenedAt: '2026-03-10T12:00:00Z' }))),
      ]);
      expect(concurrent).toEqual(sequential);
      expect(concurrentScreens).toEqual(sequentialScreens);
    },
    120_000,
  );
});

describe(`invariant 6: explanations (${String(RUNS)} runs each)`, () => {
  it('every urgent or contraindicated result names a reason at that grade, and every reason names a source', async () => {
    await fc.assert(
      fc.asyncProperty(sparseCheckInArbitrary, sparseCandidateArbitrary, async (checkIn, candidate) => {
        const [assessment, screening] = await Promise.all([triage.assess(checkIn), triage.screen(candidate)]);
        if (assessment.level === 'urgent')
          expect(assessment.reasons.filter((reason) => reason.level === 'urgent').length).toBeGreaterThan(0);
        if (screening.decision === 'contraindicated')
          expect(screening.reasons.filter((reason) => reason.decision === 'contraindicated').length).toBeGreaterThan(0);
        for (const reason of [...assessment.reasons, ...screening.reasons]) {
          expect(reason.sources.length).toBeGreaterThan(0);
          for (const source of reason.sources) expect(source.document).toMatch(/^00[0-4]_[0-9a-f]{16}\.txt$/);
        }
      }),
      settings,
    );
  });
});
