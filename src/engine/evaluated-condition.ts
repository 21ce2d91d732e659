import { foldEvaluated, type EvaluatedCondition } from '../rules/condition-tree.js';
import type { OperatorName } from '../rules/rule-set-schema.js';

export type { EvaluatedCondition };

/** A leaf condition that supports a rule's outcome, with the observed value it compared. */
export interface MatchedCondition {
  readonly fact: string;
  readonly operator: OperatorName;
  readonly value: unknown;
  readonly observed: unknown;
  /** True when the condition sits under a `not`: the rule fired because it did not hold. */
  readonly negated: boolean;
}

/**
 * The leaf conditions that made a fired rule fire: every child of an `all`, the children of an
 * `any` that held, and the leaves under a `not` (which held by failing). The compiled evaluator
 * finds the same leaves from its closures; this reads them from an evaluated tree.
 */
export function supportingConditions(node: EvaluatedCondition): MatchedCondition[] {
  return foldEvaluated<MatchedCondition[]>(node, {
    leaf: (leaf, { negated }) => [{ fact: leaf.fact, operator: leaf.operator, value: leaf.value, observed: leaf.factValue, negated }],
    not: (child) => child,
    all: (children) => children.flat(),
    any: (children, group, { negated }) => children.filter((_, index) => group.children[index]?.result === !negated).flat(),
  });
}

/**
 * The result of an `all` or `any` node from its children, as json-rules-engine decides it: an
 * empty group holds (whichever kind); otherwise `any` holds if a child holds, `all` if every
 * child holds; `undefined` while a child is undetermined.
 */
export function groupResult(kind: 'all' | 'any', children: readonly EvaluatedCondition[]): boolean | undefined {
  if (children.length === 0) return true;
  const decisive = kind === 'any';
  if (children.some((child) => child.result === decisive)) return decisive;
  return children.every((child) => child.result !== undefined) ? !decisive : undefined;
}
