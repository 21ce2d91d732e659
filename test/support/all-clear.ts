import { deepMerge } from '../../src/testing/run-cases.js';

/**
 * Every check-in question that could hold the safety floor, answered with its least concerning
 * value: what a fully answered, uneventful check-in says. Tests spread their own signs over it.
 */
export const ALL_CLEAR_SIGNS = {
  rednessTrend: 'improving',
  rednessBeyondTreatedArea: false,
  redStreaks: false,
  rapidlySpreading: false,
  pain: 'mild',
  painTrend: 'improving',
  swelling: 'none',
  swellingTrend: 'improving',
  swellingWidespread: false,
  warmth: 'mild-local',
  discharge: 'none',
  fever: false,
  chills: false,
  malaise: false,
  swollenLymphNodes: false,
  blisters: false,
  groupedVesicles: false,
  itch: 'none',
  pinpointBleeding: 'none',
  heavyBleeding: false,
  discoloration: 'none',
  nodules: false,
  raisedScar: false,
  burning: false,
  flushing: false,
  telangiectasia: false,
  gridding: false,
  breakout: false,
} as const;

export const ALL_CLEAR_HISTORY = {
  rosacea: false,
  keloid: false,
  hsv: false,
  eczema: false,
  immunosuppressed: false,
  diabetes: false,
  sensitiveSkin: false,
} as const;

/**
 * A check-in with every floor question answered, and nothing in particular brought the person
 * (`complaint: []`), with `overrides` merged in (objects merged, anything else replaced).
 */
export function allClear(overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const base = {
    complaint: [],
    patient: { history: { ...ALL_CLEAR_HISTORY } },
    exposures: { newProductApplied: false, activesResumed: [] },
    signs: { ...ALL_CLEAR_SIGNS },
  };
  return deepMerge(base, overrides) as Record<string, unknown>;
}
