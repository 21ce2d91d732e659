import type { EvaluatedCondition } from '../rules/condition-tree.js';
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
 * `any` that held, and the leaves under a `not` (which held by failing).
 */
export function supportingConditions(node: EvaluatedCondition, negated = false): MatchedCondition[] {
  switch (node.kind) {
    case 'leaf':
      return [{ fact: node.fact, operator: node.operator, value: node.value, observed: node.factValue, negated }];
    case 'not':
      return supportingConditions(node.child, !negated);
    case 'all':
      return node.children.flatMap((child) => supportingConditions(child, negated));
    case 'any': {
      const wanted = !negated;
      return node.children.filter((child) => child.result === wanted).flatMap((child) => supportingConditions(child, negated));
    }
  }
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
