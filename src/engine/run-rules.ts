import type { RuleProperties, RuleResult } from 'json-rules-engine';
import type { OperatorName, TopLevelCondition } from '../rules/rule-set-schema.js';
import type { FactValue } from '../facts/fact-values.js';
import { EnginePool } from './engine-pool.js';
import type { EvaluatedCondition } from './evaluated-condition.js';

/** What json-rules-engine needs to know of a rule; our metadata stays on our side, found by id. */
export interface EngineRule {
  readonly id: string;
  readonly priority?: number | undefined;
  readonly conditions: TopLevelCondition;
}

/** The outcome of one rule in one run. */
export interface RuleOutcome {
  readonly ruleId: string;
  readonly fired: boolean;
  readonly conditions: EvaluatedCondition;
}

/** Runs rules on json-rules-engine, one engine per concurrent run. */
export class RuleRunner {
  private readonly pool: EnginePool;

  constructor(rules: readonly EngineRule[]) {
    this.pool = new EnginePool(rules.map(toEngineRule));
  }

  /** Evaluates every rule against the facts; resolves with one outcome per rule, in rule order. */
  async run(facts: Readonly<Record<string, FactValue>>): Promise<RuleOutcome[]> {
    return this.pool.use(async (engine) => {
      const { results, failureResults } = await engine.run({ ...facts });
      return [...results, ...failureResults].map(toOutcome);
    });
  }
}

function toEngineRule(rule: EngineRule): RuleProperties {
  return {
    name: rule.id,
    conditions: rule.conditions as RuleProperties['conditions'],
    event: { type: 'rule-fired', params: { ruleId: rule.id } },
    ...(rule.priority === undefined ? {} : { priority: rule.priority }),
  };
}

function toOutcome(result: RuleResult): RuleOutcome {
  return { ruleId: result.name, fired: result.result === true, conditions: readCondition(result.conditions) };
}

/**
 * Reads json-rules-engine's evaluated Condition objects into our tree. Group results are
 * derived from the children: the engine does not record one on the root node.
 */
function readCondition(node: unknown): EvaluatedCondition {
  const condition = node as Record<string, unknown>;
  const result = typeof condition['result'] === 'boolean' ? condition['result'] : undefined;
  for (const kind of ['all', 'any'] as const) {
    const children = condition[kind];
    if (Array.isArray(children)) {
      const read = children.map(readCondition);
      return { kind, children: read, result: groupResult(kind, read) };
    }
  }
  if (condition['not'] !== undefined) {
    const child = readCondition(condition['not']);
    return { kind: 'not', child, result: child.result === undefined ? undefined : !child.result };
  }
  return {
    kind: 'leaf',
    fact: String(condition['fact']),
    operator: condition['operator'] as OperatorName,
    value: condition['value'],
    factValue: condition['factResult'] ?? null,
    result,
  };
}

function groupResult(kind: 'all' | 'any', children: readonly EvaluatedCondition[]): boolean | undefined {
  const decisive = kind === 'any';
  if (children.some((child) => child.result === decisive)) return decisive;
  return children.every((child) => child.result !== undefined) ? !decisive : undefined;
}
