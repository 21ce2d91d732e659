import { openQuestions, type GradedRule, type RuleStatuses } from '../engine/open-questions.js';
import type { QuestionIndex } from '../rules/load-rule-set.js';
import { ruleIndex } from '../rules/rule-index.js';
import { byId } from './by-id.js';
import { questionText } from './question-text.js';
import type { Scale } from './scale.js';

/** An unanswered question that could raise the result, with its text, before a kind names its flag. */
export interface MissingEntry<G extends string> {
  readonly id: string;
  readonly field: string;
  readonly question: { patient: string; clinician: string };
  readonly couldRaiseTo: G;
  /** It could fire a flagged rule (a red flag, a blocking question). */
  readonly flagged: boolean;
  readonly rules: readonly string[];
}

/**
 * The unanswered questions that could raise `grade` (and, while the floor holds it, those that
 * hold the floor), in the order {@link openQuestions} gives, each with its text and its rules by id.
 */
export function missingEntries<G extends string>(
  knowledge: { readonly rules: readonly { readonly id: string; readonly graded: GradedRule }[]; readonly questions: QuestionIndex },
  statuses: RuleStatuses,
  scale: Scale<G>,
  grade: G,
  floorHeld: boolean,
): MissingEntry<G>[] {
  const index = ruleIndex(knowledge);
  return openQuestions(index.graded, statuses, scale.rank(grade), index.questionOrder, floorHeld).map((open) => {
    const question = knowledge.questions.get(open.fact);
    return {
      id: open.fact,
      field: question?.field ?? open.fact,
      question: questionText(question, open.fact),
      couldRaiseTo: scale.at(open.couldRaiseTo) ?? grade,
      flagged: open.flagged,
      rules: [...open.rules].sort(byId),
    };
  });
}
