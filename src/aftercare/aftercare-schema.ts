import * as z from 'zod/mini';
import { MAX_HOURS, treatmentSchema } from '../checkin/checkin-schema.js';

/** zod schema of an aftercare request (the input of `aftercare`). */
export const aftercareInputSchema = z.strictObject({
  hoursSinceTreatment: z.optional(z.number().check(z.gte(0), z.lte(MAX_HOURS))),
  treatedAt: z.optional(z.iso.datetime({ offset: true })),
  assessedAt: z.optional(z.iso.datetime({ offset: true })),
  treatment: z.optional(treatmentSchema),
  /** The treating provider has cleared reintroducing actives (allows the earlier times where the rules give one). */
  clearedByProvider: z.optional(z.boolean()),
});

/** An aftercare request: the time since treatment (hours, or timestamps) and optional details. */
export type AftercareInput = z.infer<typeof aftercareInputSchema>;
/**
 * What `aftercare` takes: an aftercare request as written at the call site (zod's input type of
 * {@link aftercareInputSchema}). JSON of unknown shape goes through `parseAftercare`.
 */
export type AftercareRequest = z.input<typeof aftercareInputSchema>;
