import * as z from 'zod/mini';
import { AFTERCARE_ITEMS, CAUSE_IDS, COMPARISON_FEATURES, DECISIONS, LEVELS } from '../contract.js';
import { MAX_HOURS } from '../checkin/checkin-schema.js';
import { HOURS_PER_UNIT, MAX_WAIT_HOURS } from '../screening/waits.js';

/*
 * The format of the files in `rules/`. Rules use json-rules-engine's condition format (a
 * restricted subset: literal comparison values, no `path`, no condition references) and carry
 * our metadata (stable id, description, sources) and event params.
 */

/** Operators a rule may use: json-rules-engine's built-ins, without decorators. */
export const OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;
/** A comparison operator a rule condition may use. */
export type OperatorName = (typeof OPERATORS)[number];

/** Operators that pass when the fact does not hold a value, unless guarded. */
export const NEGATED_OPERATORS: readonly OperatorName[] = ['notEqual', 'notIn', 'doesNotContain'];

const id = z.string().check(z.regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'lower-case words joined by "." or "-"'));
const text = z.string().check(z.minLength(1), z.maxLength(2000));
const version = z.string().check(z.regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'a semantic version such as 1.0.0'));

/** Where a rule's knowledge comes from: a source document and its section. */
export interface SourceRef {
  /** File name of the source document, e.g. `000_0b1d4838d8cb8315.txt`. */
  document: string;
  /** The section (heading, table row or paragraph) the rule draws on. */
  section: string;
  /** What was taken from it, when it needs saying. */
  note?: string | undefined;
}

export const sourceRefSchema: z.ZodMiniType<SourceRef> = z.strictObject({
  document: text,
  section: text,
  note: z.optional(text),
});

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A literal a condition compares with; `null` stands for "unanswered" (only with `equal` and `in`). */
export type ConditionScalar = string | number | boolean | null;

/** A leaf condition: one fact compared with one literal value. */
export interface LeafCondition {
  fact: string;
  operator: OperatorName;
  value: ConditionScalar | ConditionScalar[];
}
/** A condition tree node: `all`, `any`, `not`, or a leaf. */
export type ConditionNode = { all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode } | LeafCondition;
/** The root of a rule's conditions (json-rules-engine requires `all`, `any` or `not`). */
export type TopLevelCondition = { all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode };

const leafConditionSchema = z.strictObject({
  fact: z.string().check(z.minLength(1)),
  operator: z.enum(OPERATORS),
  value: z.union([scalar, z.array(scalar)]),
});

// One node object with every key optional, so that "both all and any" or "an empty any" get a
// precise message from the validator instead of a generic union failure.
export const conditionNodeSchema: z.ZodMiniType<ConditionNode> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionNodeSchema) }),
    z.strictObject({ any: z.array(conditionNodeSchema) }),
    z.strictObject({ not: conditionNodeSchema }),
    leafConditionSchema,
  ]),
) as unknown as z.ZodMiniType<ConditionNode>;

export const topLevelConditionSchema = z.union([
  z.strictObject({ all: z.array(conditionNodeSchema) }),
  z.strictObject({ any: z.array(conditionNodeSchema) }),
  z.strictObject({ not: conditionNodeSchema }),
]);

/** A message in two wordings: for clinicians and, in plain language, for patients. */
export interface RuleMessage {
  clinician: string;
  patient: string;
}

export const messageSchema: z.ZodMiniType<RuleMessage> = z.strictObject({
  clinician: text,
  patient: text,
});

export const phaseSchema = z.strictObject({
  id,
  label: text,
  appearance: text,
  symptoms: text,
});
export type PhaseInfo = z.infer<typeof phaseSchema>;

export const assessmentParamsSchema = z.strictObject({
  level: z.enum(LEVELS),
  causes: z.optional(z.array(z.enum(CAUSE_IDS))),
  comparison: z.optional(
    z.strictObject({
      feature: z.enum(COMPARISON_FEATURES),
      finding: z.enum(['normal', 'infection']),
    }),
  ),
  phase: z.optional(phaseSchema),
  message: messageSchema,
  advice: z.optional(z.array(text)),
});
export type AssessmentParams = z.infer<typeof assessmentParamsSchema>;

export const assessmentRuleSchema = z.strictObject({
  id,
  description: text,
  sources: z.array(sourceRefSchema).check(z.minLength(1)),
  /** A red-flag rule: while one could still fire on an unanswered question, the level is at least the floor. */
  redFlag: z.optional(z.boolean()),
  priority: z.optional(z.int().check(z.gte(1))),
  conditions: topLevelConditionSchema,
  event: z.strictObject({
    type: z.literal('assessment'),
    params: assessmentParamsSchema,
  }),
});
export type AssessmentRule = z.infer<typeof assessmentRuleSchema>;

/** Maps a numeric fact onto an enumerated one, e.g. needle depth in mm onto a depth class. */
export const bandDerivationSchema = z.strictObject({
  fact: z.string(),
  from: z.string(),
  description: text,
  sources: z.array(sourceRefSchema).check(z.minLength(1)),
  bands: z.array(z.strictObject({ upTo: z.optional(z.number()), value: z.string() })).check(z.minLength(1)),
});
export type BandDerivation = z.infer<typeof bandDerivationSchema>;

export const featureSchema = z.strictObject({
  id: z.enum(COMPARISON_FEATURES),
  label: text,
  normal: text,
  infection: text,
});
export type FeatureInfo = z.infer<typeof featureSchema>;

export const assessmentRuleFileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  id,
  version,
  kind: z.literal('assessment'),
  title: text,
  description: z.optional(text),
  derive: z.optional(z.array(bandDerivationSchema)),
  features: z.optional(z.array(featureSchema)),
  /** Ids of earlier rules (from the base or earlier layers) to remove. */
  disable: z.optional(z.array(z.string())),
  rules: z.array(assessmentRuleSchema),
});
export type AssessmentRuleFile = z.infer<typeof assessmentRuleFileSchema>;

export const screeningParamsSchema = z.strictObject({
  decision: z.enum(DECISIONS),
  message: messageSchema,
  /** What to change if treating: conservative depth, patch test, gentler protocol... */
  precautions: z.optional(z.array(text)),
  /**
   * A waiting time that resolves a postponement: `total` units after the value of `fact`, at most
   * a hundred years (a bound on the data, so that its end is always a valid date).
   */
  wait: z.optional(
    z
      .strictObject({
        fact: z.string(),
        total: z.number().check(z.gt(0)),
        unit: z.enum(['hours', 'days', 'weeks', 'months']),
      })
      .check(
        z.refine((wait) => wait.total * HOURS_PER_UNIT[wait.unit] <= MAX_WAIT_HOURS, {
          message: `must be at most a hundred years (${String(MAX_WAIT_HOURS)} hours)`,
          path: ['total'],
        }),
      ),
  ),
});
export type ScreeningParams = z.infer<typeof screeningParamsSchema>;

export const screeningRuleSchema = z.strictObject({
  id,
  description: text,
  sources: z.array(sourceRefSchema).check(z.minLength(1)),
  /** A blocking rule: while one could still fire on an unanswered question, the decision is never `proceed`. */
  blocking: z.optional(z.boolean()),
  priority: z.optional(z.int().check(z.gte(1))),
  conditions: topLevelConditionSchema,
  event: z.strictObject({
    type: z.literal('screening'),
    params: screeningParamsSchema,
  }),
});
export type ScreeningRule = z.infer<typeof screeningRuleSchema>;

export const screeningRuleFileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  id,
  version,
  kind: z.literal('screening'),
  title: text,
  description: z.optional(text),
  derive: z.optional(z.array(bandDerivationSchema)),
  /** Ids of earlier rules (from the base or earlier layers) to remove. */
  disable: z.optional(z.array(z.string())),
  rules: z.array(screeningRuleSchema),
});
export type ScreeningRuleFile = z.infer<typeof screeningRuleFileSchema>;

/**
 * Hours after treatment in the aftercare tables: at most the longest time since treatment an
 * input may give (ten years), so that every resumption time is a valid date.
 */
const hoursSchema = z.number().check(z.gte(0), z.lte(MAX_HOURS));

export const timeframeSchema = z.strictObject({
  id,
  label: text,
  fromHours: hoursSchema,
  /** Exclusive upper bound; absent for the last timeframe. */
  toHours: z.optional(hoursSchema),
  do: z.array(text),
  dont: z.array(text),
  sources: z.array(sourceRefSchema).check(z.minLength(1)),
});
export type Timeframe = z.infer<typeof timeframeSchema>;

export const resumeItemSchema = z.strictObject({
  id,
  item: z.enum(AFTERCARE_ITEMS),
  label: text,
  /** Earliest time after treatment, in hours, under the safer reading. */
  earliestHours: hoursSchema,
  /** Earlier time allowed once the treating provider has cleared it, if the sources give one. */
  earliestHoursIfCleared: z.optional(hoursSchema),
  description: text,
  sources: z.array(sourceRefSchema).check(z.minLength(1)),
});
export type ResumeItem = z.infer<typeof resumeItemSchema>;

export const aftercareFileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  id,
  version,
  kind: z.literal('aftercare'),
  title: text,
  description: z.optional(text),
  timeframes: z.array(timeframeSchema).check(z.minLength(1)),
  resume: z.array(resumeItemSchema),
});
export type AftercareFile = z.infer<typeof aftercareFileSchema>;

export const questionSchema = z.strictObject({
  fact: z.string(),
  /** The input field that answers the question, when it differs from the fact (derived facts). */
  field: z.optional(z.string()),
  patient: text,
  clinician: text,
});
export type Question = z.infer<typeof questionSchema>;

export const questionFileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  id,
  version,
  kind: z.literal('questions'),
  /** Which input the questions belong to (default: the check-in). */
  input: z.optional(z.enum(['checkin', 'screening'])),
  title: text,
  description: z.optional(text),
  questions: z.array(questionSchema),
});
export type QuestionFile = z.infer<typeof questionFileSchema>;

export const levelAdviceSchema = z.strictObject({
  summary: messageSchema,
  now: z.array(text),
  callBackIf: z.array(text),
  recheckInHours: z.optional(z.number().check(z.gt(0), z.lte(MAX_HOURS))),
  sources: z.array(sourceRefSchema).check(z.minLength(1)),
});
export type LevelAdvice = z.infer<typeof levelAdviceSchema>;

export const adviceFileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  id,
  version,
  kind: z.literal('advice'),
  title: text,
  description: z.optional(text),
  levels: z.strictObject({
    expected: levelAdviceSchema,
    monitor: levelAdviceSchema,
    'contact-provider': levelAdviceSchema,
    urgent: levelAdviceSchema,
  }),
});
export type AdviceFile = z.infer<typeof adviceFileSchema>;

/** Any file a rule set may contain. */
export type RuleSetFile = AssessmentRuleFile | ScreeningRuleFile | QuestionFile | AdviceFile | AftercareFile;
