import * as z from 'zod/mini';
import { AFTERCARE_ITEMS, CAUSE_IDS, COMPARISON_FEATURES, DECISIONS, LEVELS } from '../contract.js';
import { OPERATORS, SOURCE_KINDS, messageSchema } from '../rules/rule-set-schema.js';

/*
 * zod schemas of the results, for their JSON Schemas (clients in other languages) and for
 * checking results in tests. The TypeScript types are authoritative; a compile-time test
 * (test/result-schema-types.test.ts) keeps these in step with them.
 */

/** A source as results cite it: the reference with its document's title and kind. */
const citedSource = z.strictObject({
  document: z.string(),
  section: z.string(),
  note: z.optional(z.string()),
  explains: z.optional(z.array(z.string())),
  title: z.string(),
  kind: z.enum(SOURCE_KINDS),
});

const factValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);

const matchedValue = z.strictObject({
  fact: z.string(),
  operator: z.enum(OPERATORS),
  expected: z.unknown(),
  observed: z.unknown(),
  derivation: z.optional(z.string()),
  negated: z.optional(z.boolean()),
});

const ruleSetInfo = z.strictObject({
  id: z.string(),
  version: z.string(),
  hash: z.string(),
  files: z.array(z.strictObject({ name: z.string(), id: z.string(), version: z.string(), kind: z.string(), ruleSet: z.string() })),
  layers: z.array(z.strictObject({ id: z.string(), version: z.string() })),
});

const clinicianQuestion = { field: z.string(), fact: z.string(), question: z.string(), name: z.string() };
const clinicianFinding = z.strictObject({
  ...clinicianQuestion,
  answer: z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]),
  text: z.string(),
});
const questionLists = z.strictObject({
  title: z.string(),
  present: z.array(clinicianFinding),
  absent: z.array(clinicianFinding),
  unknown: z.array(z.strictObject(clinicianQuestion)),
  open: z.array(z.strictObject(clinicianQuestion)),
});

/** The clinician summary of an assessment (`Assessment['clinician']`). */
const clinicianSummary = z.strictObject({
  level: z.enum(LEVELS),
  headline: z.string(),
  reported: z.array(clinicianFinding),
  warningSigns: questionLists,
  unknown: z.array(z.strictObject(clinicianQuestion)),
  open: z.array(z.strictObject({ ...clinicianQuestion, couldRaiseTo: z.enum(LEVELS), redFlag: z.boolean() })),
});

/** The clinician summary of a screening (`Screening['clinician']`). */
const screeningClinicianSummary = z.strictObject({
  decision: z.enum(DECISIONS),
  headline: z.string(),
  reported: z.array(clinicianFinding),
  blockingQuestions: questionLists,
  unknown: z.array(z.strictObject(clinicianQuestion)),
  open: z.array(z.strictObject({ ...clinicianQuestion, couldRaiseTo: z.enum(DECISIONS), blocking: z.boolean() })),
});

/** What a patient or candidate reads (`patient` of an assessment or a screening). */
const patientView = z.strictObject({
  headline: z.string(),
  actions: z.array(z.string()),
  watchFor: z.array(z.string()),
  explanation: z.array(z.string()),
});

const derivedFact = z.strictObject({ fact: z.string(), value: factValue, derivation: z.string() });

const evaluatedCondition: z.ZodMiniType = z.lazy(() =>
  z.union([
    z.strictObject({ kind: z.enum(['all', 'any']), children: z.array(evaluatedCondition), result: z.optional(z.boolean()) }),
    z.strictObject({ kind: z.literal('not'), child: evaluatedCondition, result: z.optional(z.boolean()) }),
    z.strictObject({
      kind: z.literal('leaf'),
      fact: z.string(),
      operator: z.enum(OPERATORS),
      value: z.unknown(),
      factValue: z.unknown(),
      result: z.optional(z.boolean()),
    }),
  ]),
);

const ruleTrace = z.strictObject({
  ruleId: z.string(),
  fired: z.boolean(),
  status: z.enum(['true', 'false', 'unknown']),
  openFacts: z.array(z.string()),
  conditions: evaluatedCondition,
});

/** Schema of an assessment (the result of `assess`). */
export const assessmentResultSchema = z.strictObject({
  level: z.enum(LEVELS),
  phase: z.nullable(
    z.strictObject({
      id: z.string(),
      label: z.string(),
      appearance: z.string(),
      symptoms: z.string(),
      hoursSinceTreatment: z.number(),
      ruleId: z.string(),
    }),
  ),
  causes: z.array(z.strictObject({ id: z.enum(CAUSE_IDS), level: z.enum(LEVELS), rules: z.array(z.string()) })),
  comparison: z.array(
    z.strictObject({
      feature: z.enum(COMPARISON_FEATURES),
      label: z.string(),
      finding: z.enum(['normal', 'infection', 'unknown']),
      normal: z.string(),
      infection: z.string(),
      observed: z.record(z.string(), factValue),
      rules: z.array(z.string()),
    }),
  ),
  reasons: z.array(
    z.strictObject({
      ruleId: z.string(),
      level: z.enum(LEVELS),
      redFlag: z.boolean(),
      description: z.string(),
      message: messageSchema,
      matched: z.array(matchedValue),
      sources: z.array(citedSource),
      causes: z.array(z.enum(CAUSE_IDS)),
      file: z.string(),
    }),
  ),
  advice: z.strictObject({
    level: z.enum(LEVELS),
    summary: messageSchema,
    now: z.array(z.string()),
    nowIds: z.array(z.string()),
    callBackIf: z.array(z.string()),
    recheckInHours: z.optional(z.number()),
    sources: z.array(citedSource),
  }),
  patient: patientView,
  clinician: clinicianSummary,
  missing: z.array(
    z.strictObject({
      id: z.string(),
      field: z.string(),
      question: messageSchema,
      couldRaiseTo: z.enum(LEVELS),
      redFlag: z.boolean(),
      rules: z.array(z.string()),
    }),
  ),
  derived: z.array(derivedFact),
  assessedAt: z.string(),
  ruleSet: ruleSetInfo,
  trace: z.optional(z.array(ruleTrace)),
});

/** Schema of a screening result (the result of `screen`). */
export const screeningResultSchema = z.strictObject({
  decision: z.enum(DECISIONS),
  reasons: z.array(
    z.strictObject({
      ruleId: z.string(),
      decision: z.enum(DECISIONS),
      blocking: z.boolean(),
      description: z.string(),
      message: messageSchema,
      matched: z.array(matchedValue),
      sources: z.array(citedSource),
      precautions: z.array(z.string()),
      file: z.string(),
    }),
  ),
  precautions: z.array(z.strictObject({ text: z.string(), rules: z.array(z.string()) })),
  postponeUntil: z.nullable(z.string()),
  waits: z.array(z.strictObject({ ruleId: z.string(), until: z.string(), days: z.number() })),
  patient: patientView,
  clinician: screeningClinicianSummary,
  missing: z.array(
    z.strictObject({
      id: z.string(),
      field: z.string(),
      question: messageSchema,
      couldRaiseTo: z.enum(DECISIONS),
      blocking: z.boolean(),
      rules: z.array(z.string()),
    }),
  ),
  derived: z.array(derivedFact),
  screenedAt: z.string(),
  ruleSet: ruleSetInfo,
  trace: z.optional(z.array(ruleTrace)),
});

/** Schema of aftercare guidance (the result of `aftercare`). */
export const aftercareResultSchema = z.strictObject({
  hoursSinceTreatment: z.number(),
  timeframe: z.strictObject({
    id: z.string(),
    label: z.string(),
    fromHours: z.number(),
    toHours: z.optional(z.number()),
    do: z.array(z.string()),
    dont: z.array(z.string()),
    sources: z.array(citedSource),
  }),
  resume: z.array(
    z.strictObject({
      item: z.enum(AFTERCARE_ITEMS),
      label: z.string(),
      allowedNow: z.boolean(),
      earliestHours: z.number(),
      earliestAt: z.string(),
      hoursToWait: z.number(),
      withClearance: z.boolean(),
      earliestHoursIfCleared: z.optional(z.number()),
      ruleId: z.string(),
      description: z.string(),
      sources: z.array(citedSource),
    }),
  ),
  assessedAt: z.string(),
  ruleSet: ruleSetInfo,
});
