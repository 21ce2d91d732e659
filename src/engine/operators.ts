import type { OperatorName } from '../rules/rule-set-schema.js';

type Compare = (factValue: unknown, ruleValue: unknown) => boolean;

const isKnown = (value: unknown): boolean => value !== null && value !== undefined;
// Infinity is a number here, as in json-rules-engine: it stands for "never" (e.g. a medication never taken).
const isNumber = (value: unknown): value is number => typeof value === 'number' && !Number.isNaN(value);
const asList = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/**
 * The comparison behind each operator, for a fact that holds a value. These match
 * json-rules-engine's built-ins for known values; the difference is what happens to unknown
 * values, decided by {@link compare} and the engine overrides below.
 */
export const OPERATOR_SEMANTICS: Readonly<Record<OperatorName, Compare>> = {
  equal: (fact, rule) => fact === rule,
  notEqual: (fact, rule) => fact !== rule,
  in: (fact, rule) => asList(rule).includes(fact),
  notIn: (fact, rule) => !asList(rule).includes(fact),
  contains: (fact, rule) => Array.isArray(fact) && fact.includes(rule),
  doesNotContain: (fact, rule) => Array.isArray(fact) && !fact.includes(rule),
  lessThan: (fact, rule) => isNumber(fact) && isNumber(rule) && fact < rule,
  lessThanInclusive: (fact, rule) => isNumber(fact) && isNumber(rule) && fact <= rule,
  greaterThan: (fact, rule) => isNumber(fact) && isNumber(rule) && fact > rule,
  greaterThanInclusive: (fact, rule) => isNumber(fact) && isNumber(rule) && fact >= rule,
};

/**
 * Compares a fact with a rule value under three-valued logic: `undefined` when the fact is
 * unknown, except where the rule itself names `null` ("unanswered") with `equal` or `in`, which
 * holds for an unknown fact. Otherwise whether the comparison holds.
 */
export function compare(operator: OperatorName, factValue: unknown, ruleValue: unknown): boolean | undefined {
  if (!isKnown(factValue)) {
    if (operator === 'equal' && ruleValue === null) return true;
    if (operator === 'in' && asList(ruleValue).includes(null)) return true;
    return undefined;
  }
  return OPERATOR_SEMANTICS[operator](factValue, ruleValue);
}

/**
 * Replacements for json-rules-engine's negated operators. The built-in `notEqual` and `notIn`
 * pass when the fact is missing, so an unanswered question would fire (or block) a rule
 * silently; these fail instead (their validator requires a known value). Unknown facts are
 * handled by the missing-question analysis.
 */
export const UNKNOWN_SAFE_OPERATORS = (['notEqual', 'notIn', 'doesNotContain'] as const).map((name) => ({
  name,
  compare: (fact: unknown, rule: unknown): boolean => OPERATOR_SEMANTICS[name](fact, rule),
  validate: isKnown,
}));
