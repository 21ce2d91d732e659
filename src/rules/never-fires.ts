import { OPERATOR_SEMANTICS } from '../engine/operators.js';
import type { FactDefinition } from '../facts/fact-catalog.js';
import { shortName } from '../input/short-text.js';
import { foldCondition } from './condition-tree.js';
import { diagnosticPath, type Diagnostic } from './diagnostics.js';
import type { ConditionNode, ConditionScalar, LeafCondition, OperatorName } from './rule-set-schema.js';

/** What a condition can do, over every value its facts can take (unanswered included). */
interface Reach {
  /** Some values make it hold. */
  readonly canHold: boolean;
  /** Some values make it fail. */
  readonly canFail: boolean;
}

/** Beyond this many values on one fact, a comparison is not reasoned about (taken as "maybe"): the work stays bounded. */
const MAX_REASONED_VALUES = 100;

interface Finding {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * Conditions that can never hold, found by trying, for each fact, every value that can make a
 * difference: the values of an enumerated or boolean fact, the thresholds of a numeric one and
 * the points between and beyond them (within the fact's range, `Infinity` for "never"), and
 * "unanswered". It finds a comparison no value satisfies (`in: []`, `patient.fitzpatrick
 * greaterThan 6`), and an `all` whose comparisons on one fact no single value satisfies (equal to
 * two values, `> 336` and `< 100`, a value outside an `in` list). `not` and `any` combine what
 * their children can do.
 *
 * A rule that can never fire as a whole is an error: the open-question analysis would otherwise
 * call it "could still fire" and ask questions that cannot change anything. A part that can
 * never hold in a rule that still can fire is a warning. The analysis claims "never" only when
 * it is certain; the work is linear in the size of the conditions.
 */
export function neverFires(
  conditions: ConditionNode,
  file: string,
  pointer: readonly PropertyKey[],
  facts: ReadonlyMap<string, FactDefinition>,
): Diagnostic[] {
  const findings: Finding[] = [];
  const reach = reachOf(conditions, pointer, facts, findings);
  if (findings.length === 0 && reach.canHold) return [];
  const severity = reach.canHold ? 'warning' : 'error';
  const diagnostics = findings.map(
    ({ path, message }): Diagnostic => ({ code: 'never-fires', severity, file, path: diagnosticPath(path), message }),
  );
  if (!reach.canHold)
    diagnostics.unshift({
      code: 'never-fires',
      severity,
      file,
      path: diagnosticPath(pointer),
      message: 'this rule can never fire: no answers satisfy its conditions',
    });
  return diagnostics;
}

/**
 * What a node can do, and the comparisons it adds to an `all` it sits in: a leaf its own, an
 * `all` those of its chain of nested `all`s, an `any` or `not` none.
 */
interface NodeReach extends Reach {
  readonly conjuncts: readonly LeafCondition[];
}

function reachOf(
  conditions: ConditionNode,
  pointer: readonly PropertyKey[],
  facts: ReadonlyMap<string, FactDefinition>,
  findings: Finding[],
): Reach {
  return foldCondition<NodeReach>(conditions, {
    all: (children, _node, { path }) => {
      let canHold = children.every((child) => child.canHold);
      // The comparisons an `all` requires together: its own, and those of `all`s nested in it.
      const conjuncts = children.flatMap((child) => child.conjuncts);
      // The outermost `all` of a chain (not itself a child of an `all`) weighs every comparison of the chain together.
      const outermost = path.at(-2) !== 'all';
      if (canHold && outermost) {
        // Last first, the order the check has always taken them in: it decides which fact is named.
        const conflict = conflictingFact([...conjuncts].reverse(), facts);
        if (conflict !== undefined) {
          canHold = false;
          findings.push({
            path: [...pointer, ...path, 'all'],
            message: `the comparisons on '${shortName(conflict)}' in this 'all' leave no value that satisfies them all, so it can never hold`,
          });
        }
      }
      return { canHold, canFail: children.some((child) => child.canFail), conjuncts };
    },
    any: (children) => ({
      canHold: children.some((child) => child.canHold),
      canFail: children.every((child) => child.canFail),
      conjuncts: [],
    }),
    not: (child) => ({ canHold: child.canFail, canFail: child.canHold, conjuncts: [] }),
    leaf: (leaf, { path }) => ({ ...leafReach(leaf, [...pointer, ...path], facts, findings), conjuncts: [leaf] }),
  });
}

function leafReach(
  leaf: LeafCondition,
  path: readonly PropertyKey[],
  facts: ReadonlyMap<string, FactDefinition>,
  findings: Finding[],
): Reach {
  const fact = facts.get(leaf.fact);
  if (fact === undefined || !reasoned(fact, [leaf])) return { canHold: true, canFail: true };
  const values = candidates(fact, [leaf]);
  const reach = { canHold: values.some((value) => holds(leaf, value)), canFail: values.some((value) => !holds(leaf, value)) };
  if (!reach.canHold)
    findings.push({
      path,
      message: `'${shortName(leaf.fact)}' ${leaf.operator} ${shortName(JSON.stringify(leaf.value))} holds for no value the fact can take${rangeText(fact)}`,
    });
  return reach;
}

/** The first fact whose comparisons no single value satisfies together. */
function conflictingFact(leaves: readonly LeafCondition[], facts: ReadonlyMap<string, FactDefinition>): string | undefined {
  const byFact = new Map<string, LeafCondition[]>();
  for (const leaf of leaves) byFact.set(leaf.fact, [...(byFact.get(leaf.fact) ?? []), leaf]);
  for (const [id, group] of byFact) {
    const fact = facts.get(id);
    if (fact === undefined || group.length < 2 || !reasoned(fact, group)) continue;
    if (!candidates(fact, group).some((value) => group.every((leaf) => holds(leaf, value)))) return id;
  }
  return undefined;
}

/** Whether the comparisons on a fact are reasoned about: not a list fact, and few enough values. */
function reasoned(fact: FactDefinition, leaves: readonly LeafCondition[]): boolean {
  return fact.type.kind !== 'enum-array' && ruleValues(leaves).length <= MAX_REASONED_VALUES;
}

type Candidate = ConditionScalar;

/**
 * Values of a fact that together decide every comparison in `leaves`: between two consecutive
 * thresholds a comparison does not change, so one point per interval is enough. `null` stands
 * for unanswered. (List facts are not reasoned about.)
 */
function candidates(fact: FactDefinition, leaves: readonly LeafCondition[]): Candidate[] {
  const unknown: Candidate[] = fact.nullable ? [null] : [];
  const type = fact.type;
  switch (type.kind) {
    case 'boolean':
      return [true, false, ...unknown];
    case 'enum':
      return [...type.values, ...unknown];
    case 'enum-array':
      return [];
    case 'string': {
      const named = ruleValues(leaves).filter((value): value is string => typeof value === 'string');
      return [...named, `${named.join('')}\u0000other`, ...unknown];
    }
    case 'number': {
      const never = fact.canBeNever === true ? [Number.POSITIVE_INFINITY] : [];
      if (type.values !== undefined) return [...type.values, ...never, ...unknown];
      const low = type.min ?? Number.NEGATIVE_INFINITY;
      const high = type.max ?? Number.POSITIVE_INFINITY;
      const thresholds = [
        ...new Set([
          low,
          high,
          ...ruleValues(leaves).filter((value): value is number => typeof value === 'number' && value >= low && value <= high),
        ]),
      ]
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      const points: number[] = [];
      thresholds.forEach((value, index) => {
        points.push(value);
        const next = thresholds[index + 1];
        if (next !== undefined) points.push((value + next) / 2);
      });
      const first = thresholds[0];
      const last = thresholds.at(-1);
      if (first === undefined || last === undefined) points.push(0);
      else {
        if (low === Number.NEGATIVE_INFINITY) points.push(first - 1);
        if (high === Number.POSITIVE_INFINITY) points.push(last + 1, Number.POSITIVE_INFINITY);
      }
      return [...points, ...never, ...unknown];
    }
  }
}

function ruleValues(leaves: readonly LeafCondition[]): ConditionScalar[] {
  return leaves.flatMap((leaf) => (Array.isArray(leaf.value) ? leaf.value : [leaf.value]));
}

/** Whether a comparison holds for a fact value, as the evaluators decide it (`null`: unanswered). */
function holds(leaf: LeafCondition, value: Candidate): boolean {
  const operator: OperatorName = leaf.operator;
  if (value === null) return (operator === 'equal' && leaf.value === null) || (operator === 'in' && asList(leaf.value).includes(null));
  return OPERATOR_SEMANTICS[operator](value, leaf.value);
}

function asList(value: LeafCondition['value']): readonly ConditionScalar[] {
  return Array.isArray(value) ? value : [value];
}

function rangeText(fact: FactDefinition): string {
  const type = fact.type;
  if (type.kind === 'number' && type.values !== undefined) return ` (${type.values.join(', ')})`;
  if (type.kind === 'number' && (type.min !== undefined || type.max !== undefined))
    return ` (${type.min === undefined ? 'any number' : `from ${String(type.min)}`}${type.max === undefined ? '' : ` to ${String(type.max)}`}${fact.canBeNever === true ? ', or never' : ''})`;
  if (type.kind === 'enum') return ` (${type.values.map((value) => `'${value}'`).join(', ')})`;
  return '';
}
