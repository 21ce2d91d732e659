import * as z from 'zod/mini';
import {
  adjunctSchema,
  depthMmSchema,
  depthSchema,
  deviceSchema,
  fitzpatrickSchema,
  siteSchema,
  noRepeats,
} from '../checkin/checkin-schema.js';

/*
 * The screening input contract. Every field is optional: omitted means "not asked". For the
 * "how long ago" fields, `null` means "never" (or "first session").
 */

const flag = z.optional(z.boolean());
/** How long ago; `null` = never. Upper bounds are plausibility limits, not clinical thresholds. */
const ago = (max: number) => z.optional(z.nullable(z.number().check(z.gte(0), z.lte(max))));

const plannedTreatmentSchema = z.strictObject({
  depth: z.optional(depthSchema),
  depthMm: z.optional(depthMmSchema),
  device: z.optional(deviceSchema),
  site: z.optional(siteSchema),
  adjuncts: z.optional(z.array(adjunctSchema).check(z.maxLength(adjunctSchema.options.length), noRepeats)),
  setting: z.optional(z.enum(['clinic', 'home'])),
});

const conditionsSchema = z.strictObject({
  activeAcne: flag,
  openWound: flag,
  activeInfection: flag,
  activeColdSore: flag,
  hsvHistory: flag,
  sunburn: flag,
  inflamedSkin: flag,
  rosacea: flag,
  eczema: flag,
  psoriasis: flag,
  keloidHistory: flag,
  hypertrophicScarHistory: flag,
  bleedingDisorder: flag,
  uncontrolledDiabetes: flag,
  immunosuppressed: flag,
  pregnant: flag,
  breastfeeding: flag,
  sensitiveSkin: flag,
  topicalAllergy: flag,
});

const medicationsSchema = z.strictObject({
  onIsotretinoin: flag,
  isotretinoinMonthsAgo: ago(1200),
  anticoagulants: flag,
  /** Taking antibiotics now (or finished a course within the past week). */
  antibiotics: flag,
  retinoidDaysAgo: ago(36_500),
  exfoliantDaysAgo: ago(36_500),
  nsaidHoursAgo: ago(876_000),
  supplementHoursAgo: ago(876_000),
});

/** zod schema of a pre-treatment screening (the input of `screen`). */
export const screeningInputSchema = z.strictObject({
  plannedTreatment: z.optional(plannedTreatmentSchema),
  patient: z.optional(z.strictObject({ fitzpatrick: z.optional(fitzpatrickSchema) })),
  conditions: z.optional(conditionsSchema),
  medications: z.optional(medicationsSchema),
  lastSessionWeeksAgo: ago(5200),
  medicalClearance: flag,
  /** When the screening happens (ISO 8601 with a zone); defaults to the clock. Waits are counted from it. */
  screenedAt: z.optional(z.iso.datetime({ offset: true })),
});

/** A pre-treatment screening input. */
export type ScreeningInput = z.infer<typeof screeningInputSchema>;
/**
 * What `screen`, `screenSync` and `screeningInterview` take: a screening input as written at the
 * call site (zod's input type of {@link screeningInputSchema}; every field optional). JSON of
 * unknown shape goes through `parseScreening` or `safeScreen`.
 */
export type ScreenInput = z.input<typeof screeningInputSchema>;
