import fc from 'fast-check';
import { builtinRuleSet } from '../../src/index.js';
import type { Question } from '../../src/rules/rule-set-schema.js';

/** The built-in bands from needle length to depth class (`derive` in the rule files). */
const DEPTH_BANDS =
  (builtinRuleSet.files['timeline.json'] as { derive: { bands: { upTo?: number; value: string }[] }[] }).derive[0]?.bands ?? [];

/** The depth class the built-in bands give a needle length. */
export function depthOfMm(mm: number): string {
  return DEPTH_BANDS.find((band) => band.upTo === undefined || mm <= band.upTo)?.value ?? 'deep';
}

/** A depth class beside a needle length agrees with it (the input contract refuses one the bands contradict). */
function agreeingDepth<T extends { depth?: string; depthMm?: number }>(treatment: T): T {
  return treatment.depth === undefined || treatment.depthMm === undefined
    ? treatment
    : { ...treatment, depth: depthOfMm(treatment.depthMm) };
}

/** The built-in gates between two signs, read from the questions files. */
const SIGN_GATES = Object.values(builtinRuleSet.files as Record<string, { kind?: string; questions?: Question[] }>)
  .filter((file) => file.kind === 'questions')
  .flatMap((file) => file.questions ?? [])
  .flatMap(({ fact, gate }) => (gate !== undefined && fact.startsWith('signs.') && gate.fact.startsWith('signs.') ? [{ fact, gate }] : []));

/**
 * Signs a person who knows their own state gives: a sign that is absent is not worsening (the
 * input contract refuses the pair; such a trend becomes stable), and a sign whose gate an answer
 * closes (clusters of blisters after "no blisters", by the rules' gates) takes the gate's value
 * (the contract reads that contradiction toward concern; test/question-gates.test.ts covers it).
 */
export function possibleTrends<T extends Record<string, unknown>>(signs: T): T {
  const fixed: Record<string, unknown> = { ...signs };
  for (const sign of ['redness', 'pain', 'swelling'])
    if (fixed[sign] === 'none' && fixed[`${sign}Trend`] === 'worsening') fixed[`${sign}Trend`] = 'stable';
  for (const { fact, gate } of SIGN_GATES) {
    const key = fact.slice('signs.'.length);
    if (fixed[key] !== undefined && fixed[key] !== null && gate.closedBy.some((value) => value === fixed[gate.fact.slice('signs.'.length)]))
      fixed[key] = gate.value;
  }
  return fixed as T;
}

const severity = fc.constantFrom('none', 'mild', 'moderate', 'severe');
const trend = fc.constantFrom('improving', 'stable', 'worsening');
const bool = fc.boolean();

/** Hours since treatment, weighted towards the thresholds of the timeline. */
export const hoursArbitrary = fc.oneof(
  fc.constantFrom(0, 5, 6, 7, 35, 36, 37, 47, 48, 49, 71, 72, 73, 167, 168, 169, 191, 192, 193, 335, 336, 337),
  fc.double({ min: 0, max: 2000, noNaN: true }),
);

export const signModel = {
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
export const fullSignsArbitrary = fc.record(signModel).map(possibleTrends);

export const treatmentArbitrary = fc
  .record(
    {
      depth: fc.constantFrom('superficial', 'medium', 'deep'),
      depthMm: fc.double({ min: 0.1, max: 3, noNaN: true }),
      device: fc.constantFrom('roller', 'pen', 'rf', 'stamp'),
      site: fc.constantFrom('face', 'neck', 'body'),
      adjuncts: fc.uniqueArray(fc.constantFrom('prp', 'topical-anesthetic', 'growth-factors', 'serum')),
    },
    { requiredKeys: [] },
  )
  .map(agreeingDepth);

export const patientArbitrary = fc.record(
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

const newProductKind = fc.constantFrom('bland', 'makeup', 'fragranced', 'active', 'unknown');
/** A new product's kind is given only beside `newProductApplied: true` (the input contract). */
const newProductArbitrary = fc.oneof(
  fc.constant({}),
  fc.constant({ newProductApplied: false }),
  fc.record({ newProductApplied: fc.constant(true), newProductKind }, { requiredKeys: ['newProductApplied'] }),
);

export const exposuresArbitrary = fc
  .record(
    {
      product: newProductArbitrary,
      activesResumed: fc.uniqueArray(fc.constantFrom('retinoid', 'acid', 'vitamin-c', 'benzoyl-peroxide')),
      activesClearedByProvider: bool,
    },
    { requiredKeys: ['product'] },
  )
  .map(({ product, ...rest }) => ({ ...product, ...rest }));

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
    signs: fc.record(signModel, { requiredKeys: [] }).map(possibleTrends),
    exposures: exposuresArbitrary,
  },
  { requiredKeys: [] },
);

const ago = (max: number) => fc.oneof(fc.constant(null), fc.integer({ min: 0, max }), fc.double({ min: 0, max, noNaN: true }));

export const conditionModel = {
  activeAcne: bool,
  openWound: bool,
  activeInfection: bool,
  activeColdSore: bool,
  hsvHistory: bool,
  sunburn: bool,
  inflamedSkin: bool,
  rosacea: bool,
  eczema: bool,
  psoriasis: bool,
  keloidHistory: bool,
  hypertrophicScarHistory: bool,
  bleedingDisorder: bool,
  uncontrolledDiabetes: bool,
  immunosuppressed: bool,
  pregnant: bool,
  breastfeeding: bool,
  sensitiveSkin: bool,
  topicalAllergy: bool,
};

export const medicationModel = {
  onIsotretinoin: bool,
  isotretinoinMonthsAgo: ago(30),
  anticoagulants: bool,
  antibiotics: bool,
  retinoidDaysAgo: ago(20),
  exfoliantDaysAgo: ago(20),
  nsaidHoursAgo: ago(72),
  supplementHoursAgo: ago(72),
};

export const plannedModel = {
  depth: fc.constantFrom('superficial', 'medium', 'deep'),
  depthMm: fc.double({ min: 0.1, max: 3, noNaN: true }),
  device: fc.constantFrom('roller', 'pen', 'rf', 'stamp'),
  site: fc.constantFrom('face', 'neck', 'body'),
  adjuncts: fc.uniqueArray(fc.constantFrom('prp', 'topical-anesthetic', 'growth-factors', 'serum')),
  setting: fc.constantFrom('clinic', 'home'),
};

/** A screening input with every question answered. */
export const fullCandidateArbitrary = fc.record({
  plannedTreatment: fc.record(plannedModel).map(agreeingDepth),
  patient: fc.record({ fitzpatrick: fc.constantFrom(1, 2, 3, 4, 5, 6) }),
  conditions: fc.record(conditionModel),
  medications: fc.record(medicationModel),
  lastSessionWeeksAgo: ago(12),
  medicalClearance: bool,
});

/** A screening input in which any question may be unanswered. */
export const sparseCandidateArbitrary = fc.record(
  {
    plannedTreatment: fc.record(plannedModel, { requiredKeys: [] }).map(agreeingDepth),
    patient: fc.record({ fitzpatrick: fc.constantFrom(1, 2, 3, 4, 5, 6) }, { requiredKeys: [] }),
    conditions: fc.record(conditionModel, { requiredKeys: [] }),
    medications: fc.record(medicationModel, { requiredKeys: [] }),
    lastSessionWeeksAgo: ago(12),
    medicalClearance: bool,
  },
  { requiredKeys: [] },
);

/** Mostly the benign answer, sometimes any answer: how real check-ins and candidates look. */
const usually = <T>(benign: fc.Arbitrary<T>, any: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: benign, weight: 12 }, { arbitrary: any, weight: 1 });
const rarely = fc.oneof({ arbitrary: fc.constant(false), weight: 40 }, { arbitrary: fc.constant(true), weight: 1 });

const plausibleSigns = fc
  .record(
    {
      redness: usually(fc.constantFrom('mild', 'moderate', 'none'), severity),
      rednessTrend: usually(fc.constantFrom('improving', 'stable'), trend),
      rednessBeyondTreatedArea: rarely,
      redStreaks: rarely,
      rapidlySpreading: rarely,
      pain: usually(fc.constantFrom('none', 'mild'), severity),
      painTrend: usually(fc.constantFrom('improving', 'stable'), trend),
      swelling: usually(fc.constantFrom('none', 'mild'), severity),
      swellingTrend: usually(fc.constantFrom('improving', 'stable'), trend),
      swellingWidespread: rarely,
      warmth: usually(fc.constantFrom('none', 'mild-local'), fc.constantFrom('none', 'mild-local', 'intense', 'spreading')),
      discharge: usually(fc.constantFrom('none', 'clear'), fc.constantFrom('none', 'clear', 'purulent', 'foul-smelling')),
      fever: rarely,
      chills: rarely,
      malaise: rarely,
      swollenLymphNodes: rarely,
      blisters: rarely,
      groupedVesicles: rarely,
      itch: usually(fc.constantFrom('none', 'mild'), fc.constantFrom('none', 'mild', 'intense')),
      pinpointBleeding: usually(fc.constantFrom('none', 'stopped'), fc.constantFrom('none', 'stopped', 'ongoing')),
      heavyBleeding: rarely,
      crusting: bool,
      peeling: bool,
      dryness: bool,
      tightness: bool,
      discoloration: usually(fc.constant('none'), fc.constantFrom('none', 'brown', 'blue', 'white')),
      nodules: rarely,
      raisedScar: rarely,
      burning: rarely,
      flushing: rarely,
      telangiectasia: rarely,
      gridding: rarely,
      breakout: rarely,
    },
    // Most people answer every question; some skip the later ones.
    {
      requiredKeys: [
        'redness',
        'rednessTrend',
        'rednessBeyondTreatedArea',
        'redStreaks',
        'rapidlySpreading',
        'pain',
        'painTrend',
        'swelling',
        'swellingWidespread',
        'warmth',
        'discharge',
        'fever',
        'chills',
        'swollenLymphNodes',
        'blisters',
        'groupedVesicles',
        'malaise',
        'swellingTrend',
        'itch',
        'pinpointBleeding',
        'heavyBleeding',
        'discoloration',
        'nodules',
        'raisedScar',
        'burning',
        'flushing',
        'telangiectasia',
        'gridding',
        'breakout',
      ],
    },
  )
  .map(possibleTrends);

/** A check-in as patients mostly send them: a few days out, benign answers, the odd warning sign or skipped question. */
export const plausibleCheckInArbitrary = fc.record(
  {
    hoursSinceTreatment: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 168 }), weight: 4 },
      { arbitrary: fc.integer({ min: 0, max: 720 }), weight: 1 },
    ),
    treatment: treatmentArbitrary,
    patient: fc.record(
      {
        fitzpatrick: fc.constantFrom(1, 2, 3, 4, 5, 6),
        history: fc.record({
          rosacea: rarely,
          keloid: rarely,
          hsv: rarely,
          eczema: rarely,
          immunosuppressed: rarely,
          diabetes: rarely,
          sensitiveSkin: rarely,
        }),
      },
      { requiredKeys: [] },
    ),
    signs: plausibleSigns,
    exposures: usually<Record<string, unknown>>(fc.constant({ newProductApplied: false }), exposuresArbitrary),
  },
  { requiredKeys: ['hoursSinceTreatment', 'signs'] },
);

/** A candidate as clinics mostly see them: every blocking question answered, few conditions. */
export const plausibleCandidateArbitrary = fc.record(
  {
    plannedTreatment: fc.record(plannedModel, { requiredKeys: [] }).map(agreeingDepth),
    patient: fc.record({ fitzpatrick: fc.constantFrom(1, 2, 3, 4, 5, 6) }),
    conditions: fc.record(Object.fromEntries(Object.keys(conditionModel).map((key) => [key, rarely]))),
    medications: fc.record({
      onIsotretinoin: rarely,
      isotretinoinMonthsAgo: usually(fc.constant(null), ago(30)),
      anticoagulants: rarely,
      antibiotics: rarely,
      retinoidDaysAgo: usually(fc.constant(null), ago(20)),
      exfoliantDaysAgo: usually(fc.constant(null), ago(20)),
      nsaidHoursAgo: usually(fc.constant(null), ago(72)),
      supplementHoursAgo: usually(fc.constant(null), ago(72)),
    }),
    lastSessionWeeksAgo: usually(fc.constantFrom(null, 6, 8), ago(12)),
  },
  { requiredKeys: ['conditions', 'medications'] },
);
