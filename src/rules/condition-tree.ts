import type { ConditionNode, LeafCondition, OperatorName } from './rule-set-schema.js';

/*
 * Condition trees, in the two shapes the package handles: as written (json-rules-engine's
 * `all` / `any` / `not` / leaf format, as validated) and as evaluated (each node with whether it
 * held). Every walk over either shape is a fold from here: the children are folded first and
 * their results handed to the callback of the parent, so a fold can build a value (text, a
 * reach, a compiled closure) as well as collect one.
 */

/** JSON pointer segments of a node below `conditions`: `['all', 0, 'not']`. */
export type ConditionPath = readonly (string | number)[];

/** Where a node sits in its tree: its path, and whether an odd number of `not`s is above it. */
export interface ConditionPlace {
  readonly path: ConditionPath;
  readonly negated: boolean;
}

/** A condition tree after evaluation: each node with whether it held (`undefined`: not evaluated or unknown). */
export type EvaluatedCondition =
  | { readonly kind: 'all' | 'any'; readonly children: readonly EvaluatedCondition[]; readonly result: boolean | undefined }
  | { readonly kind: 'not'; readonly child: EvaluatedCondition; readonly result: boolean | undefined }
  | {
      readonly kind: 'leaf';
      readonly fact: string;
      readonly operator: OperatorName;
      readonly value: unknown;
      /** The fact's value when the condition was evaluated (`null`: unknown). */
      readonly factValue: unknown;
      readonly result: boolean | undefined;
    };

/** An `all` node as written. */
export type AllCondition = Extract<ConditionNode, { all: unknown }>;
/** An `any` node as written. */
export type AnyCondition = Extract<ConditionNode, { any: unknown }>;
/** A `not` node as written. */
export type NotCondition = Extract<ConditionNode, { not: unknown }>;
/** An evaluated leaf. */
export type EvaluatedLeaf = Extract<EvaluatedCondition, { kind: 'leaf' }>;
/** An evaluated `all` or `any` node. */
export type EvaluatedGroup = Extract<EvaluatedCondition, { kind: 'all' | 'any' }>;
/** An evaluated `not` node. */
export type EvaluatedNot = Extract<EvaluatedCondition, { kind: 'not' }>;

/**
 * What a fold makes of each kind of node, given the folded children (in order; an empty
 * array for an empty group), the node itself and where it sits.
 */
export interface Fold<T, Leaf, All, Any, Not> {
  readonly leaf: (leaf: Leaf, at: ConditionPlace) => T;
  readonly all: (children: readonly T[], node: All, at: ConditionPlace) => T;
  readonly any: (children: readonly T[], node: Any, at: ConditionPlace) => T;
  readonly not: (child: T, node: Not, at: ConditionPlace) => T;
}

/** A fold over a condition tree as written. */
export type ConditionFold<T> = Fold<T, LeafCondition, AllCondition, AnyCondition, NotCondition>;

/** A fold over an evaluated condition tree. */
export type EvaluatedFold<T> = Fold<T, EvaluatedLeaf, EvaluatedGroup, EvaluatedGroup, EvaluatedNot>;

const ROOT: ConditionPlace = { path: [], negated: false };

/**
 * Folds a condition tree bottom-up: each node's callback receives its children's results, its
 * node and its place (paths relative to the root, which is at `[]`).
 */
export function foldCondition<T>(node: ConditionNode, fold: ConditionFold<T>): T {
  return foldNode(node, fold, ROOT);
}

function foldNode<T>(node: ConditionNode, fold: ConditionFold<T>, at: ConditionPlace): T {
  if ('all' in node) return fold.all(foldChildren(node.all, 'all', fold, at), node, at);
  if ('any' in node) return fold.any(foldChildren(node.any, 'any', fold, at), node, at);
  if ('not' in node) return fold.not(foldNode(node.not, fold, { path: [...at.path, 'not'], negated: !at.negated }), node, at);
  return fold.leaf(node, at);
}

function foldChildren<T>(children: readonly ConditionNode[], kind: 'all' | 'any', fold: ConditionFold<T>, at: ConditionPlace): T[] {
  return children.map((child, index) => foldNode(child, fold, { path: [...at.path, kind, index], negated: at.negated }));
}

/** Folds an evaluated condition tree bottom-up, with the same places as {@link foldCondition}. */
export function foldEvaluated<T>(node: EvaluatedCondition, fold: EvaluatedFold<T>): T {
  return foldEvaluatedNode(node, fold, ROOT);
}

function foldEvaluatedNode<T>(node: EvaluatedCondition, fold: EvaluatedFold<T>, at: ConditionPlace): T {
  switch (node.kind) {
    case 'leaf':
      return fold.leaf(node, at);
    case 'not':
      return fold.not(foldEvaluatedNode(node.child, fold, { path: [...at.path, 'not'], negated: !at.negated }), node, at);
    case 'all':
    case 'any': {
      const kind = node.kind;
      const children = node.children.map((child, index) =>
        foldEvaluatedNode(child, fold, { path: [...at.path, kind, index], negated: at.negated }),
      );
      return kind === 'all' ? fold.all(children, node, at) : fold.any(children, node, at);
    }
  }
}

/** A path as a JSON pointer relative to `conditions`: `/all/0/not` (`''` for the root). */
export function conditionPointer(path: ConditionPath): string {
  return path.map((segment) => `/${String(segment)}`).join('');
}

/** A leaf with where it sits: its JSON pointer segments below `conditions`, and whether an odd number of `not`s is above it. */
export interface PlacedLeaf extends ConditionPlace {
  readonly leaf: LeafCondition;
}

/** Every leaf of a condition tree, in order, with its path and negation. */
export function leavesOf(node: ConditionNode): PlacedLeaf[] {
  return foldCondition<PlacedLeaf[]>(node, {
    leaf: (leaf, { path, negated }) => [{ leaf, path, negated }],
    all: concat,
    any: concat,
    not: (child) => child,
  });
}

/** An evaluated leaf with where it sits. */
export interface PlacedEvaluatedLeaf extends ConditionPlace {
  readonly leaf: EvaluatedLeaf;
}

/** Every leaf of an evaluated tree, in order, with its path and negation. */
export function evaluatedLeavesOf(node: EvaluatedCondition): PlacedEvaluatedLeaf[] {
  return foldEvaluated<PlacedEvaluatedLeaf[]>(node, {
    leaf: (leaf, { path, negated }) => [{ leaf, path, negated }],
    all: concat,
    any: concat,
    not: (child) => child,
  });
}

/** The folded children's lists, one after the other. */
function concat<T>(children: readonly (readonly T[])[]): T[] {
  return ([] as T[]).concat(...children);
}

/** Fact ids a condition tree tests, in order of first appearance, each once. */
export function factsOf(node: ConditionNode): string[] {
  return [...new Set(leavesOf(node).map(({ leaf }) => leaf.fact))];
}
