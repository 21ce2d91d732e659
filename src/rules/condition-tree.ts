import type { ConditionNode, LeafCondition, TopLevelCondition } from './rule-set-schema.js';

/*
 * Condition trees (json-rules-engine's `all` / `any` / `not` / leaf format, as validated) and
 * the walks over them that every part of the package shares.
 */

/** A leaf with where it sits: its JSON pointer segments below `conditions`, and whether an odd number of `not`s is above it. */
export interface PlacedLeaf {
  readonly leaf: LeafCondition;
  readonly path: readonly (string | number)[];
  readonly negated: boolean;
}

/** Every leaf of a condition tree, in order, with its path and negation. */
export function leavesOf(node: ConditionNode | TopLevelCondition, path: readonly (string | number)[] = [], negated = false): PlacedLeaf[] {
  if ('all' in node) return node.all.flatMap((child, index) => leavesOf(child, [...path, 'all', index], negated));
  if ('any' in node) return node.any.flatMap((child, index) => leavesOf(child, [...path, 'any', index], negated));
  if ('not' in node) return leavesOf(node.not, [...path, 'not'], !negated);
  return [{ leaf: node, path, negated }];
}

/** Fact ids a condition tree tests, in order of first appearance, each once. */
export function factsOf(node: ConditionNode | TopLevelCondition): string[] {
  return [...new Set(leavesOf(node).map(({ leaf }) => leaf.fact))];
}
