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

/** An unanswered question whose answer could raise the result. */
export interface OpenQuestion {
  readonly fact: string;
  /** The highest rank an answer could lead to. */
  readonly couldRaiseTo: number;
  readonly flagged: boolean;
  readonly rules: readonly string[];
}

/**
 * Each rule's status under three-valued logic, by the rule's position in its list. A status is
 * worked out when first read: most evaluations read only the rules that could raise the result.
 */
export interface RuleStatuses {
  at(position: number): TriStateOutcome;
}

/**
 * The rules' statuses on `facts`, each evaluated on first read against the facts as they are
 * then (the floor counter is added to the same object before any rule that tests it is read).
 */
export function ruleStatuses(rules: readonly GradedRule[], facts: Readonly<Record<string, FactValue>>): RuleStatuses {
  const known: (TriStateOutcome | undefined)[] = new Array<TriStateOutcome | undefined>(rules.length);
  return {
    at(position) {
      let status = known[position];
      if (status === undefined) {
        const rule = rules[position];
        if (rule === undefined) throw new RangeError(`no rule at position ${String(position)}`);
        status = evaluateTriState(rule.conditions, facts);
        known[position] = status;
      }
      return status;
    },
  };
}

/** Unanswered facts that could still fire a flagged rule. */
export function openFlaggedFacts(rules: readonly GradedRule[], statuses: RuleStatuses): Set<string> {
  const open = new Set<string>();
  for (let position = 0; position < rules.length; position += 1) {
    if (rules[position]?.flagged !== true) continue;
    for (const fact of statuses.at(position).openFacts) open.add(fact);
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
  for (let position = 0; position < rules.length; position += 1) {
    const rule = rules[position];
    if (rule === undefined || (rule.rank <= rank && !(floorHeld && rule.flagged))) continue;
    for (const fact of statuses.at(position).openFacts) {
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
