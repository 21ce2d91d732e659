import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTriage } from '../src/index.js';
import { aftercareResultSchema, assessmentResultSchema, screeningResultSchema } from '../src/schemas/result-schemas.js';
import { sparseCandidateArbitrary, sparseCheckInArbitrary } from './support/arbitraries.js';

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });

/** The result schemas are strict: a field added to the results but not to the schemas fails here. */
describe('results match their JSON Schemas', () => {
  it('assessments, with and without traces', async () => {
    await fc.assert(
      fc.asyncProperty(sparseCheckInArbitrary, fc.boolean(), async (checkIn, trace) => {
        const result = assessmentResultSchema.safeParse(JSON.parse(JSON.stringify(await triage.assess(checkIn, { trace }))));
        expect(result.success ? [] : result.error.issues).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('screenings, with and without traces', async () => {
    await fc.assert(
      fc.asyncProperty(sparseCandidateArbitrary, fc.boolean(), async (candidate, trace) => {
        const result = screeningResultSchema.safeParse(JSON.parse(JSON.stringify(await triage.screen(candidate, { trace }))));
        expect(result.success ? [] : result.error.issues).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('aftercare guidance', () => {
    for (const hours of [0, 30, 100, 200, 400, 1000]) {
      const result = aftercareResultSchema.safeParse(
        JSON.parse(JSON.stringify(triage.aftercare({ hoursSinceTreatment: hours, clearedByProvider: hours > 150 }))),
      );
      expect(result.success ? [] : result.error.issues).toEqual([]);
    }
  });
});
