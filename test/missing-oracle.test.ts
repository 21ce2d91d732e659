import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTriage, isObservationError, levelRank, type Assessment } from '../src/index.js';
import { fullCheckInArbitrary, sparseCandidateArbitrary, sparseCheckInArbitrary } from './support/arbitraries.js';
import { valueAt, withValueAt } from './support/declared-roles.js';
import { checkInOracle, oracleFindings, raisingUnasked, screeningOracle } from './support/missing-oracle.js';
import { CLOCK, partialCheckInArbitrary, permuted } from './support/partial-arbitraries.js';
import { untyped } from './support/untyped.js';
import { loadGoldenCorpus } from './support/golden-corpus.js';

/*
 * `missing`, the safety floor and the trend facts judged against a brute-force oracle that only
 * evaluates inputs (test/support/missing-oracle.ts): partial and serial check-ins, sparse
 * candidates. `npm run test:deep` runs ten times as many.
 */

const SCALE = Number(process.env['FC_RUNS'] ?? 2000) / 2000;
const runs = (count: number): number => Math.max(1, Math.round(count * SCALE));
const triage = createTriage({ now: () => new Date(CLOCK) });
const CHECK_IN = checkInOracle(triage);
const SCREENING = screeningOracle(triage);

function assess(input: unknown): Assessment {
  return triage.assessSync(untyped(input));
}

function refusal(input: unknown): { path: string; code: string }[] {
  try {
    triage.assessSync(untyped(input));
  } catch (error) {
    if (isObservationError(error)) return error.issues.map(({ path, code }) => ({ path, code }));
    throw error;
  }
  return [];
}

const fields = (result: Assessment): string[] => result.missing.map((entry) => entry.field);
const severity = fc.constantFrom('none', 'mild', 'moderate', 'severe');

/** Every warning-sign question answered "no", the rest as given. */
const calm = {
  fever: false,
  chills: false,
  malaise: false,
  swollenLymphNodes: false,
  rapidlySpreading: false,
  redStreaks: false,
  rednessBeyondTreatedArea: false,
  swellingWidespread: false,
  blisters: false,
  groupedVesicles: false,
  heavyBleeding: false,
  pinpointBleeding: 'none',
  discharge: 'none',
  warmth: 'none',
  pain: 'none',
  itch: 'none',
  discoloration: 'none',
  nodules: false,
  raisedScar: false,
  telangiectasia: false,
  flushing: false,
  burning: false,
} as const;
const quiet = {
  patient: {
    fitzpatrick: 2,
    history: { rosacea: false, keloid: false, hsv: false, eczema: false, immunosuppressed: false, diabetes: false, sensitiveSkin: false },
  },
  treatment: { depth: 'medium', device: 'pen', adjuncts: [] },
  exposures: { newProductApplied: false, activesResumed: [] },
} as const;

describe('the listed examples (issue 19), each a class the oracle below covers', () => {
  it('1. earlier check-ins are placed in time: any order gives the same result; an entry without a time or an answer is refused', () => {
    const current = { hoursSinceTreatment: 100, signs: { redness: 'moderate' } };
    const entries = [
      { hoursSinceTreatment: 90, redness: 'none' },
      { hoursSinceTreatment: 20, redness: 'severe' },
    ];
    const forward = assess({ ...current, previous: entries });
    expect(forward.level).toBe('contact-provider');
    expect(assess({ ...current, previous: [...entries].reverse() })).toEqual(forward);
    expect(refusal({ ...current, previous: [entries[0], {}, entries[1]] })).toEqual([
      { path: 'previous.1', code: 'required' },
      { path: 'previous.1', code: 'missing_time' },
    ]);
    expect(refusal({ ...current, previous: [{ pain: 'none' }, ...entries] })).toEqual([{ path: 'previous.0', code: 'missing_time' }]);
    // Timestamps with no current time: placed by their own clock, newest first or last alike.
    const stamped = [
      { assessedAt: '2026-03-10T02:00:00Z', redness: 'none' },
      { assessedAt: '2026-03-07T00:00:00Z', redness: 'severe' },
    ];
    const byClock = assess({ signs: { redness: 'moderate' }, previous: stamped });
    expect(byClock.derived.find((fact) => fact.fact === 'signs.rednessTrend')?.value).toBe('worsening');
    expect(assess({ signs: { redness: 'moderate' }, previous: [...stamped].reverse() })).toEqual(byClock);
    // Two at the same time that disagree: refused; that agree: fine, in either order.
    expect(
      refusal({
        ...current,
        previous: [
          { hoursSinceTreatment: 50, redness: 'none' },
          { hoursSinceTreatment: 50, redness: 'severe' },
        ],
      }),
    ).toEqual([{ path: 'previous.1', code: 'conflicting_answers' }]);
  });

  it('1b. (found by the outside attack) no reading of an earlier check-in can hide a worsening', () => {
    const worse = { signs: { ...calm, redness: 'severe' } };
    // With the current time unknown, hours and timestamps that tell two different orders: refused.
    expect(
      refusal({
        ...worse,
        previous: [
          { hoursSinceTreatment: 10, assessedAt: '2026-03-10T10:00:00Z', redness: 'mild' },
          { hoursSinceTreatment: 20, assessedAt: '2026-03-10T00:00:00Z', redness: 'severe' },
        ],
      }),
    ).toEqual([{ path: 'previous.1.hoursSinceTreatment', code: 'inconsistent_time' }]);
    // A timestamp after the current check-in is refused even beside hours.
    expect(
      refusal({ ...worse, previous: [{ hoursSinceTreatment: 10, assessedAt: '2026-03-12T00:00:00Z', redness: 'severe' }] }),
    ).toContainEqual({
      path: 'previous.0.hoursSinceTreatment',
      code: 'previous_after_current',
    });
    // A copy of the current check-in in `previous` is not an earlier check-in: it does not become the baseline.
    const current = { hoursSinceTreatment: 50, ...quiet, signs: { ...calm, redness: 'moderate', rednessTrend: 'improving' } };
    const history = [{ hoursSinceTreatment: 10, redness: 'mild' }];
    const level = assess({ ...current, previous: history }).level;
    expect(level).toBe('contact-provider');
    expect(assess({ ...current, previous: [...history, { hoursSinceTreatment: 50, redness: 'moderate' }] }).level).toBe(level);
    expect(
      assess({ ...current, treatedAt: '2026-03-08T09:06:00Z', previous: [...history, { hoursSinceTreatment: 50.5, redness: 'moderate' }] })
        .level,
    ).toBe(level);
  });

  it('2. a stated trend stays open beside a recorded one, and stating it can raise the result', () => {
    const input = {
      hoursSinceTreatment: 60,
      ...quiet,
      signs: { ...calm, swelling: 'mild' },
      previous: [{ hoursSinceTreatment: 24, swelling: 'moderate' }],
    };
    const before = assess(input);
    expect(fields(before)).toContain('signs.swellingTrend');
    expect(before.level).not.toBe('expected');
    expect(assess({ ...input, signs: { ...input.signs, swellingTrend: 'worsening' } }).level).toBe('contact-provider');
  });

  it('3. a trend answered before its sign does not hide the sign', () => {
    const at = (hours: number, redness?: string) =>
      assess({
        hoursSinceTreatment: hours,
        ...quiet,
        signs: { ...calm, malaise: true, rednessTrend: 'improving', ...(redness === undefined ? {} : { redness }) },
        previous: [{ hoursSinceTreatment: 50, redness: 'none' }],
      });
    const open = at(100);
    expect(open.level).toBe('contact-provider');
    expect(open.missing.find((entry) => entry.field === 'signs.redness')?.couldRaiseTo).toBe('urgent');
    expect(at(100, 'mild').level).toBe('urgent');

    const early = assess({
      hoursSinceTreatment: 60,
      ...quiet,
      signs: { ...calm, rednessTrend: 'improving' },
      previous: [{ hoursSinceTreatment: 50, redness: 'none' }],
    });
    const redness = early.missing.find((entry) => entry.field === 'signs.redness');
    expect(levelRank(redness?.couldRaiseTo ?? 'expected')).toBeGreaterThanOrEqual(levelRank('contact-provider'));
    expect(
      assess({
        hoursSinceTreatment: 60,
        ...quiet,
        signs: { ...calm, rednessTrend: 'improving', redness: 'moderate' },
        previous: [{ hoursSinceTreatment: 50, redness: 'none' }],
      }).level,
    ).toBe('contact-provider');
  });

  it('4. missing never names an answered question (actives answered "none", the time unknown)', () => {
    expect(fields(assess({ exposures: { activesResumed: [] } }))).not.toContain('exposures.activesResumed');
  });

  it('5. two ways of giving the same thing that disagree are refused, naming both', () => {
    const screening = (): string[] => {
      try {
        triage.screenSync(untyped({ conditions: { keloidHistory: true }, plannedTreatment: { depth: 'superficial', depthMm: 2.5 } }));
      } catch (error) {
        if (isObservationError(error)) return error.issues.map((issue) => `${issue.path}:${issue.code}`);
      }
      return [];
    };
    expect(screening()).toEqual(['plannedTreatment.depth:inconsistent_answer', 'plannedTreatment.depthMm:inconsistent_answer']);
    expect(refusal({ treatment: { depth: 'deep', depthMm: 0.3 } })).toEqual([
      { path: 'treatment.depth', code: 'inconsistent_answer' },
      { path: 'treatment.depthMm', code: 'inconsistent_answer' },
    ]);
    // Hours and timestamps within an hour of each other, but on either side of 48 h: refused; on one side: accepted.
    expect(refusal({ hoursSinceTreatment: 47.5, treatedAt: '2026-03-08T11:36:00Z', signs: { warmth: 'intense' } })).toEqual([
      { path: 'hoursSinceTreatment', code: 'inconsistent_answer' },
      { path: 'treatedAt', code: 'inconsistent_answer' },
    ]);
    expect(refusal({ hoursSinceTreatment: 49, treatedAt: '2026-03-08T11:36:00Z' })).toEqual([]);
    // A sign that is absent cannot be getting worse.
    expect(refusal({ signs: { swelling: 'none', swellingTrend: 'worsening' } })).toEqual([
      { path: 'signs.swellingTrend', code: 'inconsistent_answer' },
      { path: 'signs.swelling', code: 'inconsistent_answer' },
    ]);
  });

  it('6. the trend of a sign that is absent holds nothing', () => {
    for (const sign of ['redness', 'pain', 'swelling'] as const) {
      const result = assess({
        hoursSinceTreatment: 72,
        ...quiet,
        signs: { ...calm, redness: 'mild', [sign]: 'none', rednessTrend: 'improving' },
      });
      expect(fields(result), sign).not.toContain(`signs.${sign}Trend`);
    }
    const noSwelling = assess({
      hoursSinceTreatment: 72,
      ...quiet,
      signs: { ...calm, redness: 'mild', rednessTrend: 'improving', painTrend: 'improving', swelling: 'none' },
    });
    expect(noSwelling.level).toBe('expected');
  });
});

describe('the oracle: missing and the floor are exactly what single answers can raise', () => {
  const agrees = (kind: typeof CHECK_IN, input: object): void => {
    expect(oracleFindings(kind, input), JSON.stringify(input)).toEqual([]);
  };

  it(`on partial and serial check-ins (${String(runs(100))} cases)`, () => {
    fc.assert(
      fc.property(partialCheckInArbitrary, (input) => {
        agrees(CHECK_IN, input);
      }),
      { numRuns: runs(100), seed: 19 },
    );
  }, 600_000);

  it(`on sparse check-ins (${String(runs(40))} cases)`, () => {
    fc.assert(
      fc.property(sparseCheckInArbitrary, (input) => {
        agrees(CHECK_IN, input);
      }),
      { numRuns: runs(40), seed: 20 },
    );
  }, 600_000);

  it(`on sparse candidates (${String(runs(1500))} cases)`, () => {
    fc.assert(
      fc.property(sparseCandidateArbitrary, (input) => {
        agrees(SCREENING, input);
      }),
      { numRuns: runs(1500), seed: 21 },
    );
  }, 600_000);

  // Every eighth golden case in `npm test` (each takes the oracle about half a second); all of them in `npm run test:deep`.
  const stride = SCALE >= 10 ? 1 : 8;
  it(`on ${stride === 1 ? 'every' : 'every eighth'} golden check-in and candidate that assesses`, () => {
    let checked = 0;
    const golden = loadGoldenCorpus().flatMap(({ cases }) => cases);
    for (const [index, entry] of golden.entries()) {
      if (index % stride !== 0) continue;
      {
        const at = createTriage({ now: () => new Date(entry.now ?? CLOCK) });
        const kind = entry.kind === 'screening' ? screeningOracle(at) : checkInOracle(at);
        if (kind.evaluate(entry.input as object) === undefined) continue;
        expect(oracleFindings(kind, entry.input as object), entry.name).toEqual([]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(500 / stride);
  }, 600_000);

  it('the oracle itself fails where it should: a field that raises the result but is not listed, and a listed field that cannot', () => {
    const hidden = {
      ...CHECK_IN,
      evaluate: (input: object) => {
        const result = CHECK_IN.evaluate(input);
        return result === undefined ? undefined : { ...result, missing: result.missing.filter((entry) => entry.field !== 'signs.fever') };
      },
    };
    expect(oracleFindings(hidden, { hoursSinceTreatment: 30 })).toContainEqual(expect.stringContaining('signs.fever = true gives urgent'));
    const padded = {
      ...CHECK_IN,
      evaluate: (input: object) => {
        const result = CHECK_IN.evaluate(input);
        return result === undefined
          ? undefined
          : { ...result, missing: [...result.missing, { field: 'signs.peeling', couldRaiseTo: 'urgent', flagged: false, rules: [] }] };
      },
    };
    expect(oracleFindings(padded, { hoursSinceTreatment: 30, signs: { fever: false } })).toContainEqual(
      expect.stringContaining('missing lists signs.peeling'),
    );
    // A slow search by design (every answer, pairs, then a seeded search): 17 s alone, more beside the other files.
  }, 180_000);
});

describe(`earlier check-ins: the order of previous never matters (${String(runs(600))} cases)`, () => {
  it('every permutation gives the same result, or the same refusal', () => {
    fc.assert(
      fc.property(partialCheckInArbitrary, fc.nat(), (input, seed) => {
        const previous = (input as { previous?: unknown[] }).previous ?? [];
        fc.pre(previous.length > 1);
        const shuffled = permuted(previous, seed);
        const outcome = (given: unknown): unknown => {
          const codes = refusal(given)
            .map(({ code }) => code)
            .sort();
          return codes.length > 0 ? codes : assess(given);
        };
        expect(outcome({ ...input, previous: shuffled })).toEqual(outcome(input));
      }),
      { numRuns: runs(600), seed: 22 },
    );
  });
});

describe(`the interview stops only when the oracle agrees (${String(runs(40))} interviews)`, () => {
  const truths = fc.record({
    truth: fullCheckInArbitrary,
    previous: fc.array(
      fc.record({ fraction: fc.double({ min: 0, max: 0.95, noNaN: true }), redness: severity, pain: severity, swelling: severity }),
      { maxLength: 2 },
    ),
    dontKnow: fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }),
  });

  it('answering in the order it asks, with "I don\'t know" now and then: the end equals assess of the answers, and no unasked field could raise it', async () => {
    await fc.assert(
      fc.asyncProperty(truths, async ({ truth, previous, dontKnow }) => {
        const hours = truth.hoursSinceTreatment;
        const earlier = previous.map(({ fraction, ...values }) => ({ hoursSinceTreatment: hours * fraction, ...values }));
        let partial: Record<string, unknown> = earlier.length === 0 ? {} : { previous: earlier };
        fc.pre(refusal({ ...truth, ...partial }).length === 0);
        const unknown: string[] = [];
        for (let turn = 0; ; turn += 1) {
          const step = await triage.interview(untyped(partial), { unknown });
          const [question] = step.next;
          if (step.done || question === undefined) {
            // The same result, except that the clinician summary lists the "I don't know" answers apart from the open questions.
            const { clinician: asked, ...rest } = step.result;
            const { clinician: assessed, ...same } = assess(partial);
            expect(rest).toEqual(same);
            const fields = (entries: readonly { field: string }[]): string[] => entries.map((entry) => entry.field);
            expect(fields(assessed.open)).toEqual(expect.arrayContaining(fields(asked.open)));
            expect([...fields(asked.open), ...fields(asked.unknown)]).toEqual(expect.arrayContaining(fields(assessed.open)));
            expect(raisingUnasked(CHECK_IN, partial, unknown), JSON.stringify({ partial, unknown })).toEqual([]);
            return;
          }
          expect(turn, 'the interview ends').toBeLessThan(80);
          const value = valueAt(truth, question.field);
          if (value === undefined || dontKnow[turn] === true) unknown.push(question.field);
          else partial = withValueAt(partial, question.field, value);
        }
      }),
      { numRuns: runs(40), seed: 23 },
    );
  }, 600_000);
});
