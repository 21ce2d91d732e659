import { foldCondition, type ConditionFold } from '../rules/condition-tree.js';
import type { ConditionNode, ConditionScalar, LeafCondition, OperatorName } from '../rules/rule-set-schema.js';

const OPERATOR_WORDS: Readonly<Record<OperatorName, string>> = {
  equal: 'is',
  notEqual: 'is not',
  in: 'is one of',
  notIn: 'is not one of',
  contains: 'includes',
  doesNotContain: 'does not include',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
};

/** Input groups whose fact names already say what they are (`signs.fever` reads as "fever"). */
const IMPLIED_GROUPS = new Set(['signs', 'conditions', 'medications', 'exposures', 'patient']);

/**
 * A fact id in plain words: camelCase split into words, implied groups left out, other groups
 * kept as a label: `signs.rednessTrend` -> "redness trend", `patient.history.rosacea` ->
 * "history: rosacea", `treatment.site` -> "treatment: site".
 */
export function factLabel(fact: string): string {
  const segments = fact.split('.');
  const [group = '', ...rest] = segments;
  const shown = IMPLIED_GROUPS.has(group) && rest.length > 0 ? rest : segments;
  return shown.map((segment) => segment.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()).join(': ');
}

/** A comparison value in plain words: strings quoted, `null` as "unanswered", booleans as yes/no. */
export function valueText(value: ConditionScalar | ConditionScalar[]): string {
  if (!Array.isArray(value)) return scalarText(value);
  const words = value.map(scalarText);
  const last = words.pop();
  return last === undefined ? 'nothing' : words.length === 0 ? last : `${words.join(', ')} or ${last}`;
}

function scalarText(value: ConditionScalar): string {
  if (value === null) return 'unanswered';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  return `"${value}"`;
}

/**
 * A condition tree's text, and whether it is a group of two or more joined parts (which needs
 * parentheses inside another group).
 */
interface Text {
  readonly text: string;
  readonly joined: boolean;
}

const CONDITION_TEXT: ConditionFold<Text> = {
  leaf: (leaf) => ({ text: leafText(leaf), joined: false }),
  all: (children) => groupText(children, 'AND', 'always'),
  any: (children) => groupText(children, 'OR', 'never'),
  not: (child) => ({ text: `NOT (${child.text})`, joined: false }),
};

/** A condition tree in plain words: `all` joined with AND, `any` with OR, nested groups in parentheses. */
export function conditionText(node: ConditionNode): string {
  return foldCondition(node, CONDITION_TEXT).text;
}

/** An empty group reads as `empty`; a group of one as its only part. */
function groupText(children: readonly Text[], joiner: string, empty: string): Text {
  const [first] = children;
  if (first === undefined) return { text: empty, joined: false };
  if (children.length === 1) return first;
  return { text: children.map((child) => (child.joined ? `(${child.text})` : child.text)).join(` ${joiner} `), joined: true };
}

function leafText({ fact, operator, value }: LeafCondition): string {
  return `${factLabel(fact)} ${OPERATOR_WORDS[operator]} ${valueText(value)}`;
}
