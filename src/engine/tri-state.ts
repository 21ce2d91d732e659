import type { ConditionNode, TopLevelCondition } from '../rules/rule-set-schema.js';
import type { FactValue } from '../facts/fact-values.js';
import { compare } from './operators.js';

/** `true`/`false` when known; `undefined` when the answer depends on unknown facts. */
export type TriState = boolean | undefined;

/** The status of a rule under three-valued logic, with the unknown facts it still depends on. */
export interface TriStateOutcome {
  readonly status: TriState;
  /** Unknown facts whose answers could change the outcome (empty when the status is known). */
  readonly openFacts: readonly string[];
}

/**
 * Evaluates conditions under Kleene three-valued logic: a leaf on an unknown fact is unknown;
 * `all` is false if any child is false, `any` true if any child is true, otherwise unknown.
 * This answers "could this rule still fire, and which unanswered questions decide it?".
 */
export function evaluateTriState(conditions: TopLevelCondition, facts: Readonly<Record<string, FactValue>>): TriStateOutcome {
  const open = new Set<string>();
  const status = evaluateNode(conditions, facts, open);
  return { status, openFacts: status === undefined ? [...open] : [] };
}

function evaluateNode(node: ConditionNode, facts: Readonly<Record<string, FactValue>>, open: Set<string>): TriState {
  if ('all' in node) return combine(node.all, facts, open, false);
  if ('any' in node) return combine(node.any, facts, open, true);
  if ('not' in node) {
    const inner = evaluateNode(node.not, facts, open);
    return inner === undefined ? undefined : !inner;
  }
  const result = compare(node.operator, facts[node.fact] ?? null, node.value);
  if (result === undefined) open.add(node.fact);
  return result;
}

/** `decisive` is the child value that settles the node: true for `any`, false for `all`. */
function combine(
  children: readonly ConditionNode[],
  facts: Readonly<Record<string, FactValue>>,
  open: Set<string>,
  decisive: boolean,
): TriState {
  let unknown = false;
  const childOpen = new Set<string>();
  for (const child of children) {
    const value = evaluateNode(child, facts, childOpen);
    if (value === decisive) return decisive;
    if (value === undefined) unknown = true;
  }
  for (const fact of childOpen) open.add(fact);
  return unknown ? undefined : !decisive;
}
