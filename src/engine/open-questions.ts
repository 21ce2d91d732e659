import { evaluateTriState, type TriStateOutcome } from './tri-state.js';
import type { FactValue } from '../facts/fact-values.js';
import type { TopLevelCondition } from '../rules/rule-set-schema.js';

/** What the open-question analysis needs of a rule: its conditions, its grade and its flag. */
export interface GradedRule {
  readonly id: string;
  readonly conditions: TopLevelCondition;
  /** Position of the rule's level or decision on its scale (0 = lowest). */
  readonly rank: number;
  /** A red-flag (assessment) or blocking (screening) rule: while it could fire, the floor applies. */
  readonly flagged: boolean;
}

/** Each rule's status under three-valued logic. */
export type RuleStatuses = ReadonlyMap<string, TriStateOutcome>;

/** An unanswered question whose answer could raise the result. */
export interface OpenQuestion {
  readonly fact: string;
  /** The highest rank an answer could lead to. */
  readonly couldRaiseTo: number;
  readonly flagged: boolean;
  readonly rules: readonly string[];
}

/** Evaluates every rule under three-valued logic: which could still fire on unanswered questions. */
export function ruleStatuses(rules: readonly GradedRule[], facts: Readonly<Record<string, FactValue>>): RuleStatuses {
  return new Map(rules.map((rule) => [rule.id, evaluateTriState(rule.conditions, facts)]));
}

/**
 * Statuses after the floor counter is known: only the rules that test the counter can change,
 * so only they are evaluated again.
 */
export function withCounter(
  statuses: RuleStatuses,
  counterRules: readonly GradedRule[],
  facts: Readonly<Record<string, FactValue>>,
): RuleStatuses {
  if (counterRules.length === 0) return statuses;
  const updated = new Map(statuses);
  for (const rule of counterRules) updated.set(rule.id, evaluateTriState(rule.conditions, facts));
  return updated;
}

/** Unanswered facts that could still fire a flagged rule. */
export function openFlaggedFacts(rules: readonly GradedRule[], statuses: RuleStatuses): Set<string> {
  const open = new Set<string>();
  for (const rule of rules) {
    if (!rule.flagged) continue;
    for (const fact of statuses.get(rule.id)?.openFacts ?? []) open.add(fact);
  }
  return open;
}

/**
 * The unanswered questions whose answers could raise the result above `rank`: the open facts of
 * every rule that could still fire with a higher grade; and, when the floor is what holds the
 * result (`floorHeld`), the open facts of every flagged rule, since answering them is what lets
 * the result leave the floor. Questions that hold the floor come first, then the highest possible
 * grade, then `order` (the questions file), then the fact id.
 */
export function openQuestions(
  rules: readonly GradedRule[],
  statuses: RuleStatuses,
  rank: number,
  order: (fact: string) => number,
  floorHeld: boolean,
): OpenQuestion[] {
  const byFact = new Map<string, { couldRaiseTo: number; flagged: boolean; rules: string[] }>();
  for (const rule of rules) {
    if (rule.rank <= rank && !(floorHeld && rule.flagged)) continue;
    for (const fact of statuses.get(rule.id)?.openFacts ?? []) {
      const entry = byFact.get(fact) ?? { couldRaiseTo: rule.rank, flagged: false, rules: [] };
      entry.couldRaiseTo = Math.max(entry.couldRaiseTo, rule.rank);
      entry.flagged ||= rule.flagged;
      entry.rules.push(rule.id);
      byFact.set(fact, entry);
    }
  }
  return [...byFact]
    .map(([fact, entry]) => ({ fact, ...entry }))
    .sort(
      (a, b) =>
        Number(b.flagged) - Number(a.flagged) ||
        b.couldRaiseTo - a.couldRaiseTo ||
        order(a.fact) - order(b.fact) ||
        (a.fact < b.fact ? -1 : 1),
    );
}
