import type { RuleProperties, RuleResult } from 'json-rules-engine';
import type { FactValue } from '../facts/fact-values.js';
import type { OperatorName } from '../rules/rule-set-schema.js';
import { EnginePool } from './engine-pool.js';
import { groupResult, supportingConditions, type EvaluatedCondition, type MatchedCondition } from './evaluated-condition.js';
import type { EngineRule, RuleOutcome, RuleRunner } from './rule-runner.js';

/** Runs rules on json-rules-engine, one engine per concurrent run. */
export class EngineRuleRunner implements RuleRunner {
  private readonly pool: EnginePool;
  private readonly order: ReadonlyMap<string, number>;

  constructor(rules: readonly EngineRule[]) {
    this.pool = new EnginePool(rules.map(toEngineRule));
    this.order = new Map(rules.map((rule, index) => [rule.id, index]));
  }

  async run(facts: Readonly<Record<string, FactValue>>): Promise<RuleOutcome[]> {
    return this.pool.use(async (engine) => {
      const { results, failureResults } = await engine.run(facts);
      const outcomes: RuleOutcome[] = new Array<RuleOutcome>(this.order.size);
      for (const result of [...results, ...failureResults]) outcomes[this.order.get(result.name) ?? 0] = new EngineOutcome(result);
      return outcomes;
    });
  }
}

/** An engine result whose condition tree is read into ours on first access. */
class EngineOutcome implements RuleOutcome {
  readonly ruleId: string;
  readonly fired: boolean;
  private read: EvaluatedCondition | undefined;

  constructor(private readonly result: RuleResult) {
    this.ruleId = result.name;
    this.fired = result.result === true;
  }

  get conditions(): EvaluatedCondition {
    this.read ??= readCondition(this.result.conditions);
    return this.read;
  }

  get supporting(): readonly MatchedCondition[] {
    return supportingConditions(this.conditions);
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
