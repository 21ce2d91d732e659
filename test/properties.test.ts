import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTriage, isObservationError, levelRank, type Assessment } from '../src/index.js';
import { fullCheckInArbitrary, sparseCheckInArbitrary } from './support/arbitraries.js';

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
const RUNS = 300;

/** Warning signs from the sources, each as a change to a check-in's signs. */
const WARNING_SIGNS: readonly [string, Record<string, unknown>][] = [
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
];

/** Red-flag questions from the sources: unanswered, the result is never 'expected'. */
const RED_FLAG_QUESTIONS = [
  'fever',
  'chills',
  'malaise',
  'swollenLymphNodes',
  'discharge',
  'pain',
  'redStreaks',
  'rapidlySpreading',
  'swellingWidespread',
  'blisters',
  'warmth',
];

describe('invariants', () => {
  it('any JSON value resolves to an assessment or rejects with ObservationError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), sparseCheckInArbitrary), async (input) => {
        try {
          const assessment = await triage.assess(input);
          expect(assessment.level).toBeDefined();
        } catch (error) {
          expect(isObservationError(error)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('adding a warning sign never lowers the level', async () => {
    await fc.assert(
      fc.asyncProperty(sparseCheckInArbitrary, fc.constantFrom(...WARNING_SIGNS), async (checkIn, [, sign]) => {
        const before = await triage.assess(checkIn);
        const after = await triage.assess({ ...checkIn, signs: { ...checkIn.signs, ...sign } });
        expect(levelRank(after.level)).toBeGreaterThanOrEqual(levelRank(before.level));
        expect(levelRank(after.level)).toBeGreaterThanOrEqual(levelRank('contact-provider'));
      }),
      { numRuns: RUNS },
    );
  });

  it('a check-in with a red-flag question unanswered is never expected', async () => {
    await fc.assert(
      fc.asyncProperty(fullCheckInArbitrary, fc.constantFrom(...RED_FLAG_QUESTIONS), async (checkIn, question) => {
        const signs = Object.fromEntries(Object.entries(checkIn.signs).filter(([key]) => key !== question));
        const assessment = await triage.assess({ ...checkIn, signs });
        expect(assessment.level).not.toBe('expected');
      }),
      { numRuns: RUNS },
    );
  });

  it('the same input gives the same result, whatever the key order', async () => {
    await fc.assert(
      fc.asyncProperty(sparseCheckInArbitrary, async (checkIn) => {
        const first = await triage.assess(checkIn);
        const again = await triage.assess(reverseKeys(checkIn));
        expect(again).toEqual(first);
      }),
      { numRuns: RUNS },
    );
  });

  it('every urgent result names a reason, and every reason names a source', async () => {
    await fc.assert(
      fc.asyncProperty(sparseCheckInArbitrary, async (checkIn) => {
        const assessment: Assessment = await triage.assess(checkIn);
        if (assessment.level === 'urgent') expect(assessment.reasons.some((reason) => reason.level === 'urgent')).toBe(true);
        for (const reason of assessment.reasons) expect(reason.sources.length).toBeGreaterThan(0);
        expect(assessment.reasons.some((reason) => reason.level === assessment.level) || assessment.level === 'expected').toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reverseKeys(item)]),
  );
}
