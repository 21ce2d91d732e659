import type { EvaluatedCondition } from '../engine/evaluated-condition.js';
import type { RuleStatuses } from '../engine/open-questions.js';
import type { RuleOutcome } from '../engine/rule-runner.js';

/** How one rule was evaluated for one input: for explaining results and measuring coverage. */
export interface RuleTrace {
  readonly ruleId: string;
  readonly fired: boolean;
  /** Three-valued status: `unknown` when the rule could still fire on unanswered questions. */
  readonly status: 'true' | 'false' | 'unknown';
  /** Unanswered facts the rule waits on (when `unknown`). */
  readonly openFacts: readonly string[];
  /** The condition tree, each node with whether it held and each leaf with the value it saw. */
  readonly conditions: EvaluatedCondition;
}

/** Evaluation options for `assess` and `screen`. */
export interface EvaluationOptions {
  /** Include a trace of every rule (fired or not) in the result. */
  readonly trace?: boolean;
}

/** One trace per rule, by rule id (outcomes and statuses in rule order). */
export function ruleTraces(outcomes: readonly RuleOutcome[], statuses: RuleStatuses): RuleTrace[] {
  return outcomes
    .map((outcome, position) => {
      const status = statuses.at(position);
      return {
        ruleId: outcome.ruleId,
        fired: outcome.fired,
        status: status.status === undefined ? ('unknown' as const) : status.status ? ('true' as const) : ('false' as const),
        openFacts: status.openFacts,
        conditions: outcome.conditions,
      };
    })
    .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}
