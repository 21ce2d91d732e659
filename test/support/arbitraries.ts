import fc from 'fast-check';

const severity = fc.constantFrom('none', 'mild', 'moderate', 'severe');
const trend = fc.constantFrom('improving', 'stable', 'worsening');
const bool = fc.boolean();

/** Hours since treatment, weighted towards the thresholds of the timeline. */
export const hoursArbitrary = fc.oneof(
  fc.constantFrom(0, 5, 6, 7, 35, 36, 37, 47, 48, 49, 71, 72, 73, 167, 168, 169, 191, 192, 193, 335, 336, 337),
  fc.double({ min: 0, max: 2000, noNaN: true }),
);

const signModel = {
  redness: severity,
  rednessTrend: trend,
  rednessBeyondTreatedArea: bool,
  redStreaks: bool,
  rapidlySpreading: bool,
  pain: severity,
  painTrend: trend,
  swelling: severity,
  swellingTrend: trend,
  swellingWidespread: bool,
  warmth: fc.constantFrom('none', 'mild-local', 'intense', 'spreading'),
  discharge: fc.constantFrom('none', 'clear', 'purulent', 'foul-smelling'),
  fever: bool,
  chills: bool,
  malaise: bool,
  swollenLymphNodes: bool,
  blisters: bool,
  groupedVesicles: bool,
  itch: fc.constantFrom('none', 'mild', 'intense'),
  pinpointBleeding: fc.constantFrom('none', 'stopped', 'ongoing'),
  heavyBleeding: bool,
  crusting: bool,
  peeling: bool,
  dryness: bool,
  tightness: bool,
  bruising: bool,
  gridding: bool,
  discoloration: fc.constantFrom('none', 'brown', 'blue', 'white'),
  nodules: bool,
  raisedScar: bool,
  breakout: bool,
  burning: bool,
  flushing: bool,
  telangiectasia: bool,
};

/** Every sign answered. */
export const fullSignsArbitrary = fc.record(signModel);

const treatmentArbitrary = fc.record(
  {
    depth: fc.constantFrom('superficial', 'medium', 'deep'),
    depthMm: fc.double({ min: 0.1, max: 3, noNaN: true }),
    device: fc.constantFrom('roller', 'pen', 'rf', 'stamp'),
    site: fc.constantFrom('face', 'neck', 'body'),
    adjuncts: fc.uniqueArray(fc.constantFrom('prp', 'topical-anesthetic', 'growth-factors', 'serum')),
  },
  { requiredKeys: [] },
);

const patientArbitrary = fc.record(
  {
    fitzpatrick: fc.constantFrom(1, 2, 3, 4, 5, 6),
    history: fc.record(
      {
        rosacea: bool,
        keloid: bool,
        hsv: bool,
        eczema: bool,
        immunosuppressed: bool,
        diabetes: bool,
        bleedingDisorder: bool,
        sensitiveSkin: bool,
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

const exposuresArbitrary = fc.record(
  { newProductApplied: bool, activesResumed: fc.uniqueArray(fc.constantFrom('retinoid', 'acid', 'vitamin-c', 'benzoyl-peroxide')) },
  { requiredKeys: [] },
);

/** A valid check-in with every sign answered. */
export const fullCheckInArbitrary = fc.record({
  hoursSinceTreatment: hoursArbitrary,
  treatment: treatmentArbitrary,
  patient: patientArbitrary,
  signs: fullSignsArbitrary,
  exposures: exposuresArbitrary,
});

/** A valid check-in in which any field may be missing. */
export const sparseCheckInArbitrary = fc.record(
  {
    hoursSinceTreatment: hoursArbitrary,
    treatment: treatmentArbitrary,
    patient: patientArbitrary,
    signs: fc.record(signModel, { requiredKeys: [] }),
    exposures: exposuresArbitrary,
  },
  { requiredKeys: [] },
);
