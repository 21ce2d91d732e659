import type { MatchedCondition } from '../engine/evaluated-condition.js';
import type { FactSnapshot } from '../facts/fact-values.js';
import { NEVER } from '../facts/fact-values.js';
import type { OperatorName } from '../rules/rule-set-schema.js';

/** An observed value a rule's condition compared, and what it was compared with. */
export interface MatchedValue {
  readonly fact: string;
  readonly operator: OperatorName;
  /** The value in the rule. */
  readonly expected: unknown;
  /** The value in this check-in (`null`: unanswered). */
  readonly observed: unknown;
  /** Set for derived facts: how the observed value was obtained. */
  readonly derivation?: string;
  /** True when the rule fired because this comparison did not hold (it sits under a `not`). */
  readonly negated?: boolean;
}

/** The observed values behind a fired rule, with how derived facts were obtained. */
export function matchedValues(supporting: readonly MatchedCondition[], facts: FactSnapshot): MatchedValue[] {
  return supporting.map((condition) => {
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
