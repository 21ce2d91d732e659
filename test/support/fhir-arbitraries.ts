// Generators for the FHIR tests: whole check-ins (with timestamps and earlier check-ins, which
// the shared arbitraries leave out) and screenings, and ways to damage a QuestionnaireResponse.
import fc from 'fast-check';
import { fullCandidateArbitrary, fullCheckInArbitrary, sparseCandidateArbitrary, sparseCheckInArbitrary } from './arbitraries.js';

const severity = fc.constantFrom('none', 'mild', 'moderate', 'severe');
const timestamp = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

const previousArbitrary = fc.array(
  fc.record(
    {
      hoursSinceTreatment: fc.double({ min: 0, max: 500, noNaN: true }),
      assessedAt: timestamp,
      redness: severity,
      pain: severity,
      swelling: severity,
    },
    { requiredKeys: [] },
  ),
  { maxLength: 3 },
);

const extras = fc.record({ treatedAt: timestamp, assessedAt: timestamp, previous: previousArbitrary }, { requiredKeys: [] });

/** A valid check-in, sparse or full, sometimes with its timestamps and earlier check-ins. */
export const anyCheckInArbitrary: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.oneof(sparseCheckInArbitrary, fullCheckInArbitrary), extras)
  .map(([checkIn, more]) => ({ ...checkIn, ...more }));

/** A valid screening input, sparse or full, sometimes with its time. */
export const anyCandidateArbitrary: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.oneof(sparseCandidateArbitrary, fullCandidateArbitrary), fc.record({ screenedAt: timestamp }, { requiredKeys: [] }))
  .map(([candidate, more]) => ({ ...candidate, ...more }));

/** An item of a QuestionnaireResponse, the list it sits in, and its path there. */
export interface Located {
  readonly item: Record<string, unknown>;
  readonly siblings: Record<string, unknown>[];
  readonly inRepeatingGroup: boolean;
}

/** Every answered item of a response, wherever it sits. */
export function answeredItems(items: readonly Record<string, unknown>[], inRepeatingGroup = false): Located[] {
  return items.flatMap((item) => {
    const children = (item['item'] ?? []) as Record<string, unknown>[];
    const here: Located[] = Array.isArray(item['answer']) ? [{ item, siblings: items as Record<string, unknown>[], inRepeatingGroup }] : [];
    return [...here, ...answeredItems(children, inRepeatingGroup || item['linkId'] === 'previous')];
  });
}
