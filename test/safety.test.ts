import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtinRuleSet,
  createTriage,
  decisionRank,
  isObservationError,
  levelRank,
  type Assessment,
  type RuleSetSource,
  type Screening,
} from '../src/index.js';
import { fromQuestionnaireResponse } from '../src/fhir/index.js';
import { possibleTrends, sparseCandidateArbitrary, sparseCheckInArbitrary } from './support/arbitraries.js';
import { assessJson, screenJson, untyped } from './support/untyped.js';
import { concernStep, declaredFields, fieldValues, valueAt, withValueAt, type DeclaredField } from './support/declared-roles.js';

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
      fc.asyncProperty(hostileJson, (input) => resolvesOrRejectsCleanly(() => triage.assess(untyped(input)))),
      settings,
    );
  });
  it('screen', async () => {
    await fc.assert(
      fc.asyncProperty(hostileJson, (input) => resolvesOrRejectsCleanly(() => triage.screen(untyped(input)))),
      settings,
    );
  });
  it('aftercare and fromQuestionnaireResponse', async () => {
    await fc.assert(
      fc.asyncProperty(hostileJson, async (input) => {
        await resolvesOrRejectsCleanly(() => Promise.resolve().then(() => triage.aftercare(untyped(input))));
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

const CHECK_IN_FIELDS = declaredFields('checkin');
const SCREENING_FIELDS = declaredFields('screening');
const concernFields = (fields: readonly DeclaredField[]) => fields.filter((field) => typeof field.role === 'object');
const modifierFields = (fields: readonly DeclaredField[]) => fields.filter((field) => field.role === 'modifier');

/** Evaluates an input, or `undefined` when the changed input is no longer valid (a cross-field check). */
async function evaluated<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (isObservationError(error)) return undefined;
    throw error;
  }
}

/** A generated input with one field moved one step toward concern, per the field's declared role. */
function steppedTowardConcern<T extends object>(inputs: fc.Arbitrary<T>, fields: readonly DeclaredField[]) {
  return fc
    .tuple(inputs, fc.constantFrom(...fields))
    .chain(([input, field]) => {
      const step = concernStep(field, valueAt(input, field.field));
      return step === undefined
        ? fc.constant(undefined)
        : step.map((value) => ({ before: input, after: withValueAt(input, field.field, value), field: field.field, value }));
    })
    .filter((change) => change !== undefined);
}

describe(`invariant 2: moving any fact toward concern never lowers the result, by the declared roles (${String(RUNS)} runs each)`, () => {
  it('names every fact its rules read with a role: concern orders and modifiers', () => {
    expect(concernFields(CHECK_IN_FIELDS).map((field) => field.field)).toEqual(expect.arrayContaining(['signs.fever', 'signs.redness']));
    expect(modifierFields(CHECK_IN_FIELDS).map((field) => field.field)).toEqual(
      expect.arrayContaining(['treatment.depth', 'signs.bruising']),
    );
    expect(concernFields(SCREENING_FIELDS).map((field) => field.field)).toContain('medications.retinoidDaysAgo');
  });

  it('assess: one concern fact one step toward concern (unanswered: its most concerning answer)', async () => {
    await fc.assert(
      fc.asyncProperty(steppedTowardConcern(sparseCheckInArbitrary, concernFields(CHECK_IN_FIELDS)), async (change) => {
        const after = await evaluated(() => triage.assess(change.after));
        fc.pre(after !== undefined);
        const before = await triage.assess(change.before);
        expect(levelRank(after.level), `${change.field} -> ${JSON.stringify(change.value)}`).toBeGreaterThanOrEqual(
          levelRank(before.level),
        );
      }),
      settings,
    );
  });

  it('assess: a worse earlier check-in (a lower severity before, so the sign rose since)', async () => {
    const withHistory = fc.record({
      hoursSinceTreatment: fc.integer({ min: 30, max: 500 }),
      signs: fc
        .record(
          {
            redness: severityArbitrary,
            pain: severityArbitrary,
            swelling: severityArbitrary,
            rednessTrend: trendArbitrary,
            painTrend: trendArbitrary,
          },
          { requiredKeys: ['redness', 'pain', 'swelling'] },
        )
        .map(possibleTrends),
      // Earlier check-ins at distinct times (two at one time that disagree are refused).
      previous: fc.uniqueArray(
        fc.record({
          hoursSinceTreatment: fc.integer({ min: 0, max: 29 }),
          redness: severityArbitrary,
          pain: severityArbitrary,
          swelling: severityArbitrary,
        }),
        { minLength: 1, maxLength: 3, selector: (entry) => entry.hoursSinceTreatment },
      ),
    });
    await fc.assert(
      fc.asyncProperty(withHistory, fc.nat(), fc.constantFrom('redness', 'pain', 'swelling'), async (checkIn, pick, sign) => {
        const index = pick % checkIn.previous.length;
        const earlier = checkIn.previous[index];
        const rank = SEVERITIES.indexOf(earlier?.[sign] ?? 'none');
        fc.pre(rank > 0);
        const previous = checkIn.previous.map((entry, position) =>
          position === index ? { ...entry, [sign]: SEVERITIES[rank - 1] } : entry,
        );
        const [before, after] = await Promise.all([triage.assess(checkIn), triage.assess({ ...checkIn, previous })]);
        expect(levelRank(after.level)).toBeGreaterThanOrEqual(levelRank(before.level));
      }),
      settings,
    );
  });

  it('screen: one concern fact one step toward concern', async () => {
    await fc.assert(
      fc.asyncProperty(steppedTowardConcern(sparseCandidateArbitrary, concernFields(SCREENING_FIELDS)), async (change) => {
        const after = await evaluated(() => triage.screen(change.after));
        fc.pre(after !== undefined);
        const before = await triage.screen(change.before);
        expect(decisionRank(after.decision), `${change.field} -> ${JSON.stringify(change.value)}`).toBeGreaterThanOrEqual(
          decisionRank(before.decision),
        );
      }),
      settings,
    );
  });

  it.each([
    ['assess', CHECK_IN_FIELDS, sparseCheckInArbitrary],
    ['screen', SCREENING_FIELDS, sparseCandidateArbitrary],
  ] as const)(
    '%s: a modifier lowers the result only through a rule that tests it and cites a source that explains it',
    async (kind, fields, inputs) => {
      const explained = explainingRules(kind);
      const changes = fc
        .tuple(inputs, fc.constantFrom(...modifierFields(fields)))
        .chain(([input, field]) =>
          fc
            .constantFrom(undefined, ...fieldValues(field))
            .map((value) => ({ input, field, changed: withValueAt(input, field.field, value) })),
        );
      await fc.assert(
        fc.asyncProperty(changes, async ({ input, field, changed }) => {
          const run = (value: unknown): Promise<Assessment | Screening> =>
            kind === 'assess' ? assessJson(triage, value, { trace: true }) : screenJson(triage, value, { trace: true });
          const after = await evaluated(() => run(changed));
          fc.pre(after !== undefined);
          const before = await run(input);
          const grade = (result: Assessment | Screening): number =>
            'level' in result ? levelRank(result.level) : decisionRank(result.decision);
          if (grade(after) >= grade(before)) return;
          const changedRules = (before.trace ?? []).filter((entry) => {
            const other = after.trace?.find((candidate) => candidate.ruleId === entry.ruleId);
            return other === undefined || other.fired !== entry.fired || other.status !== entry.status;
          });
          const facts = [field.fact, ...(DERIVED_FROM.get(field.fact) ?? [])];
          expect(
            changedRules.some((entry) => facts.some((fact) => explained.get(entry.ruleId)?.has(fact) === true)),
            `${field.field} lowered the result through ${changedRules.map((entry) => entry.ruleId).join(', ')}`,
          ).toBe(true);
        }),
        settings,
      );
    },
  );
});

describe(`invariant 3: the floor is derived, and missing lists every question that could raise the result (${String(RUNS)} runs each)`, () => {
  /** A generated input with one unanswered field, and the results of answering it each way. */
  async function answeredEachWay<R>(input: object, field: DeclaredField, run: (value: unknown) => Promise<R>) {
    fc.pre(valueAt(input, field.field) === undefined);
    const results: { value: unknown; result: R }[] = [];
    for (const value of fieldValues(field)) {
      const result = await evaluated(() => run(withValueAt(input, field.field, value)));
      if (result !== undefined) results.push({ value, result });
    }
    return results;
  }

  it('assess: an unanswered question whose answer could reach contact-provider keeps the result above expected, and leads missing', async () => {
    await fc.assert(
      fc.asyncProperty(
        sparseCheckInArbitrary,
        fc.constantFrom(...CHECK_IN_FIELDS.filter((field) => field.field !== 'hoursSinceTreatment')),
        async (checkIn, field) => {
          const before = await triage.assess(checkIn);
          const answered = await answeredEachWay(checkIn, field, (value) => assessJson(triage, value));
          const open = before.missing.find((question) => question.field === field.field);
          for (const { value, result } of answered) {
            const because = `${field.field} = ${JSON.stringify(value)} gives ${result.level}`;
            if (levelRank(result.level) > levelRank(before.level)) expect(open, because).toBeDefined();
            if (levelRank(result.level) >= levelRank('contact-provider')) {
              expect(before.level, because).not.toBe('expected');
              if (levelRank(before.level) < levelRank(result.level)) expect(open?.redFlag, because).toBe(true);
            }
          }
          const flags = before.missing.map((question) => question.redFlag);
          expect(flags, 'red-flag questions come first').toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
          if (before.level === 'urgent') expect(before.missing).toEqual([]);
        },
      ),
      settings,
    );
  }, 180_000);

  it('screen: an unanswered question whose answer could postpone keeps the decision above proceed, and leads missing', async () => {
    await fc.assert(
      fc.asyncProperty(sparseCandidateArbitrary, fc.constantFrom(...SCREENING_FIELDS), async (candidate, field) => {
        const before = await triage.screen(candidate);
        fc.pre(!before.derived.some((derived) => derived.fact === field.fact)); // answered another way (e.g. depth from depthMm)
        const answered = await answeredEachWay(candidate, field, (value) => screenJson(triage, value));
        const open = before.missing.find((question) => question.field === field.field);
        for (const { value, result } of answered) {
          const because = `${field.field} = ${JSON.stringify(value)} gives ${result.decision}`;
          if (decisionRank(result.decision) > decisionRank(before.decision)) expect(open, because).toBeDefined();
          if (decisionRank(result.decision) >= decisionRank('postpone')) {
            expect(before.decision, because).not.toBe('proceed');
            if (decisionRank(before.decision) < decisionRank(result.decision)) expect(open?.blocking, because).toBe(true);
          }
        }
        if (before.decision === 'contraindicated') expect(before.missing).toEqual([]);
      }),
      settings,
    );
  }, 180_000);
});

/** For each rule, the modifier facts its sources explain. */
function explainingRules(kind: 'assess' | 'screen'): Map<string, Set<string>> {
  const wanted = kind === 'assess' ? 'assessment' : 'screening';
  return new Map(
    triage.rules
      .filter((rule) => rule.kind === wanted)
      .map((rule) => {
        const sources = (rule.definition as { sources: { explains?: string[] }[] }).sources;
        return [rule.id, new Set(sources.flatMap((source) => source.explains ?? []))];
      }),
  );
}

/** Facts the rule set derives from another fact (band derivations), by the fact they come from. */
const DERIVED_FROM = new Map<string, string[]>(
  Object.values(builtinRuleSet.files).flatMap((file) =>
    ((file as { derive?: { fact: string; from: string }[] }).derive ?? []).map((band) => [band.from, [band.fact]] as [string, string[]]),
  ),
);

const SEVERITIES = ['none', 'mild', 'moderate', 'severe'] as const;
const severityArbitrary = fc.constantFrom(...SEVERITIES);
const trendArbitrary = fc.constantFrom('improving', 'stable', 'worsening');

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
        expect(await assessJson(triage, shuffledKeys(listsReversed, seed))).toEqual(first);
        expect(await reordered.assess(checkIn)).toEqual(first);
      }),
      settings,
    );
  });

  it('the same for screenings', async () => {
    await fc.assert(
      fc.asyncProperty(sparseCandidateArbitrary, fc.nat(), async (candidate, seed) => {
        const first = await triage.screen({ ...candidate, screenedAt: '2026-03-10T12:00:00Z' });
        expect(await screenJson(triage, shuffledKeys({ ...candidate, screenedAt: '2026-03-10T12:00:00Z' }, seed))).toEqual(first);
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
  it('every urgent or contraindicated result names a reason at that grade; every reason cites its sources by title; normal healing is named only for an expected result; no advice line twice', async () => {
    const titles = new Map(
      (builtinRuleSet.files['sources.json'] as { sources: { document: string; title: string }[] }).sources.map((info) => [
        info.document,
        info.title,
      ]),
    );
    await fc.assert(
      fc.asyncProperty(sparseCheckInArbitrary, sparseCandidateArbitrary, async (checkIn, candidate) => {
        const [assessment, screening] = await Promise.all([triage.assess(checkIn), triage.screen(candidate)]);
        if (assessment.level === 'urgent')
          expect(assessment.reasons.filter((reason) => reason.level === 'urgent').length).toBeGreaterThan(0);
        if (screening.decision === 'contraindicated')
          expect(screening.reasons.filter((reason) => reason.decision === 'contraindicated').length).toBeGreaterThan(0);
        for (const reason of [...assessment.reasons, ...screening.reasons]) {
          expect(reason.sources.length).toBeGreaterThan(0);
          for (const source of reason.sources) {
            expect(source.document).toMatch(/^00[0-4]_[0-9a-f]{16}\.txt$/);
            expect(source.title).toBe(titles.get(source.document));
          }
        }
        if (assessment.level !== 'expected') expect(assessment.causes.map((cause) => cause.id)).not.toContain('normal-healing');
        for (const lines of [assessment.advice.now, assessment.advice.nowIds]) expect(new Set(lines).size).toBe(lines.length);
      }),
      settings,
    );
  });
});
