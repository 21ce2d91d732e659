import { foldCondition } from '../rules/condition-tree.js';
import type { ConditionNode, LeafCondition, TopLevelCondition } from '../rules/rule-set-schema.js';
import type { FactValue } from '../facts/fact-values.js';
import type { FactRoute, FactRoutes } from '../facts/fact-routes.js';
import { compare, OPERATOR_SEMANTICS } from './operators.js';

/** `true`/`false` when known; `undefined` when the answer depends on unknown facts. */
export type TriState = boolean | undefined;

/** The status of a rule under three-valued logic, with the unknown facts it still depends on. */
export interface TriStateOutcome {
  readonly status: TriState;
  /** Unknown facts whose answers could change the outcome (empty when the status is known). */
  readonly openFacts: readonly string[];
}

/** A compiled condition: pushes the unknown facts it meets onto `open`; settled groups take theirs back. */
type TriStateTest = (facts: Readonly<Record<string, FactValue>>, open: string[], routes: FactRoutes | undefined) => TriState;

const compiledConditions = new WeakMap<object, TriStateTest>();
const NO_OPEN_FACTS: readonly string[] = Object.freeze([]);

/**
 * Evaluates conditions under Kleene three-valued logic: a leaf on an unknown fact is unknown;
 * `all` is false if any child is false, `any` true if any child is true, otherwise unknown.
 * This answers "could this rule still fire, and which unanswered questions decide it?". A fact
 * with `routes` is read through them (see {@link FactRoute}): a leaf on it is unknown when some
 * route gives a value that changes the leaf, and the questions of that route are open.
 * Conditions are compiled into closures on first use (cached per conditions object).
 */
export function evaluateTriState(
  conditions: TopLevelCondition,
  facts: Readonly<Record<string, FactValue>>,
  routes?: FactRoutes,
): TriStateOutcome {
  let test = compiledConditions.get(conditions);
  if (test === undefined) {
    test = compileNode(conditions);
    compiledConditions.set(conditions, test);
  }
  const open: string[] = [];
  const status = test(facts, open, routes);
  return { status, openFacts: status === undefined ? unique(open) : NO_OPEN_FACTS };
}

const compiledLeaves = new WeakMap<LeafCondition, TriStateTest>();

/** One leaf under three-valued logic (with routes), pushing the questions that could change it onto `open`. */
export function leafTriState(
  leaf: LeafCondition,
  facts: Readonly<Record<string, FactValue>>,
  routes: FactRoutes | undefined,
  open: string[],
): TriState {
  let test = compiledLeaves.get(leaf);
  if (test === undefined) {
    test = compileLeaf(leaf);
    compiledLeaves.set(leaf, test);
  }
  return test(facts, open, routes);
}

/**
 * Whether a leaf (negated: its negation) holds on the facts as the rules see them now, and if not,
 * the questions whose answers could make it hold (for a fact with routes, those of the smallest
 * routes that give such a value; for an unanswered fact, its own question).
 */
export function leafOpening(
  leaf: LeafCondition,
  negated: boolean,
  facts: Readonly<Record<string, FactValue>>,
  routes: FactRoutes | undefined,
): { readonly holds: boolean; readonly questions: readonly string[] } {
  const value = facts[leaf.fact] ?? null;
  if (leafHolds(leaf, value) !== negated) return { holds: true, questions: NO_OPEN_FACTS };
  const factRoutes = routes?.[leaf.fact]?.routes;
  if (factRoutes === undefined) return { holds: false, questions: value === null ? [leaf.fact] : NO_OPEN_FACTS };
  const opening: FactRoute[] = [];
  for (const route of factRoutes) {
    if (!route.values.some((candidate) => leafHolds(leaf, candidate) !== negated)) continue;
    if (opening.some((smaller) => smaller.questions.every((question) => route.questions.includes(question)))) continue;
    opening.push(route);
  }
  return { holds: false, questions: opening.flatMap((route) => route.questions) };
}

/** Whether a leaf holds for a value as the rules see it (json-rules-engine's semantics; `null`: unanswered). */
export function leafHolds({ operator, value }: LeafCondition, factValue: FactValue): boolean {
  return factValue === null ? compare(operator, null, value) === true : OPERATOR_SEMANTICS[operator](factValue, value);
}

/** The facts once each, in order of first appearance (a rule has a few: a scan beats a Set). */
function unique(facts: readonly string[]): string[] {
  const once: string[] = [];
  for (const fact of facts) if (!once.includes(fact)) once.push(fact);
  return once;
}

/** Compiles a condition tree into a three-valued test, children first (a fold over the tree). */
function compileNode(node: ConditionNode): TriStateTest {
  return foldCondition<TriStateTest>(node, {
    leaf: compileLeaf,
    all: (children) => combine(children, false),
    any: (children) => combine(children, true),
    not: (inner) => (facts, open, routes) => {
      const value = inner(facts, open, routes);
      return value === undefined ? undefined : !value;
    },
  });
}

function compileLeaf({ fact, operator, value }: LeafCondition): TriStateTest {
  // What the leaf gives for an unknown fact does not depend on the facts: work it out once.
  const whenUnknown = compare(operator, null, value);
  // For a known fact, `compare` is the operator's semantics: looked up once, not on each call.
  const holds = OPERATOR_SEMANTICS[operator];
  // As the rules see a value (json-rules-engine's semantics): an unknown fact holds only where the rule names `null`.
  const concrete = (factValue: FactValue): boolean => (factValue === null ? whenUnknown === true : holds(factValue, value));
  return (facts, open, routes) => {
    const factValue = facts[fact] ?? null;
    const factRoutes = routes?.[fact]?.routes;
    if (factRoutes !== undefined) return routed(concrete(factValue), factRoutes, concrete, open);
    if (factValue !== null) return holds(factValue, value);
    if (whenUnknown === undefined) open.push(fact);
    return whenUnknown;
  };
}

/**
 * A leaf on a fact read through its routes: settled at `now` unless a route gives a value that
 * changes it; then unknown, with the questions of each such route that no smaller one covers.
 */
function routed(now: boolean, routes: readonly FactRoute[], concrete: (value: FactValue) => boolean, open: string[]): TriState {
  const changing: FactRoute[] = [];
  for (const route of routes) {
    if (!route.values.some((candidate) => concrete(candidate) !== now)) continue;
    if (changing.some((smaller) => smaller.questions.every((question) => route.questions.includes(question)))) continue;
    changing.push(route);
    open.push(...route.questions);
  }
  return changing.length === 0 ? now : undefined;
}

/**
 * `decisive` is the child value that settles the node: true for `any`, false for `all`. A
 * settled node depends on no unknown fact, so the facts its children added are dropped.
 */
function combine(children: readonly TriStateTest[], decisive: boolean): TriStateTest {
  // An empty group holds, whichever kind, as in json-rules-engine (the validator refuses empty groups anyway).
  if (children.length === 0) return () => true;
  return (facts, open, routes) => {
    const mark = open.length;
    let unknown = false;
    for (const child of children) {
      const value = child(facts, open, routes);
      if (value === decisive) {
        open.length = mark;
        return decisive;
      }
      if (value === undefined) unknown = true;
    }
    return unknown ? undefined : !decisive;
  };
}
