import jsonLogic, { type RulesLogic } from 'json-logic-js';
import type { EngineRule } from '../../../src/engine/rule-runner.js';
import type { ConditionNode, LeafCondition, TopLevelCondition } from '../../../src/rules/rule-set-schema.js';
import type { Nested } from './nest-facts.js';

/** A json-logic expression as we build it (json-logic-js's own type is checked when applied). */
type Logic = boolean | Readonly<Record<string, unknown>>;

const known = (fact: Logic): Logic => ({ '!==': [fact, null] });
const not = (logic: Logic): Logic => ({ '!': [logic] });

/**
 * One leaf in json-logic, with json-rules-engine's semantics for the facts our catalog produces
 * (each fact holds its declared type or `null`; the validator keeps operators to matching types):
 * - `equal` is `===`; `in` is json-logic's `in` on the rule's list (`indexOf`, strict);
 * - `contains` is `in` with the list fact second (json-logic's array membership);
 * - numeric operators need a known fact first (json-rules-engine's number validator; json-logic
 *   alone would compare `null < 6` as true);
 * - `notEqual`, `notIn` and `doesNotContain` need a known fact (the package's unknown-safe negations).
 */
function leaf({ fact, operator, value }: LeafCondition): Logic {
  const read: Logic = { var: fact };
  const list = (): readonly unknown[] => {
    if (!Array.isArray(value)) throw new Error(`'${operator}' on ${fact} needs a list`);
    return value;
  };
  switch (operator) {
    case 'equal':
      return { '===': [read, value] };
    case 'notEqual':
      return { and: [known(read), { '!==': [read, value] }] };
    case 'in':
      return { in: [read, list()] };
    case 'notIn':
      return { and: [known(read), not({ in: [read, list()] })] };
    case 'contains':
      return { in: [value, read] };
    case 'doesNotContain':
      return { and: [known(read), not({ in: [value, read] })] };
    case 'lessThan':
      return { and: [known(read), { '<': [read, value] }] };
    case 'lessThanInclusive':
      return { and: [known(read), { '<=': [read, value] }] };
    case 'greaterThan':
      return { and: [known(read), { '>': [read, value] }] };
    case 'greaterThanInclusive':
      return { and: [known(read), { '>=': [read, value] }] };
  }
}

/** A condition tree in json-logic: `all` is `and`, `any` is `or`, `not` is `!` (an empty group holds, as in json-rules-engine). */
export function toJsonLogic(node: ConditionNode | TopLevelCondition): Logic {
  if ('all' in node) return node.all.length === 0 ? true : { and: node.all.map(toJsonLogic) };
  if ('any' in node) return node.any.length === 0 ? true : { or: node.any.map(toJsonLogic) };
  if ('not' in node) return not(toJsonLogic(node.not));
  return leaf(node);
}

/** The rules as json-logic expressions, one per rule, applied with json-logic-js to nested facts. */
export class JsonLogicRules {
  private readonly rules: readonly { readonly id: string; readonly logic: RulesLogic }[];

  constructor(rules: readonly EngineRule[]) {
    // A round trip through JSON: the expressions are what a rule file in json-logic would hold.
    this.rules = rules.map((rule) => ({ id: rule.id, logic: JSON.parse(JSON.stringify(toJsonLogic(rule.conditions))) as RulesLogic }));
  }

  /** The ids of the rules that hold, in rule order. */
  fired(data: Nested): string[] {
    const fired: string[] = [];
    for (const { id, logic } of this.rules) if (jsonLogic.apply(logic, data) === true) fired.push(id);
    return fired;
  }
}
