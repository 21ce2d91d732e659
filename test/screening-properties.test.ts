import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTriage, decisionRank, isObservationError } from '../src/index.js';
import { fullCandidateArbitrary, sparseCandidateArbitrary } from './support/arbitraries.js';

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
const RUNS = 300;

/** Contraindications and precautions from the sources, each as a change to a candidate. */
const CONTRAINDICATIONS: readonly Record<string, Record<string, unknown>>[] = [
  { conditions: { pregnant: true } },
  { conditions: { activeInfection: true } },
  { conditions: { activeColdSore: true } },
  { conditions: { keloidHistory: true } },
  { conditions: { immunosuppressed: true } },
  { conditions: { bleedingDisorder: true } },
  { conditions: { activeAcne: true } },
  { conditions: { sunburn: true } },
  { conditions: { rosacea: true } },
  { medications: { onIsotretinoin: true } },
  { medications: { retinoidDaysAgo: 1 } },
  { medications: { nsaidHoursAgo: 2 } },
  { medications: { anticoagulants: true } },
];

/** The questions that could block treatment (issue contract). */
const BLOCKING: readonly [string, string][] = [
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

function merge(base: Record<string, unknown>, patch: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = { ...(base[key] as Record<string, unknown> | undefined), ...value };
  return out;
}

describe('screening invariants', () => {
  it('any JSON value resolves to a screening or rejects with ObservationError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), sparseCandidateArbitrary), async (input) => {
        try {
          expect((await triage.screen(input)).decision).toBeDefined();
        } catch (error) {
          expect(isObservationError(error)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('adding a contraindication never lowers the decision', async () => {
    await fc.assert(
      fc.asyncProperty(sparseCandidateArbitrary, fc.constantFrom(...CONTRAINDICATIONS), async (candidate, patch) => {
        const before = await triage.screen(candidate);
        const after = await triage.screen(merge(candidate, patch));
        expect(decisionRank(after.decision)).toBeGreaterThanOrEqual(decisionRank(before.decision));
        expect(after.decision).not.toBe('proceed');
      }),
      { numRuns: RUNS },
    );
  });

  it('a candidate with a blocking question unanswered is never told to proceed', async () => {
    await fc.assert(
      fc.asyncProperty(fullCandidateArbitrary, fc.constantFrom(...BLOCKING), async (candidate, [group, key]) => {
        const section = Object.fromEntries(
          Object.entries(candidate[group as 'conditions' | 'medications']).filter(([name]) => name !== key),
        );
        const screening = await triage.screen({ ...candidate, [group]: section });
        expect(screening.decision).not.toBe('proceed');
      }),
      { numRuns: RUNS },
    );
  });

  it('every reason names a source, and postponeUntil is set only for a postponement', async () => {
    await fc.assert(
      fc.asyncProperty(sparseCandidateArbitrary, async (candidate) => {
        const screening = await triage.screen(candidate);
        for (const reason of screening.reasons) expect(reason.sources.length).toBeGreaterThan(0);
        if (screening.postponeUntil !== null) expect(screening.decision).toBe('postpone');
      }),
      { numRuns: RUNS },
    );
  });
});
