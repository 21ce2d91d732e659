import type { MatchedValue, DerivedFact, PatientView } from '../assessment/assessment-types.js';
import type { ScreeningClinicianSummary } from '../assessment/clinician-summary.js';
import type { Decision } from '../contract.js';
import type { RuleSetInfo } from '../rules/load-rule-set.js';
import type { RuleTrace } from '../explain/rule-trace.js';
import type { RuleMessage, CitedSource } from '../rules/rule-set-schema.js';

/** A screening rule that fired, and why. */
export interface ScreeningReason {
  readonly ruleId: string;
  readonly decision: Decision;
  /** Whether this rule answers a blocking question (pregnancy, isotretinoin, ...). */
  readonly blocking: boolean;
  readonly description: string;
  readonly message: RuleMessage;
  readonly matched: readonly MatchedValue[];
  readonly sources: readonly CitedSource[];
  readonly precautions: readonly string[];
  readonly file: string;
}

/** Something to change if treating, and the rules that ask for it. */
export interface Precaution {
  readonly text: string;
  readonly rules: readonly string[];
}

/** A waiting time that resolves a postponement. */
export interface Wait {
  readonly ruleId: string;
  /** When the wait is over (ISO 8601). */
  readonly until: string;
  /** Days from the screening to `until`. */
  readonly days: number;
}

/** An unanswered screening question whose answer could change the decision. */
export interface MissingScreeningQuestion {
  /** The fact the question answers, e.g. `conditions.pregnant`. */
  readonly id: string;
  /** The input field to fill to answer it. */
  readonly field: string;
  readonly question: RuleMessage;
  /** The strongest decision an answer could lead to. */
  readonly couldRaiseTo: Decision;
  /** A blocking question: while it is open the decision is never `proceed`. */
  readonly blocking: boolean;
  readonly rules: readonly string[];
}

/** The result of a pre-treatment screening. */
export interface Screening {
  /** The strongest decision that fired (`proceed` when none did). */
  readonly decision: Decision;
  /** Every rule that fired, strongest first. */
  readonly reasons: readonly ScreeningReason[];
  /** What to change if treating. */
  readonly precautions: readonly Precaution[];
  /**
   * When the decision is `postpone` and every postponing reason is a waiting time: the date
   * (ISO 8601) when all the waits are over. Otherwise `null`.
   */
  readonly postponeUntil: string | null;
  /** Each waiting time found, even when other reasons also postpone. */
  readonly waits: readonly Wait[];
  /**
   * What the candidate reads, in plain words, all agreeing with the decision: its headline (with
   * the day the waits are over when `postponeUntil` is set), the decision's actions, what to tell
   * the clinic about before the visit, and why (the messages of the rules at the decision).
   */
  readonly patient: PatientView;
  /**
   * What a clinician reads first: the decision and its clinician headline, what was reported, the
   * blocking questions present, absent, unknown or not asked, and the questions still open.
   */
  readonly clinician: ScreeningClinicianSummary;
  /**
   * Unanswered questions that could block treatment: every open blocking question, and every
   * question whose answer could make the decision stronger. Blocking ones first.
   */
  readonly missing: readonly MissingScreeningQuestion[];
  readonly derived: readonly DerivedFact[];
  /** When the screening happened (ISO 8601): the input's `screenedAt`, or the clock. */
  readonly screenedAt: string;
  readonly ruleSet: RuleSetInfo;
  /** Every rule's evaluation, when asked for with `{ trace: true }`. */
  readonly trace?: readonly RuleTrace[];
}
