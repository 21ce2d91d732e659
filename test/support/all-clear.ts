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

/** A check-in with every floor question answered (add `hoursSinceTreatment` and the signs under test). */
export function allClear(
  overrides: { readonly signs?: Readonly<Record<string, unknown>> } & Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const { signs, ...rest } = overrides;
  return {
    patient: { history: { ...ALL_CLEAR_HISTORY } },
    exposures: { newProductApplied: false },
    ...rest,
    signs: { ...ALL_CLEAR_SIGNS, ...signs },
  };
}
