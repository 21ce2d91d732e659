import { describe, expect, it } from 'vitest';
import { createTriage, isObservationError, ObservationError } from '../src/index.js';
import { normaliseCheckIn } from '../src/checkin/normalise-checkin.js';
import { builtinRuleSet } from '../src/rules/builtin-rules.js';
import { loadRuleSet } from '../src/rules/load-rule-set.js';
import { untyped } from './support/untyped.js';

const now = new Date('2026-03-10T12:00:00Z');
const derivations = loadRuleSet(builtinRuleSet).assessment;
const facts = (input: unknown): Readonly<Record<string, unknown>> => normaliseCheckIn(input, now, derivations).facts.values;

describe('hours since treatment', () => {
  it('uses hoursSinceTreatment as given', () => {
    expect(facts({ hoursSinceTreatment: 12.5 })['hoursSinceTreatment']).toBe(12.5);
  });

  it('derives hours from treatedAt and assessedAt, honouring offsets', () => {
    expect(facts({ treatedAt: '2026-03-01T10:00:00+02:00', assessedAt: '2026-03-02T10:00:00Z' })['hoursSinceTreatment']).toBe(26);
  });

  it('derives hours from treatedAt and the injected clock when assessedAt is absent', () => {
    expect(facts({ treatedAt: '2026-03-08T12:00:00Z' })['hoursSinceTreatment']).toBe(48);
  });

  it('accepts zero hours and hours matching the timestamps within an hour', () => {
    expect(facts({ hoursSinceTreatment: 0 })['hoursSinceTreatment']).toBe(0);
    expect(facts({ hoursSinceTreatment: 49.5, treatedAt: '2026-03-08T11:00:00Z' })['hoursSinceTreatment']).toBe(49.5);
  });

  it('refuses hours and timestamps within an hour that lie on either side of a time the rules use (48 h), naming both', () => {
    expect(() => facts({ hoursSinceTreatment: 48.5, treatedAt: '2026-03-08T12:00:00Z' })).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ path: 'hoursSinceTreatment', code: 'inconsistent_answer' }),
          expect.objectContaining({ path: 'treatedAt', code: 'inconsistent_answer' }),
        ],
      }),
    );
  });

  it('leaves hours unknown (null) when nothing places the check-in in time', () => {
    expect(facts({ signs: { redness: 'mild' } })['hoursSinceTreatment']).toBeNull();
  });

  it('records how derived hours were obtained', async () => {
    const triage = createTriage({ now: () => now });
    const assessment = await triage.assess({ treatedAt: '2026-03-08T12:00:00Z' });
    expect(assessment.derived).toContainEqual(expect.objectContaining({ fact: 'hoursSinceTreatment', value: 48 }));
    expect(assessment.assessedAt).toBe(now.toISOString());
  });
});

describe('trends from earlier check-ins', () => {
  it('compares with the latest earlier check-in by time, not by array order', () => {
    const values = facts({
      hoursSinceTreatment: 80,
      signs: { redness: 'moderate', pain: 'mild' },
      previous: [
        { hoursSinceTreatment: 60, redness: 'mild', pain: 'moderate' },
        { hoursSinceTreatment: 20, redness: 'severe', pain: 'mild' },
      ],
    });
    expect(values['signs.rednessTrend']).toBe('worsening');
    expect(values['signs.painTrend']).toBe('improving');
  });

  it('places earlier check-ins by assessedAt when they carry no hours', () => {
    const values = facts({
      treatedAt: '2026-03-01T00:00:00Z',
      assessedAt: '2026-03-04T00:00:00Z',
      signs: { redness: 'mild' },
      previous: [{ assessedAt: '2026-03-02T00:00:00Z', redness: 'mild' }],
    });
    expect(values['signs.rednessTrend']).toBe('stable');
  });

  it('refuses earlier check-ins that cannot be placed in time, never falling back to array order', () => {
    expect(() => facts({ signs: { swelling: 'mild' }, previous: [{ swelling: 'mild' }, { swelling: 'severe' }] })).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ path: 'previous.0', code: 'missing_time' }),
          expect.objectContaining({ path: 'previous.1', code: 'missing_time' }),
        ],
      }),
    );
  });

  it('uses the worse of a stated trend and the recorded one, and says they disagree', () => {
    const values = facts({
      hoursSinceTreatment: 80,
      signs: { redness: 'moderate', rednessTrend: 'improving', pain: 'mild', painTrend: 'worsening' },
      previous: [{ hoursSinceTreatment: 20, redness: 'mild', pain: 'moderate' }],
    });
    expect(values['signs.rednessTrend']).toBe('worsening');
    expect(values['signs.painTrend']).toBe('worsening');
    expect(values['signs.trendDisagreements']).toEqual(['pain', 'redness']);
  });

  it('keeps a stated trend that the record agrees with, without a disagreement', () => {
    const values = facts({
      hoursSinceTreatment: 80,
      signs: { redness: 'moderate', rednessTrend: 'worsening' },
      previous: [{ hoursSinceTreatment: 20, redness: 'mild' }],
    });
    expect(values['signs.rednessTrend']).toBe('worsening');
    expect(values['signs.trendDisagreements']).toEqual([]);
  });

  it('rejects an earlier check-in placed before the treatment', () => {
    expect(() =>
      facts({
        treatedAt: '2026-03-05T10:00:00Z',
        assessedAt: '2026-03-07T10:00:00Z',
        signs: { redness: 'mild' },
        previous: [{ assessedAt: '2026-03-03T10:00:00Z', redness: 'severe' }],
      }),
    ).toThrow(/previous\.0\.assessedAt|before the treatment/);
  });

  it('derives nothing without a current value or an earlier one', () => {
    const values = facts({ hoursSinceTreatment: 80, signs: { pain: 'mild' }, previous: [{ hoursSinceTreatment: 20, redness: 'mild' }] });
    expect(values['signs.rednessTrend']).toBeNull();
    expect(values['signs.painTrend']).toBeNull();
  });
});

describe('depth class from needle length', () => {
  it.each([
    [0.25, 'superficial'],
    [0.5, 'superficial'],
    [1.0, 'medium'],
    [1.5, 'medium'],
    [2.5, 'deep'],
  ])('%s mm is %s', (depthMm, depth) => {
    expect(facts({ treatment: { depthMm } })['treatment.depth']).toBe(depth);
  });

  it('refuses a depth class the needle length does not give, naming both; accepts one it gives', () => {
    expect(() => facts({ treatment: { depth: 'deep', depthMm: 0.25 } })).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ path: 'treatment.depth', code: 'inconsistent_answer' }),
          expect.objectContaining({ path: 'treatment.depthMm', code: 'inconsistent_answer' }),
        ],
      }),
    );
    expect(facts({ treatment: { depth: 'superficial', depthMm: 0.25 } })['treatment.depth']).toBe('superficial');
  });
});

describe('every fact is present, unknown as null', () => {
  it('gives every catalogued fact a value', () => {
    const values = facts({});
    expect(values['signs.fever']).toBeNull();
    expect(values['patient.history.rosacea']).toBeNull();
    expect(values['exposures.activesResumed']).toBeNull();
  });

  it('distinguishes asked-and-absent from not asked', () => {
    const values = facts({ signs: { fever: false, redness: 'none' } });
    expect(values['signs.fever']).toBe(false);
    expect(values['signs.redness']).toBe('none');
    expect(values['signs.chills']).toBeNull();
  });
});

describe('bad input', () => {
  const triage = createTriage({ now: () => now });

  it('reports every problem at once, each with its path', async () => {
    const error = await triage
      .assess(untyped({ hoursSinceTreatment: 'soon', signs: { fevr: true, pain: 'terrible' }, patient: { fitzpatrick: 0 } }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ObservationError);
    const issues = (error as ObservationError).issues;
    expect(issues.map((issue) => issue.path).sort()).toEqual(['hoursSinceTreatment', 'patient.fitzpatrick', 'signs.fevr', 'signs.pain']);
    expect(issues.find((issue) => issue.path === 'signs.fevr')?.message).toContain("did you mean 'fever'");
    expect(issues.find((issue) => issue.path === 'signs.pain')?.message).toContain('"terrible"');
    expect((error as ObservationError).message).toMatch(/^Invalid input: /);
  });

  it('rejects non-finite numbers', async () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = await triage.assess({ hoursSinceTreatment: value }).catch((caught: unknown) => caught);
      expect(isObservationError(error)).toBe(true);
    }
  });

  it('rejects with ObservationError, never throws synchronously', () => {
    const result = triage.assess(untyped('not an object'));
    expect(result).toBeInstanceOf(Promise);
    return expect(result).rejects.toBeInstanceOf(ObservationError);
  });

  it('recognises ObservationError by name across bundle copies', () => {
    const foreign = Object.assign(new Error('x'), { name: 'ObservationError', issues: [] });
    expect(isObservationError(foreign)).toBe(true);
    expect(isObservationError(new Error('x'))).toBe(false);
    // The name alone is not enough: code reading `issues` must find them.
    expect(isObservationError(Object.assign(new Error('x'), { name: 'ObservationError' }))).toBe(false);
  });
});

describe('more time and size checks', () => {
  it('places earlier check-ins by assessedAt relative to the current hours when there is no treatedAt', () => {
    const values = facts({
      hoursSinceTreatment: 60,
      assessedAt: '2026-03-04T00:00:00Z',
      signs: { redness: 'moderate' },
      previous: [{ assessedAt: '2026-03-03T00:00:00Z', redness: 'mild' }],
    });
    expect(values['signs.rednessTrend']).toBe('worsening');
  });

  it('rejects an earlier check-in placed after the current one by its timestamp', () => {
    expect(() =>
      normaliseCheckIn(
        {
          treatedAt: '2026-03-01T00:00:00Z',
          assessedAt: '2026-03-02T00:00:00Z',
          previous: [{ assessedAt: '2026-03-03T00:00:00Z', redness: 'mild' }],
        },
        now,
        derivations,
      ),
    ).toThrow(/previous.0.assessedAt|after the current check-in/);
  });

  it('names list-length problems in items', async () => {
    const triage = createTriage({ now: () => now });
    const error = (await triage
      .assess({ treatment: { adjuncts: ['prp', 'prp', 'serum', 'serum', 'prp'] }, previous: Array.from({ length: 201 }, () => ({})) })
      .catch((caught: unknown) => caught)) as ObservationError;
    expect(error.issues.map((issue) => issue.message)).toEqual([
      "'treatment.adjuncts' must have at most 4 items",
      "'treatment.adjuncts' must not list the same value twice",
      "'previous' must have at most 200 items",
    ]);
  });
});
