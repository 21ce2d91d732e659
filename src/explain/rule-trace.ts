import type { EvaluatedCondition } from '../engine/evaluated-condition.js';
import type { RuleStatuses } from '../engine/open-questions.js';
import type { RuleOutcome } from '../engine/run-rules.js';

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

/** One trace per rule, by rule id. */
export function ruleTraces(outcomes: readonly RuleOutcome[], statuses: RuleStatuses, order: readonly string[]): RuleTrace[] {
  const byId = new Map(outcomes.map((outcome) => [outcome.ruleId, outcome]));
  return [...order].sort().flatMap((ruleId) => {
    const outcome = byId.get(ruleId);
    if (outcome === undefined) return [];
    const status = statuses.get(ruleId);
    return [
      {
        ruleId,
        fired: outcome.fired,
        status: status?.status === undefined ? 'unknown' : status.status ? 'true' : 'false',
        openFacts: status?.openFacts ?? [],
        conditions: outcome.conditions,
      },
    ];
  });
}
