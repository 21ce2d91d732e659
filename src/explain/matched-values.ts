import type { MatchedValue } from '../assessment/assessment-types.js';
import { supportingConditions, type EvaluatedCondition } from '../engine/evaluated-condition.js';
import type { FactSnapshot } from '../facts/fact-values.js';
import { NEVER } from '../facts/fact-values.js';

/** The observed values behind a fired rule, with how derived facts were obtained. */
export function matchedValues(conditions: EvaluatedCondition, facts: FactSnapshot): MatchedValue[] {
  return supportingConditions(conditions).map((condition) => {
    const derivation = facts.derivations[condition.fact];
    return {
      fact: condition.fact,
      operator: condition.operator,
      expected: condition.value,
      observed: condition.observed === NEVER ? 'never' : condition.observed,
      ...(derivation === undefined ? {} : { derivation }),
      ...(condition.negated ? { negated: true } : {}),
    };
  });
}
