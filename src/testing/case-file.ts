import * as z from 'zod/mini';
import { CAUSE_IDS, COMPARISON_FEATURES, DECISIONS, LEVELS } from '../contract.js';

/*
 * Golden case files: named check-ins with the result they must produce, written from the
 * sources. Expectations are subset matches: list what must hold, not the whole result.
 */

const levelSchema = z.enum(LEVELS);
const decisionSchema = z.enum(DECISIONS);

/** zod schema of a case's expectations (`expect`). */
export const caseExpectationSchema = z.strictObject({
  /** The exact level. */
  level: z.optional(levelSchema),
  /** The level must be at least this. */
  minLevel: z.optional(levelSchema),
  /** The level must be at most this. */
  maxLevel: z.optional(levelSchema),
  /** Causes that must be suspected. */
  causes: z.optional(z.array(z.enum(CAUSE_IDS))),
  /** Causes that must not be suspected. */
  notCauses: z.optional(z.array(z.enum(CAUSE_IDS))),
  /** Rule ids that must fire. */
  fired: z.optional(z.array(z.string())),
  /** Rule ids that must not fire. */
  notFired: z.optional(z.array(z.string())),
  /** The phase id (`null`: no phase, the time is unknown). */
  phase: z.optional(z.nullable(z.string())),
  /** Findings of comparison features. */
  comparison: z.optional(z.partialRecord(z.enum(COMPARISON_FEATURES), z.enum(['normal', 'infection', 'unknown']))),
  /** Question ids that must be listed as missing. */
  missing: z.optional(z.array(z.string())),
  /** Question ids that must not be listed as missing. */
  notMissing: z.optional(z.array(z.string())),
  /** Advice line ids that must be in the advice (`advice.nowIds`). */
  advice: z.optional(z.array(z.string())),
  /** Advice line ids that must not be in the advice. */
  notAdvice: z.optional(z.array(z.string())),
  /** Screening: the exact decision. */
  decision: z.optional(decisionSchema),
  /** Screening: the decision must be at least this. */
  minDecision: z.optional(decisionSchema),
  /** Screening: the decision must be at most this. */
  maxDecision: z.optional(decisionSchema),
  /** Screening: the date the waits end (ISO 8601), or `null` for none. */
  postponeUntil: z.optional(z.nullable(z.iso.datetime({ offset: true }))),
  /** The input must be rejected with an ObservationError naming these paths. */
  invalid: z.optional(z.array(z.string())),
});
/** What a case's result must contain (subset matching). */
export type CaseExpectation = z.infer<typeof caseExpectationSchema>;

/** zod schema of one golden case. */
export const goldenCaseSchema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  description: z.optional(z.string()),
  /** Where in the sources the expectation comes from. */
  source: z.optional(z.string()),
  /** Name of a base input (from the file's `bases`) that `input` is merged onto. */
  base: z.optional(z.string()),
  /** Clock for this case (ISO 8601), overriding the file's. */
  now: z.optional(z.iso.datetime({ offset: true })),
  input: z.unknown(),
  expect: caseExpectationSchema,
});
/** One golden case as written in a case file. */
export type GoldenCase = z.infer<typeof goldenCaseSchema>;

/** zod schema of a golden case file. */
export const caseFileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  /** What the cases run: post-procedure assessments (default) or pre-treatment screenings. */
  kind: z.optional(z.enum(['assessment', 'screening'])),
  description: z.optional(z.string()),
  /** Clock for every case in the file (ISO 8601). */
  now: z.optional(z.iso.datetime({ offset: true })),
  /** Named base inputs that cases extend with `base`. */
  bases: z.optional(z.record(z.string(), z.unknown())),
  cases: z.array(goldenCaseSchema),
});
/** A golden case file (JSON or YAML). */
export type CaseFile = z.infer<typeof caseFileSchema>;
