import type { FactValue } from '../facts/fact-values.js';
import type { TopLevelCondition } from '../rules/rule-set-schema.js';
import type { EvaluatedCondition, MatchedCondition } from './evaluated-condition.js';

/*
 * What runs rules, whichever evaluator: the compiled rules (compiled-rules.ts) and the
 * json-rules-engine adapter (json-rules-engine-runner.ts) both give these.
 */

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
  /** The leaves that made the outcome what it is (as `supportingConditions` reads them from `conditions`). */
  readonly supporting: readonly MatchedCondition[];
}

/** Which evaluator runs the rules: compiled functions (default) or json-rules-engine (the reference). */
export type Evaluator = 'compiled' | 'json-rules-engine';

/** Evaluates every rule against a set of facts. */
export interface RuleRunner {
  /** One outcome per rule, in rule order. */
  run(facts: Readonly<Record<string, FactValue>>): Promise<RuleOutcome[]>;
  /** The same, synchronously: only the compiled evaluator has it (json-rules-engine is async). */
  readonly runSync?: (facts: Readonly<Record<string, FactValue>>) => RuleOutcome[];
}
