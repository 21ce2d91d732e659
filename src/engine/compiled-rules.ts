import type { FactValue } from '../facts/fact-values.js';
import { foldCondition } from '../rules/condition-tree.js';
import type { ConditionNode, LeafCondition, OperatorName, TopLevelCondition } from '../rules/rule-set-schema.js';
import { groupResult, type EvaluatedCondition, type MatchedCondition } from './evaluated-condition.js';
import { OPERATOR_SEMANTICS } from './operators.js';
import type { EngineRule, RuleOutcome } from './rule-runner.js';

type Facts = Readonly<Record<string, FactValue>>;
type Compiled = (facts: Facts) => EvaluatedCondition;

/** json-rules-engine's fact validators: an operator whose validator fails is false. */
const numberValidator = (value: unknown): boolean => Number.parseFloat(value as string).toString() !== 'NaN';
const isKnown = (value: unknown): boolean => value !== null && value !== undefined;
const VALIDATORS: Readonly<Record<OperatorName, (value: unknown) => boolean>> = {
  equal: () => true,
  in: () => true,
  contains: Array.isArray,
  lessThan: numberValidator,
  lessThanInclusive: numberValidator,
  greaterThan: numberValidator,
  greaterThanInclusive: numberValidator,
  // The three negations are replaced by unknown-safe ones in the engine too (see operators.ts).
  notEqual: isKnown,
  notIn: isKnown,
  doesNotContain: isKnown,
};

/** json-rules-engine's comparisons for the operators whose built-in we keep (numbers compare as JS does). */
const ENGINE_COMPARE: Readonly<Record<OperatorName, (fact: unknown, rule: unknown) => boolean>> = {
  ...OPERATOR_SEMANTICS,
  equal: (fact, rule) => fact === rule,
  in: (fact, rule) => (rule as unknown[]).includes(fact),
  contains: (fact, rule) => (fact as unknown[]).includes(rule),
  lessThan: (fact, rule) => (fact as number) < (rule as number),
  lessThanInclusive: (fact, rule) => (fact as number) <= (rule as number),
  greaterThan: (fact, rule) => (fact as number) > (rule as number),
  greaterThanInclusive: (fact, rule) => (fact as number) >= (rule as number),
};

/**
 * A condition compiled three times: a fast test; the leaves that support its outcome, pushed onto
 * a list (as {@link supportingConditions} finds them in the explanation); and the explanation,
 * built only when asked for (traces).
 */
interface CompiledNode {
  readonly test: Test;
  readonly support: Support;
  readonly explain: Compiled;
}

/** Pushes the supporting leaves onto `out`; `negated` when under an odd number of `not`s. */
type Support = (facts: Facts, negated: boolean, out: MatchedCondition[]) => void;

/**
 * Rules compiled into plain functions with json-rules-engine's semantics (its operators, their
 * fact validators, our unknown-safe negations): the same outcomes and the same evaluated
 * condition trees, synchronously and without cloning conditions on each run. A rule is decided
 * by a fast boolean test; its condition tree is built only when read (matched values of fired
 * rules, traces). A differential test holds it equal to json-rules-engine.
 */
export class CompiledRules {
  private readonly compiled: readonly { readonly id: string; readonly node: CompiledNode }[];

  constructor(rules: readonly EngineRule[]) {
    this.compiled = rules.map((rule) => ({ id: rule.id, node: compileNode(rule.conditions) }));
  }

  /** Evaluates every rule; one outcome per rule, in rule order. */
  run(facts: Facts): RuleOutcome[] {
    return this.compiled.map(({ id, node }) => new CompiledOutcome(id, node, facts));
  }
}

/** An outcome whose condition tree is built on first read (a class: V8 creates literals with getters slowly). */
class CompiledOutcome implements RuleOutcome {
  readonly fired: boolean;
  private explained: EvaluatedCondition | undefined;
  private supported: readonly MatchedCondition[] | undefined;

  constructor(
    readonly ruleId: string,
    private readonly node: CompiledNode,
    private readonly facts: Facts,
  ) {
    this.fired = node.test(facts);
  }

  get conditions(): EvaluatedCondition {
    this.explained ??= this.node.explain(this.facts);
    return this.explained;
  }

  get supporting(): readonly MatchedCondition[] {
    if (this.supported === undefined) {
      const out: MatchedCondition[] = [];
      this.node.support(this.facts, false, out);
      this.supported = out;
    }
    return this.supported;
  }
}

type Test = (facts: Facts) => boolean;

// An empty group holds, as in json-rules-engine (the validator refuses empty groups anyway).
function allOf(tests: readonly Test[]): Test {
  return (facts) => {
    for (const test of tests) if (!test(facts)) return false;
    return true;
  };
}

function anyOf(tests: readonly Test[]): Test {
  if (tests.length === 0) return () => true;
  return (facts) => {
    for (const test of tests) if (test(facts)) return true;
    return false;
  };
}

/** Compiles a condition tree, children first (a fold over the tree). */
function compileNode(node: ConditionNode | TopLevelCondition): CompiledNode {
  return foldCondition<CompiledNode>(node, {
    leaf: compileLeaf,
    all: (children) => compileGroup('all', children),
    any: (children) => compileGroup('any', children),
    not: (child) => ({
      test: (facts) => !child.test(facts),
      support: (facts, negated, out) => {
        child.support(facts, !negated, out);
      },
      explain: (facts) => {
        const evaluated = child.explain(facts);
        return { kind: 'not', child: evaluated, result: evaluated.result === undefined ? undefined : !evaluated.result };
      },
    }),
  });
}

function compileGroup(kind: 'all' | 'any', children: readonly CompiledNode[]): CompiledNode {
  const tests = children.map((child) => child.test);
  const support: Support =
    kind === 'all'
      ? (facts, negated, out) => {
          for (const child of children) child.support(facts, negated, out);
        }
      : (facts, negated, out) => {
          // An `any` is supported by the children that held (that failed, under a `not`).
          for (const child of children) if (child.test(facts) !== negated) child.support(facts, negated, out);
        };
  return {
    test: kind === 'all' ? allOf(tests) : anyOf(tests),
    support,
    explain: (facts) => {
      const evaluated = children.map((child) => child.explain(facts));
      return { kind, children: evaluated, result: groupResult(kind, evaluated) };
    },
  };
}

function compileLeaf({ fact, operator, value }: LeafCondition): CompiledNode {
  const validate = VALIDATORS[operator];
  const compare = ENGINE_COMPARE[operator];
  const test = (facts: Facts): boolean => {
    const factValue = facts[fact] ?? null;
    return validate(factValue) && compare(factValue, value);
  };
  return {
    test,
    support: (facts, negated, out) => {
      out.push({ fact, operator, value, observed: facts[fact] ?? null, negated });
    },
    explain: (facts) => ({ kind: 'leaf', fact, operator, value, factValue: facts[fact] ?? null, result: test(facts) }),
  };
}
