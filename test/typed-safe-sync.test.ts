import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import {
  aftercare,
  assess,
  assessSync,
  checkInSchema,
  createTriage,
  isRuleSetError,
  ObservationError,
  parseAftercare,
  parseCheckIn,
  parseScreening,
  RuleSetError,
  safeAssess,
  safeParseAftercare,
  safeParseCheckIn,
  safeParseScreening,
  safeScreen,
  screen,
  screenSync,
  screeningInputSchema,
  type AftercareInput,
  type AftercareRequest,
  type Assessment,
  type AssessInput,
  type CheckIn,
  type InputIssue,
  type SafeResult,
  type Screening,
  type ScreeningInput,
  type ScreenInput,
  type Triage,
} from '../src/index.js';
import { loadGoldenCorpus } from './support/golden-corpus.js';
import {
  plausibleCandidateArbitrary,
  plausibleCheckInArbitrary,
  sparseCandidateArbitrary,
  sparseCheckInArbitrary,
} from './support/arbitraries.js';
import { untyped } from './support/untyped.js';

const RUNS = Math.max(50, Math.round(Number(process.env['FC_RUNS'] ?? 2000) / 10));
const now = (): Date => new Date('2026-03-10T12:00:00Z');
const triage = createTriage({ now });
const onEngine = createTriage({ now, evaluator: 'json-rules-engine' });

/** The issues `run` rejects or throws with (an ObservationError), or `undefined` when it succeeds. */
async function issuesOf(run: () => unknown): Promise<readonly InputIssue[] | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ObservationError);
    return (error as ObservationError).issues;
  }
}

function failed<T>(result: SafeResult<T>): ObservationError {
  if (result.success) throw new Error(`expected success: false, got ${JSON.stringify(result.data).slice(0, 200)}`);
  return result.error;
}

describe('typed inputs at the call site', () => {
  it('the parameters are the schemas’ zod input types (every field optional)', () => {
    expectTypeOf<AssessInput>().toEqualTypeOf<z.input<typeof checkInSchema>>();
    expectTypeOf<ScreenInput>().toEqualTypeOf<z.input<typeof screeningInputSchema>>();
    expectTypeOf(assess).parameter(0).toEqualTypeOf<AssessInput>();
    expectTypeOf(assessSync).parameter(0).toEqualTypeOf<AssessInput>();
    expectTypeOf(screen).parameter(0).toEqualTypeOf<ScreenInput>();
    expectTypeOf(screenSync).parameter(0).toEqualTypeOf<ScreenInput>();
    expectTypeOf(aftercare).parameter(0).toEqualTypeOf<AftercareRequest>();
    expectTypeOf<Triage['assess']>().parameter(0).toEqualTypeOf<AssessInput>();
    expectTypeOf<Triage['interview']>().parameter(0).toEqualTypeOf<AssessInput>();
    expectTypeOf<Triage['screeningInterview']>().parameter(0).toEqualTypeOf<ScreenInput>();
    // Optional stays optional: the empty check-in, candidate and a partial interview are valid types.
    expectTypeOf<Record<never, never>>().toExtend<AssessInput>();
    expectTypeOf<Record<never, never>>().toExtend<ScreenInput>();
    expectTypeOf<{ signs: { fever: true } }>().toExtend<AssessInput>();
    // What the parse step returns is what the typed functions take.
    expectTypeOf<CheckIn>().toExtend<AssessInput>();
    expectTypeOf<ScreeningInput>().toExtend<ScreenInput>();
    expectTypeOf<AftercareInput>().toExtend<AftercareRequest>();
    expectTypeOf(parseCheckIn).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(parseCheckIn).returns.toEqualTypeOf<CheckIn>();
    expectTypeOf(parseScreening).returns.toEqualTypeOf<ScreeningInput>();
    expectTypeOf(parseAftercare).returns.toEqualTypeOf<AftercareInput>();
    // The untyped entries take unknown on purpose.
    expectTypeOf(safeAssess).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(safeScreen).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(safeParseCheckIn).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(safeAssess).returns.resolves.toEqualTypeOf<SafeResult<Assessment>>();
    expectTypeOf(safeScreen).returns.resolves.toEqualTypeOf<SafeResult<Screening>>();
    expectTypeOf(assessSync).returns.toEqualTypeOf<Assessment>();
    expectTypeOf(screenSync).returns.toEqualTypeOf<Screening>();
    expectTypeOf(safeParseCheckIn).returns.toEqualTypeOf<SafeResult<CheckIn>>();
    const result = safeParseCheckIn({});
    if (result.success) expectTypeOf(result.data).toEqualTypeOf<CheckIn>();
    else expectTypeOf(result.error).toEqualTypeOf<ObservationError>();
  });

  it('a misspelt field or a wrong value in a literal is a compile error (and still an ObservationError at run time)', async () => {
    // Each line below fails to compile (tsc checks this file: an unused @ts-expect-error is an error too).
    const rejections = [
      // @ts-expect-error a misspelt sign: the issue's example
      () => assess({ signs: { rednesTrend: 'worsening' } }),
      // @ts-expect-error a value outside the enum
      () => triage.assess({ signs: { redness: 'very red' } }),
      // @ts-expect-error a string for a number
      () => triage.assessSync({ hoursSinceTreatment: '30' }),
      // @ts-expect-error a misspelt top-level field
      () => triage.interview({ hoursSinceTreatmnet: 30 }),
      // @ts-expect-error a misspelt condition
      () => screen({ conditions: { pregnnt: true } }),
      // @ts-expect-error a wrong depth
      () => triage.screenSync({ plannedTreatment: { depth: 'very deep' } }),
      // @ts-expect-error a misspelt medication
      () => triage.screeningInterview({ medications: { isotretinoinn: true } }),
      // @ts-expect-error a misspelt aftercare field
      () => aftercare({ hours: 30 }),
      // @ts-expect-error a wrong site
      () => triage.aftercare({ hoursSinceTreatment: 30, treatment: { site: 'scalp' } }),
    ];
    for (const run of rejections) expect((await issuesOf(run))?.length).toBeGreaterThan(0);
  });

  it('JSON of unknown shape does not compile without the explicit step, and does with it', async () => {
    const json: unknown = JSON.parse('{ "hoursSinceTreatment": 30, "assessedAt": "2026-03-10T12:00:00Z", "signs": { "fever": true } }');
    // @ts-expect-error unknown is not a check-in
    await expect(triage.assess(json)).resolves.toBeDefined();
    // @ts-expect-error nor a screening input
    await expect(triage.screen(json)).rejects.toBeInstanceOf(ObservationError);
    const assessment = await triage.assess(parseCheckIn(json));
    expect(assessment.level).toBe('urgent');
    expect(triage.assessSync(parseCheckIn(json))).toEqual(assessment);
    expect((await triage.safeAssess(json)).success).toBe(true);
  });
});

/** Inputs `assess` rejects, each for another check (the schema or a check across fields). */
const BAD_CHECK_INS: readonly (readonly [string, unknown])[] = [
  ['treatedAt after assessedAt', { treatedAt: '2026-03-10T12:00:00Z', assessedAt: '2026-03-09T12:00:00Z' }],
  ['treatedAt after the clock (no assessedAt)', { treatedAt: '2026-03-11T12:00:00Z' }],
  ['an unknown key with a suggestion', { hoursSinceTreatment: 30, signs: { rednesTrend: 'worsening' } }],
  ['a value outside the enum', { signs: { redness: 'very red' } }],
  [
    'hours that disagree with the timestamps',
    { hoursSinceTreatment: 5, treatedAt: '2026-03-08T12:00:00Z', assessedAt: '2026-03-10T12:00:00Z' },
  ],
  ['an earlier check-in after this one', { hoursSinceTreatment: 30, previous: [{ hoursSinceTreatment: 40, redness: 'mild' }] }],
  ['newProductKind without newProductApplied', { hoursSinceTreatment: 30, exposures: { newProductKind: 'active' } }],
  ['not an object', 'day 2, mild redness'],
  ['a Map', new Map([['signs', { fever: true }]])],
  ['several problems at once', { hoursSinceTreatment: -1, signs: { fevr: true, pain: 'terrible' }, patient: { fitzpatrick: 0 } }],
];

const BAD_CANDIDATES: readonly (readonly [string, unknown])[] = [
  ['an unknown key with a suggestion', { conditions: { pregnnt: true } }],
  ['a value outside the enum', { plannedTreatment: { depth: 'very deep' } }],
  ['a negative wait', { medications: { isotretinoinMonthsAgo: -1 } }],
  ['an array', [{ conditions: {} }]],
];

describe('safeAssess, safeScreen and safeParse…: the same issues as assess, screen and aftercare', () => {
  it.each(BAD_CHECK_INS)('%s', async (_name, input) => {
    const rejected = await issuesOf(() => triage.assess(untyped(input)));
    expect(rejected?.length).toBeGreaterThan(0);
    expect(failed(await triage.safeAssess(input)).issues).toEqual(rejected);
    expect(failed(safeParseCheckIn(input, { now })).issues).toEqual(rejected);
    expect(await issuesOf(() => parseCheckIn(input, { now }))).toEqual(rejected);
    expect(await issuesOf(() => triage.assessSync(untyped(input)))).toEqual(rejected);
    // The module-level forms (the system clock) agree with each other.
    const moduleSafe = await safeAssess(input);
    expect(moduleSafe.success ? undefined : moduleSafe.error.issues).toEqual(await issuesOf(() => assess(untyped(input))));
  });

  it('treatedAt after assessedAt and a misspelt key: the friendly messages, not "Invalid input" (checkInSchema.safeParse accepts the first)', () => {
    expect(checkInSchema.safeParse({ treatedAt: '2026-03-10T12:00:00Z', assessedAt: '2026-03-09T12:00:00Z' }).success).toBe(true);
    expect(failed(safeParseCheckIn({ treatedAt: '2026-03-10T12:00:00Z', assessedAt: '2026-03-09T12:00:00Z' })).issues).toEqual([
      {
        path: 'treatedAt',
        code: 'treated_after_assessed',
        message: "'treatedAt' (2026-03-10T12:00:00Z) is after assessedAt (2026-03-09T12:00:00Z): the treatment cannot be in the future",
      },
    ]);
    expect(failed(safeParseCheckIn({ signs: { rednesTrend: 'worsening' } })).issues).toEqual([
      {
        path: 'signs.rednesTrend',
        code: 'unknown_key',
        message: "'signs.rednesTrend' is not a known field (did you mean 'rednessTrend'?)",
      },
    ]);
  });

  it.each(BAD_CANDIDATES)('screening: %s', async (_name, input) => {
    const rejected = await issuesOf(() => triage.screen(untyped(input)));
    expect(rejected?.length).toBeGreaterThan(0);
    expect(failed(await triage.safeScreen(input)).issues).toEqual(rejected);
    expect(failed(safeParseScreening(input)).issues).toEqual(rejected);
    expect(await issuesOf(() => triage.screenSync(untyped(input)))).toEqual(rejected);
    expect(failed(await safeScreen(input)).issues).toEqual(rejected);
  });

  it.each([
    ['no time since treatment', {}],
    ['treatedAt after assessedAt', { treatedAt: '2026-03-10T12:00:00Z', assessedAt: '2026-03-09T12:00:00Z' }],
    ['an unknown key', { hours: 3 }],
  ])('aftercare: %s', async (_name, input) => {
    const rejected = await issuesOf(() => triage.aftercare(untyped(input)));
    expect(rejected?.length).toBeGreaterThan(0);
    expect(failed(safeParseAftercare(input, { now })).issues).toEqual(rejected);
    expect(await issuesOf(() => parseAftercare(input, { now }))).toEqual(rejected);
  });

  it('a good input: the data equals what assess, screen and aftercare give, and the parsed input passes them unchanged', async () => {
    const input = {
      hoursSinceTreatment: 30,
      assessedAt: '2026-03-10T12:00:00Z',
      signs: { redness: 'mild', fever: false },
    } satisfies AssessInput;
    const safe = await triage.safeAssess(input, { trace: true });
    expect(safe).toEqual({ success: true, data: await triage.assess(input, { trace: true }) });
    expect(await safeAssess(input)).toEqual({ success: true, data: await assess(input) });
    expect(safeParseCheckIn(input)).toEqual({ success: true, data: input });
    const candidate = { conditions: { pregnant: false }, screenedAt: '2026-03-10T12:00:00Z' };
    expect(await triage.safeScreen(candidate)).toEqual({ success: true, data: await triage.screen(candidate) });
    expect(safeParseScreening(candidate)).toEqual({ success: true, data: candidate });
    expect(triage.aftercare(parseAftercare({ hoursSinceTreatment: 60 }))).toEqual(triage.aftercare({ hoursSinceTreatment: 60 }));
  });

  it(`any generated input: success exactly when assess resolves, with its result or its issues (${String(RUNS)} runs)`, async () => {
    const inputs = fc.oneof(sparseCheckInArbitrary, plausibleCheckInArbitrary, fc.jsonValue({ maxDepth: 3 }));
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const safe = await triage.safeAssess(input);
        const parsed = safeParseCheckIn(input, { now });
        try {
          const assessment = await triage.assess(untyped(input));
          expect(safe).toEqual({ success: true, data: assessment });
          expect(parsed.success).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ObservationError);
          expect(failed(safe).issues).toEqual((error as ObservationError).issues);
          expect(failed(parsed).issues).toEqual((error as ObservationError).issues);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('only an ObservationError becomes success: false: a broken clock still rejects, bad parse options still throw', async () => {
    const broken = createTriage({ now: () => new Date(Number.NaN) });
    await expect(broken.safeAssess({ hoursSinceTreatment: 30 })).rejects.toBeInstanceOf(RuleSetError);
    await expect(broken.safeScreen({})).rejects.toBeInstanceOf(RuleSetError);
    const options = untyped({ now: () => 'tomorrow' });
    expect(() => safeParseCheckIn({}, options)).toThrow(RuleSetError);
    expect(() => safeParseAftercare({ hoursSinceTreatment: 3 }, untyped({ clock: now }))).toThrow(/'clock' is not a parse option/);
    expect(() => parseCheckIn({}, untyped('now'))).toThrow(/the parse options must be/);
    // Bad evaluation options are not input problems either.
    await expect(triage.safeAssess({}, untyped({ trace: 'yes' }))).rejects.toBeInstanceOf(RuleSetError);
  });

  it('the parse step uses the clock it is given for the time checks', () => {
    const tomorrow = { treatedAt: '2026-03-11T12:00:00Z' };
    expect(failed(safeParseCheckIn(tomorrow, { now })).issues[0]?.code).toBe('treated_after_assessed');
    expect(safeParseCheckIn(tomorrow, { now: () => new Date('2026-03-12T12:00:00Z') }).success).toBe(true);
  });
});

describe('assessSync and screenSync: the same results as assess and screen, with the compiled evaluator', () => {
  it('on every golden case (with traces), valid or not', async () => {
    let compared = 0;
    for (const entry of loadGoldenCorpus().flatMap(({ cases }) => cases)) {
      const clock = entry.now === undefined ? now : (): Date => new Date(entry.now ?? '');
      const pinned = triage.withClock(clock);
      if (entry.kind === 'screening') {
        const parsed = safeParseScreening(entry.input);
        if (parsed.success)
          expect(pinned.screenSync(parsed.data, { trace: true })).toEqual(await pinned.screen(parsed.data, { trace: true }));
        else expect(await issuesOf(() => pinned.screenSync(untyped(entry.input)))).toEqual(parsed.error.issues);
      } else {
        const parsed = safeParseCheckIn(entry.input, { now: clock });
        if (parsed.success)
          expect(pinned.assessSync(parsed.data, { trace: true })).toEqual(await pinned.assess(parsed.data, { trace: true }));
        else expect(await issuesOf(() => pinned.assessSync(untyped(entry.input)))).toEqual(parsed.error.issues);
      }
      compared += 1;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it(`on generated check-ins and candidates (${String(RUNS)} runs each)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(plausibleCheckInArbitrary, sparseCheckInArbitrary), async (checkIn) => {
        const sync = await issuesOf(() => triage.assessSync(checkIn));
        const async = await issuesOf(() => triage.assess(checkIn));
        expect(sync).toEqual(async);
        if (sync === undefined) expect(triage.assessSync(checkIn)).toEqual(await triage.assess(checkIn));
      }),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(plausibleCandidateArbitrary, sparseCandidateArbitrary), async (candidate) => {
        const input = { ...candidate, screenedAt: '2026-03-10T12:00:00Z' };
        expect(triage.screenSync(input, { trace: true })).toEqual(await triage.screen(input, { trace: true }));
      }),
      { numRuns: RUNS },
    );
  });

  it('the module-level forms, a fresh triage (screenSync first) and withClock agree too', async () => {
    const checkIn = { hoursSinceTreatment: 50, assessedAt: '2026-03-10T12:00:00Z', signs: { discharge: 'purulent' } } as const;
    expect(assessSync(checkIn)).toEqual(await assess(checkIn));
    const candidate = { medications: { isotretinoinMonthsAgo: 2 }, screenedAt: '2026-03-10T12:00:00Z' };
    expect(screenSync(candidate)).toEqual(await screen(candidate));
    const fresh = createTriage({ now });
    expect(fresh.screenSync(candidate)).toEqual(await triage.screen(candidate));
    const later = (): Date => new Date('2026-03-20T12:00:00Z');
    expect(triage.withClock(later).screenSync({ medications: { isotretinoinMonthsAgo: 2 } })).toEqual(
      await triage.withClock(later).screen({ medications: { isotretinoinMonthsAgo: 2 } }),
    );
    expect(triage.withClock(later).assessSync({ treatedAt: '2026-03-18T12:00:00Z' })).toEqual(
      await triage.withClock(later).assess({ treatedAt: '2026-03-18T12:00:00Z' }),
    );
  });

  it('with evaluator json-rules-engine: a RuleSetError (sync-unavailable) whatever the input; the async forms still work', async () => {
    for (const run of [
      () => onEngine.assessSync({ hoursSinceTreatment: 30 }),
      () => onEngine.assessSync(untyped('not even a check-in')),
      () => onEngine.withClock(now).assessSync({}),
      () => onEngine.screenSync({}),
    ]) {
      let caught: unknown;
      try {
        run();
      } catch (error) {
        caught = error;
      }
      expect(isRuleSetError(caught)).toBe(true);
      expect((caught as RuleSetError).diagnostics).toEqual([
        {
          code: 'sync-unavailable',
          severity: 'error',
          file: '',
          path: 'evaluator',
          message: expect.stringMatching(
            /^(assessSync|screenSync) needs the 'compiled' evaluator, but this triage was created with evaluator: 'json-rules-engine', which is async only: call (assess|screen) \(and await it\)/,
          ) as unknown,
        },
      ]);
    }
    expect((await onEngine.assess({ hoursSinceTreatment: 30 })).level).toBe((await triage.assess({ hoursSinceTreatment: 30 })).level);
  });
});
