import fc from 'fast-check';
import { exposuresArbitrary, possibleTrends, signModel, treatmentArbitrary } from './arbitraries.js';

/*
 * Partial and serial check-ins, as people and clinics send them: answers dropped at random, the
 * time as hours, as timestamps or not at all, trends stated and recorded, earlier check-ins in any
 * order (some at the same time), history and exposures partly answered.
 */

/** The clock of the triages these inputs are evaluated with. */
export const CLOCK = '2026-03-10T12:00:00.000Z';
const CLOCK_MS = Date.parse(CLOCK);
const HOUR = 3_600_000;

const severity = fc.constantFrom('none', 'mild', 'moderate', 'severe');
/** Hours at and around the timeline's times, and anywhere. */
const hours = fc.oneof(
  fc.constantFrom(5, 6, 7, 24, 36, 47, 48, 49, 60, 72, 73, 96, 97, 100, 168, 200, 336, 400, 700),
  fc.integer({ min: 0, max: 900 }),
);

/** The benign answers of each sign: most answers are these, so that results sit below the top and questions stay open. */
const BENIGN: Readonly<Record<string, readonly unknown[]>> = {
  redness: ['none', 'mild', 'moderate'],
  rednessTrend: ['improving', 'stable'],
  pain: ['none', 'mild'],
  painTrend: ['improving', 'stable'],
  swelling: ['none', 'mild'],
  swellingTrend: ['improving', 'stable'],
  warmth: ['none', 'mild-local'],
  discharge: ['none', 'clear'],
  itch: ['none', 'mild'],
  pinpointBleeding: ['none', 'stopped'],
  discoloration: ['none'],
};

/** Each sign answered about half the time, mostly benignly. */
const partialSigns = fc
  .record(
    Object.fromEntries(
      Object.entries(signModel).map(([key, any]) => [
        key,
        fc.oneof(
          { arbitrary: fc.constant(undefined), weight: 8 },
          { arbitrary: fc.constantFrom(...(BENIGN[key] ?? [false])), weight: 8 },
          { arbitrary: any as fc.Arbitrary<unknown>, weight: 1 },
        ),
      ]),
    ),
  )
  .map((signs) => possibleTrends(Object.fromEntries(Object.entries(signs).filter(([, value]) => value !== undefined))));

const rarely = fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, { arbitrary: fc.constant(true), weight: 1 });
const partialPatient = fc.record(
  {
    fitzpatrick: fc.constantFrom(1, 2, 3, 4, 5, 6),
    history: fc.record(
      {
        rosacea: rarely,
        keloid: rarely,
        hsv: rarely,
        eczema: rarely,
        immunosuppressed: rarely,
        diabetes: rarely,
        bleedingDisorder: rarely,
        sensitiveSkin: rarely,
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

const earlierSigns = fc
  .record({ redness: severity, pain: severity, swelling: severity }, { requiredKeys: [] })
  .filter((values) => Object.keys(values).length > 0);

/** Earlier check-ins at `fraction`s of the current time (before it), given as hours, timestamps or both. */
function earlierEntries(current: number | undefined, style: 'hours' | 'stamps' | 'either') {
  const entry = fc.record({
    values: earlierSigns,
    // Few distinct fractions, so that some entries share a time.
    fraction: fc.oneof(fc.constantFrom(0.1, 0.25, 0.5, 0.75, 0.9), fc.double({ min: 0, max: 0.99, noNaN: true })),
    given: style === 'either' ? fc.constantFrom('hours', 'stamps', 'both') : fc.constant(style),
  });
  return fc.array(entry, { maxLength: 4 }).map((entries) =>
    entries.map(({ values, fraction, given }) => {
      const at = (current ?? 500) * fraction;
      const stamp = new Date(CLOCK_MS - ((current ?? 500) - at) * HOUR).toISOString();
      return {
        ...(given === 'stamps' ? {} : { hoursSinceTreatment: at }),
        ...(given === 'hours' ? {} : { assessedAt: stamp }),
        ...values,
      };
    }),
  );
}

/** A partial check-in, possibly with earlier check-ins. */
export const partialCheckInArbitrary = fc
  .record({
    time: fc.oneof(
      { arbitrary: fc.constant('hours' as const), weight: 3 },
      { arbitrary: fc.constant('stamps' as const), weight: 2 },
      fc.constant('none' as const),
    ),
    current: hours,
    treatment: fc.option(treatmentArbitrary, { nil: undefined }),
    patient: fc.option(partialPatient, { nil: undefined }),
    signs: partialSigns,
    exposures: fc.option(exposuresArbitrary, { nil: undefined }),
    previousStyle: fc.constantFrom('hours' as const, 'stamps' as const, 'either' as const),
    seed: fc.nat(),
  })
  .chain((draft) =>
    earlierEntries(
      draft.time === 'none' ? undefined : draft.current,
      draft.time === 'none' ? (draft.previousStyle === 'either' ? 'hours' : draft.previousStyle) : draft.previousStyle,
    ).map((previous) => ({
      ...(draft.time === 'hours' ? { hoursSinceTreatment: draft.current } : {}),
      ...(draft.time === 'stamps' ? { treatedAt: new Date(CLOCK_MS - draft.current * HOUR).toISOString() } : {}),
      ...(draft.treatment === undefined ? {} : { treatment: draft.treatment }),
      ...(draft.patient === undefined ? {} : { patient: draft.patient }),
      signs: draft.signs,
      ...(draft.exposures === undefined ? {} : { exposures: draft.exposures }),
      ...(previous.length === 0 ? {} : { previous }),
    })),
  );

/** A permutation of a list, by a seed. */
export function permuted<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed >>> 0 || 1;
  for (let index = copy.length - 1; index > 0; index -= 1) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    const other = (state >>> 16) % (index + 1);
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}
