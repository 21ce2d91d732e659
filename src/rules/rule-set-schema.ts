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
  /** The modifier facts this source explains the effect of, in this rule (see {@link FactRole}). */
  explains?: string[] | undefined;
}

export const sourceRefSchema: z.ZodMiniType<SourceRef> = z.strictObject({
  document: text,
  section: text,
  note: z.optional(text),
  explains: z.optional(z.array(z.string()).check(z.minLength(1))),
});

/** What kind of document a source is, so that a reader can weigh it. */
export const SOURCE_KINDS = [
  'practitioner-article',
  'magazine-article',
  'clinic-blog',
  'web-article',
  'clinic-protocol',
  'guideline',
  'study',
  'other',
] as const;

/** One document of the source registry. */
export interface SourceInfo {
  /** The file name rules cite in `sources[].document`. */
  document: string;
  /** The document's own title, as it appears in it (or, for an untitled text, a description of it). */
  title: string;
  kind: (typeof SOURCE_KINDS)[number];
  /** What the document covers. */
  covers: string;
  /** Anything a reader should know about the document (for example that it carries no title). */
  note?: string | undefined;
}

export const sourceInfoSchema: z.ZodMiniType<SourceInfo> = z.strictObject({
  document: text,
  title: text,
  kind: z.enum(SOURCE_KINDS),
  covers: text,
  note: z.optional(text),
});

/**
 * A layer's written approval for a change to what it layers on: the id of what it changes (a
 * rule id; `derive:<fact>`, `question:<input>:<fact>`, `advice:<line>`, `advice-level:<level>`,
 * `advice-decision:<decision>`, `aftercare:<timeframe>`, `resume:<item>`, `feature:<id>`), why,
 * who approved, when. Without one, a layer that changes or removes anything that came before does not compose.
 */
export interface AcknowledgedChange {
  change: string;
  why: string;
  approvedBy: string;
  /** When it was approved (ISO 8601 date). */
  date?: string | undefined;
}

export const acknowledgedChangeSchema: z.ZodMiniType<AcknowledgedChange> = z.strictObject({
  change: z.string().check(z.minLength(1)),
  why: text,
  approvedBy: text,
  date: z.optional(z.iso.date()),
});

/** A source as results cite it: the reference with the document's title and kind from the registry. */
export interface CitedSource extends SourceRef {
  readonly title: string;
  readonly kind: SourceInfo['kind'];
}

export const sourceFileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  id,
  version,
  kind: z.literal('sources'),
  /** This layer's approvals for what it changes in the rule sets below it. */
  acknowledgedChanges: z.optional(z.array(acknowledgedChangeSchema)),
  title: text,
  description: z.optional(text),
  sources: z.array(sourceInfoSchema).check(z.minLength(1)),
});
export type SourceFile = z.infer<typeof sourceFileSchema>;

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
  /** Ids of advice lines (from the advice file) that apply when this rule fires. */
  advice: z.optional(z.array(id)),
});
export type AssessmentParams = z.infer<typeof assessmentParamsSchema>;

export const assessmentRuleSchema = z.strictObject({
  id,
  description: text,
  sources: z.array(sourceRefSchema).check(z.minLength(1)),
  /**
   * Marks a red flag by hand. Every rule at or above the floor's reach is a red flag anyway (derived);
   * this only adds rules below it to the set whose open questions hold the floor.
   */
  redFlag: z.optional(z.boolean()),
  /**
   * Marks the floor rule: it tests the number of open red-flag questions, counting the unanswered
   * questions that could still fire a rule at or above `reach` (or a hand-marked red flag).
   */
  floor: z.optional(z.strictObject({ reach: z.enum(LEVELS) })),
  priority: z.optional(z.int().check(z.gte(1))),
  conditions: topLevelConditionSchema,
  event: z.strictObject({
    type: z.literal('assessment'),
    params: assessmentParamsSchema,
  }),
});
export type AssessmentRule = z.infer<typeof assessmentRuleSchema>;

/**
 * A layer's written approval for taking a rule away or lowering it: which rule, why, who approved.
 * Without one, a layer that disables, removes or lowers an earlier rule does not compose.
 */
export interface AcknowledgedLowering {
  rule: string;
  why: string;
  approvedBy: string;
  /** When it was approved (ISO 8601 date). */
  date?: string | undefined;
}

export const acknowledgedLoweringSchema: z.ZodMiniType<AcknowledgedLowering> = z.strictObject({
  rule: z.string().check(z.minLength(1)),
  why: text,
  approvedBy: text,
  date: z.optional(z.iso.date()),
});

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
  /** This layer's approvals for what it changes in the rule sets below it. */
  acknowledgedChanges: z.optional(z.array(acknowledgedChangeSchema)),
  title: text,
  description: z.optional(text),
  derive: z.optional(z.array(bandDerivationSchema)),
  features: z.optional(z.array(featureSchema)),
  /** Ids of earlier rules (from the base or earlier layers) to remove. */
  disable: z.optional(z.array(z.string())),
  /** This layer's approvals for the earlier rules it disables, removes or lowers. */
  acknowledgedLowerings: z.optional(z.array(acknowledgedLoweringSchema)),
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
  /**
   * Marks a blocking rule by hand. Every rule at or above the floor's reach blocks anyway (derived);
   * this only adds rules below it to the set whose open questions hold the floor.
   */
  blocking: z.optional(z.boolean()),
  /**
   * Marks the floor rule: it tests the number of open blocking questions, counting the unanswered
   * questions that could still fire a rule at or above `reach` (or a hand-marked blocking rule).
   */
  floor: z.optional(z.strictObject({ reach: z.enum(DECISIONS) })),
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
  /** This layer's approvals for what it changes in the rule sets below it. */
  acknowledgedChanges: z.optional(z.array(acknowledgedChangeSchema)),
  title: text,
  description: z.optional(text),
  derive: z.optional(z.array(bandDerivationSchema)),
  /** Ids of earlier rules (from the base or earlier layers) to remove. */
  disable: z.optional(z.array(z.string())),
  /** This layer's approvals for the earlier rules it disables, removes or lowers. */
  acknowledgedLowerings: z.optional(z.array(acknowledgedLoweringSchema)),
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
  /** This layer's approvals for what it changes in the rule sets below it. */
  acknowledgedChanges: z.optional(z.array(acknowledgedChangeSchema)),
  title: text,
  description: z.optional(text),
  timeframes: z.array(timeframeSchema).check(z.minLength(1)),
  resume: z.array(resumeItemSchema),
});
export type AftercareFile = z.infer<typeof aftercareFileSchema>;

/**
 * What a fact's values mean for safety, declared beside its question:
 * - `{ concern: [...] }`: an order of concern, least concerning first. Each entry is a value or a
 *   list of values of equal concern (`[false, true]` for a warning sign); moving one step toward
 *   concern never lowers a result. For numbers, `"higher"` or `"lower"` (e.g. days since a
 *   medication: lower is more concerning, "never" least); for lists, `"more"` (more items).
 * - `"modifier"`: explains rather than warns (depth, device, site, skin type, bruising...). A
 *   modifier may lower a result, but only through a rule that cites a source for it (a source
 *   whose `explains` names the fact).
 * - `"time"`: the time since treatment, the axis the timeline is drawn on; its thresholds are
 *   pinned by boundary cases on both sides.
 */
export type FactRole =
  | 'modifier'
  | 'time'
  | { concern: readonly (string | boolean | readonly (string | boolean)[])[] | 'higher' | 'lower' | 'more' };

const tierValue = z.union([z.string(), z.boolean()]);
export const factRoleSchema: z.ZodMiniType<FactRole> = z.union([
  z.literal('modifier'),
  z.literal('time'),
  z.strictObject({
    concern: z.union([
      z.enum(['higher', 'lower', 'more']),
      z.array(z.union([tierValue, z.array(tierValue).check(z.minLength(2))])).check(z.minLength(2)),
    ]),
  }),
]) as unknown as z.ZodMiniType<FactRole>;

/**
 * A question asked only while another question's answer leaves it open ("clusters of small
 * blisters" only when there are blisters): when the gate's fact is answered with a value in
 * `closedBy`, the question is not asked and its fact reads `value`, its least concerning answer;
 * an answer given to it anyway is used as given (a contradiction read toward concern).
 */
export const questionGateSchema = z.strictObject({
  id,
  description: text,
  sources: z.array(sourceRefSchema).check(z.minLength(1)),
  /** The question whose answer opens or closes this one. */
  fact: z.string(),
  /** The answers that close it. */
  closedBy: z.array(z.union([z.string(), z.boolean(), z.number()])).check(z.minLength(1)),
  /** What the gated fact reads while the gate is closed: its least concerning answer. */
  value: z.union([z.string(), z.boolean(), z.number()]),
});
export type QuestionGate = z.infer<typeof questionGateSchema>;

export const questionSchema = z.strictObject({
  fact: z.string(),
  /** The input field that answers the question, when it differs from the fact (derived facts). */
  field: z.optional(z.string()),
  patient: text,
  clinician: text,
  /**
   * The answers in plain words, by value (a number as written, e.g. `"4"`): what a person reads on
   * a button, in a list or in a FHIR answer option instead of the code (`"purulent": "Thick yellow
   * or green pus"`). Only for a field answered from a list, and only for its values.
   */
  answers: z.optional(z.record(z.string(), text)),
  /**
   * The answered question's name for clinicians, before its answer in a clinician summary
   * ("Discharge" in "Discharge: purulent"); default: the clinician wording without its question mark.
   */
  finding: z.optional(text),
  /** What the fact's values mean for safety: required for every fact a rule tests. */
  role: z.optional(factRoleSchema),
  /** Facts worth asking next once this one is answered (e.g. the redness trend after the redness). */
  followUps: z.optional(z.array(z.string())),
  /**
   * The checklist this yes/no question is asked in: when several questions of one group are to be
   * asked, an interview shows them on one screen ("Do you have any of these?"), each still
   * answered yes, no or "I don't know".
   */
  group: z.optional(id),
  /** When the question is asked at all: a gate closes it once another answer makes it pointless. */
  gate: z.optional(questionGateSchema),
  /**
   * For the question of what brought the person (a list answer): the sign each answer reports
   * present, by value (`"pain": "signs.pain"`). A reported sign's question leads the interview
   * and is asked without its least concerning answer; a check-in that answers it with that
   * answer anyway is refused.
   */
  reports: z.optional(z.record(z.string(), z.string())),
});
export type Question = z.infer<typeof questionSchema>;

/** A checklist of yes/no questions shown on one screen, with its caption. */
export const questionGroupSchema = z.strictObject({
  id,
  patient: text,
  clinician: text,
});
export type QuestionGroup = z.infer<typeof questionGroupSchema>;

export const questionFileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  id,
  version,
  kind: z.literal('questions'),
  /** This layer's approvals for what it changes in the rule sets below it. */
  acknowledgedChanges: z.optional(z.array(acknowledgedChangeSchema)),
  /** Which input the questions belong to (default: the check-in). */
  input: z.optional(z.enum(['checkin', 'screening'])),
  title: text,
  description: z.optional(text),
  /** Checklists: several yes/no questions on one screen (a later file's group of one id wins). */
  groups: z.optional(z.array(questionGroupSchema)),
  questions: z.array(questionSchema),
});
export type QuestionFile = z.infer<typeof questionFileSchema>;

/**
 * One line of care advice, with a stable id. A result lists each line once, in the order the
 * level and then the fired rules ask for it; a line whose `when` does not hold for the check-in
 * is left out, and a line that `replaces` others stands in for them.
 */
export const adviceLineSchema = z.strictObject({
  id,
  text,
  /** The line applies only when this holds (an unanswered fact does not make it hold). */
  when: z.optional(topLevelConditionSchema),
  /** Ids of lines this one makes redundant when both apply (e.g. "stop all products" over "stop the new product"). */
  replaces: z.optional(z.array(id)),
});
export type AdviceLine = z.infer<typeof adviceLineSchema>;

/** A summary chosen by why the level was reached: a pattern, or only questions still open. */
const summariesSchema = z.strictObject({
  /** When the only reason at this level is the floor: questions are still open, the pattern itself is usual. */
  openQuestions: z.optional(messageSchema),
  /** When a pattern and open questions both hold the level. */
  patternAndOpenQuestions: z.optional(messageSchema),
});

export const levelAdviceSchema = z.strictObject({
  summary: messageSchema,
  summaries: z.optional(summariesSchema),
  /** Ids of the advice lines for this level. */
  now: z.array(id),
  callBackIf: z.array(text),
  recheckInHours: z.optional(z.number().check(z.gt(0), z.lte(MAX_HOURS))),
  sources: z.array(sourceRefSchema).check(z.minLength(1)),
});
export type LevelAdvice = z.infer<typeof levelAdviceSchema>;

/**
 * The token a screening headline's `waitUntil` wording puts the date in: the day on which every
 * wait is over, as a person reads it.
 */
export const DATE_PLACEHOLDER = '{date}';

/**
 * What a screening decision tells the candidate and the clinician: its headline, and what to do,
 * for that decision only. The reasons' own messages explain it; this is the wording around them.
 */
export const decisionAdviceSchema = z.strictObject({
  /** A stable id, e.g. `decision.postpone`. */
  id,
  description: text,
  /** The decision's headline, for clinicians and in plain words. */
  summary: messageSchema,
  /** A headline chosen by why the decision was reached, when the rules give a choice. */
  summaries: z.optional(
    z.strictObject({
      /** When the only reason at this decision is the floor: blocking questions are still open. */
      openQuestions: z.optional(messageSchema),
      /** When a rule and open blocking questions both hold the decision. */
      patternAndOpenQuestions: z.optional(messageSchema),
      /** When every postponing reason is a waiting time: says the date, in place of `{date}`. */
      waitUntil: z.optional(messageSchema),
    }),
  ),
  /** What to do, for this decision only. */
  actions: z.array(text).check(z.minLength(1)),
  /** What to tell the clinic about before the visit. */
  watchFor: z.optional(z.array(text)),
  sources: z.array(sourceRefSchema).check(z.minLength(1)),
});
export type DecisionAdvice = z.infer<typeof decisionAdviceSchema>;

export const adviceFileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  id,
  version,
  kind: z.literal('advice'),
  /** This layer's approvals for what it changes in the rule sets below it. */
  acknowledgedChanges: z.optional(z.array(acknowledgedChangeSchema)),
  title: text,
  description: z.optional(text),
  /** Advice lines by id; lines of several advice files are merged (a later file's line wins). */
  lines: z.optional(z.array(adviceLineSchema)),
  /** Advice for each level; the last advice file that has them supplies them. */
  levels: z.optional(
    z.strictObject({
      expected: levelAdviceSchema,
      monitor: levelAdviceSchema,
      'contact-provider': levelAdviceSchema,
      urgent: levelAdviceSchema,
    }),
  ),
  /** The wording of each screening decision; the last advice file that has them supplies them. */
  decisions: z.optional(
    z.strictObject({
      proceed: decisionAdviceSchema,
      'proceed-with-caution': decisionAdviceSchema,
      postpone: decisionAdviceSchema,
      contraindicated: decisionAdviceSchema,
    }),
  ),
});
export type AdviceFile = z.infer<typeof adviceFileSchema>;

/** Any file a rule set may contain. */
export type RuleSetFile = AssessmentRuleFile | ScreeningRuleFile | QuestionFile | AdviceFile | AftercareFile | SourceFile;
