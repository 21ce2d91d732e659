import { foldCondition } from '../rules/condition-tree.js';
import type { ConditionNode, LeafCondition, TopLevelCondition } from '../rules/rule-set-schema.js';
import type { FactValue } from '../facts/fact-values.js';
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
type TriStateTest = (facts: Readonly<Record<string, FactValue>>, open: string[]) => TriState;

const compiledConditions = new WeakMap<object, TriStateTest>();
const NO_OPEN_FACTS: readonly string[] = Object.freeze([]);

/**
 * Evaluates conditions under Kleene three-valued logic: a leaf on an unknown fact is unknown;
 * `all` is false if any child is false, `any` true if any child is true, otherwise unknown.
 * This answers "could this rule still fire, and which unanswered questions decide it?".
 * Conditions are compiled into closures on first use (cached per conditions object).
 */
export function evaluateTriState(conditions: TopLevelCondition, facts: Readonly<Record<string, FactValue>>): TriStateOutcome {
  let test = compiledConditions.get(conditions);
  if (test === undefined) {
    test = compileNode(conditions);
    compiledConditions.set(conditions, test);
  }
  const open: string[] = [];
  const status = test(facts, open);
  return { status, openFacts: status === undefined ? unique(open) : NO_OPEN_FACTS };
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
    not: (inner) => (facts, open) => {
      const value = inner(facts, open);
      return value === undefined ? undefined : !value;
    },
  });
}

function compileLeaf({ fact, operator, value }: LeafCondition): TriStateTest {
  // What the leaf gives for an unknown fact does not depend on the facts: work it out once.
  const whenUnknown = compare(operator, null, value);
  // For a known fact, `compare` is the operator's semantics: looked up once, not on each call.
  const holds = OPERATOR_SEMANTICS[operator];
  return (facts, open) => {
    const factValue = facts[fact] ?? null;
    if (factValue !== null) return holds(factValue, value);
    if (whenUnknown === undefined) open.push(fact);
    return whenUnknown;
  };
}

/**
 * `decisive` is the child value that settles the node: true for `any`, false for `all`. A
 * settled node depends on no unknown fact, so the facts its children added are dropped.
 */
function combine(children: readonly TriStateTest[], decisive: boolean): TriStateTest {
  // An empty group holds, whichever kind, as in json-rules-engine (the validator refuses empty groups anyway).
  if (children.length === 0) return () => true;
  return (facts, open) => {
    const mark = open.length;
    let unknown = false;
    for (const child of children) {
      const value = child(facts, open);
      if (value === decisive) {
        open.length = mark;
        return decisive;
      }
      if (value === undefined) unknown = true;
    }
    return unknown ? undefined : !decisive;
  };
}
