import * as z from 'zod/mini';

/*
 * The check-in input contract. Every field is optional: an omitted field means "not asked",
 * `false` or `'none'` means "asked, absent". Objects are strict so that a misspelt key is an
 * error rather than a silently ignored answer.
 *
 * Bounds here are plausibility limits on the data, not clinical thresholds.
 */

/** Upper bound on hours since treatment (ten years): beyond it the value is a data error. */
export const MAX_HOURS = 24 * 365 * 10;
/** Longest needle depth accepted, in millimetres. */
const MAX_DEPTH_MM = 5;
/** Most earlier check-ins accepted in one request. */
export const MAX_PREVIOUS_CHECKINS = 200;

const severity = z.enum(['none', 'mild', 'moderate', 'severe']);
const trend = z.enum(['improving', 'stable', 'worsening']);
const hours = z.number().check(z.gte(0), z.lte(MAX_HOURS));
const timestamp = z.iso.datetime({ offset: true });
const flag = z.optional(z.boolean());

/** A check that a list names each value at most once. */
export const noRepeats = z.refine<readonly unknown[]>((values) => new Set(values).size === values.length, {
  message: 'must not list the same value twice',
});

export const depthSchema = z.enum(['superficial', 'medium', 'deep']);
export const deviceSchema = z.enum(['roller', 'pen', 'rf', 'stamp']);
export const siteSchema = z.enum(['face', 'neck', 'body']);
export const adjunctSchema = z.enum(['prp', 'topical-anesthetic', 'growth-factors', 'serum']);
export const depthMmSchema = z.number().check(z.gt(0), z.lte(MAX_DEPTH_MM));
export const fitzpatrickSchema = z.literal([1, 2, 3, 4, 5, 6]);

export const treatmentSchema = z.strictObject({
  depth: z.optional(depthSchema),
  depthMm: z.optional(depthMmSchema),
  device: z.optional(deviceSchema),
  site: z.optional(siteSchema),
  adjuncts: z.optional(z.array(adjunctSchema).check(z.maxLength(adjunctSchema.options.length), noRepeats)),
});

const historySchema = z.strictObject({
  rosacea: flag,
  keloid: flag,
  hsv: flag,
  eczema: flag,
  immunosuppressed: flag,
  diabetes: flag,
  bleedingDisorder: flag,
  sensitiveSkin: flag,
});

const patientSchema = z.strictObject({
  fitzpatrick: z.optional(fitzpatrickSchema),
  history: z.optional(historySchema),
});

const signsSchema = z.strictObject({
  redness: z.optional(severity),
  rednessTrend: z.optional(trend),
  rednessBeyondTreatedArea: flag,
  redStreaks: flag,
  rapidlySpreading: flag,
  pain: z.optional(severity),
  painTrend: z.optional(trend),
  swelling: z.optional(severity),
  swellingTrend: z.optional(trend),
  swellingWidespread: flag,
  warmth: z.optional(z.enum(['none', 'mild-local', 'intense', 'spreading'])),
  discharge: z.optional(z.enum(['none', 'clear', 'purulent', 'foul-smelling'])),
  fever: flag,
  chills: flag,
  malaise: flag,
  swollenLymphNodes: flag,
  blisters: flag,
  groupedVesicles: flag,
  itch: z.optional(z.enum(['none', 'mild', 'intense'])),
  pinpointBleeding: z.optional(z.enum(['none', 'stopped', 'ongoing'])),
  heavyBleeding: flag,
  crusting: flag,
  peeling: flag,
  dryness: flag,
  tightness: flag,
  bruising: flag,
  gridding: flag,
  discoloration: z.optional(z.enum(['none', 'brown', 'blue', 'white'])),
  nodules: flag,
  raisedScar: flag,
  breakout: flag,
  burning: flag,
  flushing: flag,
  telangiectasia: flag,
});

/**
 * What brought the person to check in, as they put it first: the signs they noticed (`other`:
 * something else), before any question about them. `[]`: nothing in particular.
 */
export const complaintSchema = z.enum(['redness', 'pain', 'swelling', 'discharge', 'other']);

export const activeSchema = z.enum(['retinoid', 'acid', 'vitamin-c', 'benzoyl-peroxide']);

/** What kind of new product was applied (if several, the one furthest down this list). */
export const newProductKindSchema = z.enum(['bland', 'makeup', 'fragranced', 'active', 'unknown']);

const exposuresSchema = z.strictObject({
  newProductApplied: flag,
  /**
   * The new product's kind: `bland` (a fragrance-free moisturiser, ointment or other product the
   * aftercare recommends), `makeup`, `fragranced`, `active` (retinoid, acid, vitamin C...), or
   * `unknown`. Given only with `newProductApplied: true`; unanswered counts as `unknown`.
   */
  newProductKind: z.optional(newProductKindSchema),
  activesResumed: z.optional(z.array(activeSchema).check(z.maxLength(activeSchema.options.length), noRepeats)),
  /** The treating provider has cleared reintroducing actives (the earlier aftercare times apply). */
  activesClearedByProvider: flag,
});

const previousCheckInSchema = z.strictObject({
  hoursSinceTreatment: z.optional(hours),
  assessedAt: z.optional(timestamp),
  redness: z.optional(severity),
  pain: z.optional(severity),
  swelling: z.optional(severity),
});

/** zod schema of a post-procedure check-in (the input of `assess`). */
export const checkInSchema = z.strictObject({
  complaint: z.optional(z.array(complaintSchema).check(z.maxLength(complaintSchema.options.length), noRepeats)),
  hoursSinceTreatment: z.optional(hours),
  treatedAt: z.optional(timestamp),
  assessedAt: z.optional(timestamp),
  treatment: z.optional(treatmentSchema),
  patient: z.optional(patientSchema),
  signs: z.optional(signsSchema),
  exposures: z.optional(exposuresSchema),
  previous: z.optional(z.array(previousCheckInSchema).check(z.maxLength(MAX_PREVIOUS_CHECKINS))),
});

/** A post-procedure check-in, as accepted by `assess`. */
export type CheckIn = z.infer<typeof checkInSchema>;
/**
 * What `assess`, `assessSync` and `interview` take: a check-in as written at the call site (zod's
 * input type of {@link checkInSchema}; every field optional). A misspelt field or a value outside
 * an enum is a compile error; JSON of unknown shape goes through `parseCheckIn` or `safeAssess`.
 */
export type AssessInput = z.input<typeof checkInSchema>;
/** What the person observes now. */
export type Signs = NonNullable<CheckIn['signs']>;
/** An earlier check-in, used to derive trends. */
export type PreviousCheckIn = NonNullable<CheckIn['previous']>[number];
/** Ordered severity scale used by redness, pain and swelling. */
export type Severity = 'none' | 'mild' | 'moderate' | 'severe';
/** Direction of change since the previous check-in. */
export type Trend = 'improving' | 'stable' | 'worsening';
/** Severity values, lowest first. */
export const SEVERITY_SCALE: readonly Severity[] = severity.options;
