import type { CauseId, ComparisonFeature, ComparisonFinding, Level } from '../contract.js';
import type { FactValue } from '../facts/fact-values.js';
import type { RuleTrace } from '../explain/rule-trace.js';
import type { RuleSetInfo } from '../rules/load-rule-set.js';
import type { RuleMessage, CitedSource } from '../rules/rule-set-schema.js';

import type { MatchedValue } from '../explain/matched-values.js';
import type { DerivedFact } from '../explain/derived-facts.js';
import type { ClinicianSummary } from './clinician-summary.js';

export type { MatchedValue, DerivedFact, ClinicianSummary };

/** A rule that fired, and why. */
export interface Reason {
  /** Stable rule id, e.g. `infection-vs-normal.systemic.fever-or-chills`. */
  readonly ruleId: string;
  readonly level: Level;
  /** Whether this rule is a red flag (a warning sign from the sources). */
  readonly redFlag: boolean;
  readonly description: string;
  readonly message: RuleMessage;
  readonly matched: readonly MatchedValue[];
  readonly sources: readonly CitedSource[];
  readonly causes: readonly CauseId[];
  /** The rule file the rule came from. */
  readonly file: string;
}

/** The timeline phase for the hours since treatment. */
export interface PhaseResult {
  readonly id: string;
  readonly label: string;
  readonly appearance: string;
  readonly symptoms: string;
  readonly hoursSinceTreatment: number;
  readonly ruleId: string;
}

/** A suspected cause and the rules behind it. */
export interface CauseResult {
  readonly id: CauseId;
  /** The highest level among the rules that name this cause. */
  readonly level: Level;
  readonly rules: readonly string[];
}

/** One row of the infection-versus-normal comparison for this check-in. */
export interface ComparisonRow {
  readonly feature: ComparisonFeature;
  readonly label: string;
  readonly finding: ComparisonFinding;
  /** What normal healing and infection look like for this feature. */
  readonly normal: string;
  readonly infection: string;
  /** The check-in's values for the facts this feature's rules test (`null`: unanswered). */
  readonly observed: Readonly<Record<string, FactValue>>;
  /** Rules that decided the finding. */
  readonly rules: readonly string[];
}

/** What to do now and when to call back. */
export interface Advice {
  readonly level: Level;
  readonly summary: RuleMessage;
  /** What to do now, each line once. */
  readonly now: readonly string[];
  /** The ids of the lines of `now`, in the same order (stable across wording changes). */
  readonly nowIds: readonly string[];
  readonly callBackIf: readonly string[];
  readonly recheckInHours?: number;
  readonly sources: readonly CitedSource[];
}

/**
 * What the person reads, agreeing with the level: `advice` and `reasons` stay complete for the
 * clinician; this keeps only what belongs to the level that was reached.
 */
export interface PatientView {
  /**
   * The level's headline, with its time frame ("Contact your treating clinician today."); for a
   * screening, the decision's ("Please wait until after 13 March 2026 before you have the treatment.").
   */
  readonly headline: string;
  /** What to do, for this level or decision only. */
  readonly actions: readonly string[];
  /** What would make it more urgent; for a screening, what to tell the clinic about before the visit. */
  readonly watchFor: readonly string[];
  /** Why: the messages of the rules that decided the level or decision. */
  readonly explanation: readonly string[];
}

/** An unanswered question whose answer could raise the level. */
export interface MissingQuestion {
  /** The fact the question answers, e.g. `signs.fever`: also the input field to fill. */
  readonly id: string;
  /** The input field to fill to answer it (dotted path); usually the same as `id`. */
  readonly field: string;
  readonly question: RuleMessage;
  /** The highest level an answer could lead to (for a red-flag question, possibly not above the current level). */
  readonly couldRaiseTo: Level;
  /** True when the question is a red-flag question: while open, the level is at least `monitor`. */
  readonly redFlag: boolean;
  /** Rules that are waiting on this answer. */
  readonly rules: readonly string[];
}

/** The result of a post-procedure assessment. */
export interface Assessment {
  /** The highest level that fired. */
  readonly level: Level;
  /** The timeline phase, or `null` when the time since treatment is unknown. */
  readonly phase: PhaseResult | null;
  /** Suspected causes, highest level first. */
  readonly causes: readonly CauseResult[];
  /** The six features of the infection-versus-normal comparison. */
  readonly comparison: readonly ComparisonRow[];
  /** Every rule that fired, highest level first. */
  readonly reasons: readonly Reason[];
  readonly advice: Advice;
  /** What the person reads: one view that agrees with the level. */
  readonly patient: PatientView;
  /**
   * What a nurse reads first: the level and its clinician headline, what the person reported,
   * the warning signs present, absent, unknown or not asked, and the questions still open.
   */
  readonly clinician: ClinicianSummary;
  /**
   * Unanswered questions, most important first: every open red-flag question (while one is
   * open the level is at least `monitor`), and every other question whose answer could raise
   * the level.
   */
  readonly missing: readonly MissingQuestion[];
  /** Facts the evaluator derived (hours, trends, depth class) and how. */
  readonly derived: readonly DerivedFact[];
  /** The time of the assessment (ISO 8601): the check-in's `assessedAt`, or the clock. */
  readonly assessedAt: string;
  readonly ruleSet: RuleSetInfo;
  /** Every rule's evaluation, when asked for with `{ trace: true }`. */
  readonly trace?: readonly RuleTrace[];
}
