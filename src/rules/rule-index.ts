import type { GradedRule } from '../engine/open-questions.js';
import type { QuestionIndex } from './load-rule-set.js';

/** Lookups derived once per loaded rule list, so that each evaluation only reads them. */
export interface RuleIndex<R> {
  readonly byId: ReadonlyMap<string, R>;
  /** Each rule's position in its rule set. */
  readonly position: ReadonlyMap<string, number>;
  readonly graded: readonly GradedRule[];
  /** A fact's place in the questions file (unlisted facts last). */
  readonly questionOrder: (fact: string) => number;
}

const indexes = new WeakMap<object, RuleIndex<unknown>>();

/** The index of a loaded rule list with its questions (built on first use, then cached). */
export function ruleIndex<R extends { readonly id: string; readonly graded: GradedRule }>(knowledge: {
  readonly rules: readonly R[];
  readonly questions: QuestionIndex;
}): RuleIndex<R> {
  const cached = indexes.get(knowledge) as RuleIndex<R> | undefined;
  if (cached !== undefined) return cached;
  const index: RuleIndex<R> = {
    byId: new Map(knowledge.rules.map((rule) => [rule.id, rule])),
    position: new Map(knowledge.rules.map((rule, position) => [rule.id, position])),
    graded: knowledge.rules.map((rule) => rule.graded),
    questionOrder: (fact) => knowledge.questions.get(fact)?.order ?? Number.MAX_SAFE_INTEGER,
  };
  indexes.set(knowledge, index);
  return index;
}
