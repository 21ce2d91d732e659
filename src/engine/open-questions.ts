import { evaluateTriState, type TriStateOutcome } from './tri-state.js';
import { relevance } from './covered-terms.js';
import type { FactValue } from '../facts/fact-values.js';
import type { FactRoutes } from '../facts/fact-routes.js';
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
  /** The questions that could make the rule at `position` hold (its terms' open leaves). */
  openings(position: number): readonly string[];
  /**
   * The questions worth asking for the rules at the positions `needed` picks (see
   * `covered-terms.ts`): their openings, without those that could only make a rule hold where a
   * rule at least as high holds too (`floor`: among flagged rules only).
   */
  relevant(needed: (position: number) => boolean, floor: boolean): ReadonlyMap<number, readonly string[]>;
}

/**
 * The rules' statuses on `facts` (derived facts read through their `routes`), each evaluated on
 * first read against the facts as they are then (the floor counter is added to the same object
 * before any rule that tests it is read).
 */
export function ruleStatuses(
  rules: readonly GradedRule[],
  facts: Readonly<Record<string, FactValue>>,
  routes?: FactRoutes,
  counterFact?: string,
): RuleStatuses {
  const known: (TriStateOutcome | undefined)[] = new Array<TriStateOutcome | undefined>(rules.length);
  const at = (position: number): TriStateOutcome => {
    let status = known[position];
    if (status === undefined) {
      const rule = rules[position];
      if (rule === undefined) throw new RangeError(`no rule at position ${String(position)}`);
      status = evaluateTriState(rule.conditions, facts, routes);
      known[position] = status;
    }
    return status;
  };
  return { at, ...relevance(rules, facts, routes, counterFact, at) };
}

/** Unanswered questions that could still fire a flagged rule. */
export function openFlaggedFacts(rules: readonly GradedRule[], statuses: RuleStatuses): Set<string> {
  const open = new Set<string>();
  for (let position = 0; position < rules.length; position += 1) {
    if (rules[position]?.flagged !== true || statuses.at(position).status !== undefined) continue;
    for (const fact of statuses.openings(position)) open.add(fact);
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
  const holding = (position: number): boolean => floorHeld && rules[position]?.flagged === true;
  const raising = statuses.relevant((position) => !holding(position) && (rules[position]?.rank ?? 0) > rank, false);
  const floor = floorHeld ? statuses.relevant(holding, true) : new Map<number, readonly string[]>();
  for (let position = 0; position < rules.length; position += 1) {
    const rule = rules[position];
    if (rule === undefined || statuses.at(position).status !== undefined) continue;
    for (const fact of (holding(position) ? floor : raising).get(position) ?? []) {
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
