import type { GradedRule } from '../engine/open-questions.js';
import type { QuestionIndex } from './load-rule-set.js';

/** Lookups derived once per loaded rule list, so that each evaluation only reads them. */
export interface RuleIndex {
  readonly graded: readonly GradedRule[];
  /** A fact's place in the questions file (unlisted facts last). */
  readonly questionOrder: (fact: string) => number;
}

const indexes = new WeakMap<object, RuleIndex>();

/** The index of a loaded rule list with its questions (built on first use, then cached). */
export function ruleIndex(knowledge: {
  readonly rules: readonly { readonly graded: GradedRule }[];
  readonly questions: QuestionIndex;
}): RuleIndex {
  const cached = indexes.get(knowledge);
  if (cached !== undefined) return cached;
  const index: RuleIndex = {
    graded: knowledge.rules.map((rule) => rule.graded),
    questionOrder: (fact) => knowledge.questions.get(fact)?.order ?? Number.MAX_SAFE_INTEGER,
  };
  indexes.set(knowledge, index);
  return index;
}
