import type { RuleMessage } from '../rules/rule-set-schema.js';

/** How a level or a decision is worded: its summary, and summaries chosen by why it was reached. */
export interface GradeWording {
  readonly summary: RuleMessage;
  readonly summaries?:
    | {
        readonly openQuestions?: RuleMessage | undefined;
        readonly patternAndOpenQuestions?: RuleMessage | undefined;
      }
    | undefined;
}

/** A rule that decided a result's level or decision, as the wording reads it. */
export interface DecidingRule {
  /** Set on the floor rule, whose only reason is that questions are still open. */
  readonly floor?: unknown;
  readonly event: { readonly params: { readonly message: RuleMessage } };
}

/**
 * The headline of a level or decision, from the rules at it (`deciding`): for one held only by
 * the floor, the open-questions wording; for one held by the floor and a pattern, the combined
 * one; otherwise (or when the wording gives no choice) its summary.
 */
export function headlineOf(wording: GradeWording, deciding: readonly DecidingRule[]): RuleMessage {
  const floor = deciding.some((rule) => rule.floor !== undefined);
  const pattern = deciding.some((rule) => rule.floor === undefined);
  if (floor && !pattern) return wording.summaries?.openQuestions ?? wording.summary;
  if (floor && pattern) return wording.summaries?.patternAndOpenQuestions ?? wording.summary;
  return wording.summary;
}

/**
 * Why, in plain words: the patient messages of the rules at the result's level or decision, each
 * once. Rules below it add nothing (their messages carry another grade's time frame or go-ahead;
 * they stay in `reasons` for the clinician), and the floor's open questions are said by the
 * headline, never as a request to answer.
 */
export function explanationOf(deciding: readonly DecidingRule[]): string[] {
  return [...new Set(deciding.filter((rule) => rule.floor === undefined).map((rule) => rule.event.params.message.patient))];
}
