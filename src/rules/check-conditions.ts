import { closestName } from '../input/closest-name.js';
import { shortName } from '../input/short-text.js';
import type { FactDefinition } from '../facts/fact-catalog.js';
import type { FactType } from '../facts/schema-leaves.js';
import { diagnosticPath, type Diagnostic } from './diagnostics.js';
import { NEGATED_OPERATORS, OPERATORS, type ConditionNode, type OperatorName } from './rule-set-schema.js';
import { neverFires } from './never-fires.js';

const GROUP_KEYS = ['all', 'any', 'not', 'fact'] as const;
const NUMERIC_OPERATORS: readonly string[] = ['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'];
const LEAF_KEYS = new Set(['fact', 'operator', 'value']);

/** "Did you mean" suggestions left for a whole validation, shared by every rule: the work stays bounded. */
export interface SuggestionBudget {
  left: number;
}

interface CheckContext {
  readonly file: string;
  readonly facts: ReadonlyMap<string, FactDefinition>;
  readonly diagnostics: Diagnostic[];
  readonly suggestions: SuggestionBudget;
}

/**
 * Checks a rule's condition tree against the facts the input normaliser produces: unknown
 * facts and operators, values of the wrong type, negations over facts that may be unknown,
 * empty or mixed groups, and conditions that can never hold (see {@link neverFires}).
 */
export function checkConditions(
  conditions: unknown,
  file: string,
  pointer: readonly PropertyKey[],
  facts: ReadonlyMap<string, FactDefinition>,
  suggestions: SuggestionBudget = { left: 50 },
): Diagnostic[] {
  const context: CheckContext = { file, facts, diagnostics: [], suggestions };
  if (isObject(conditions) && 'fact' in conditions) {
    report(context, 'invalid-root', pointer, "the root of 'conditions' must be 'all', 'any' or 'not', not a single comparison");
  }
  checkNode(conditions, pointer, context, false);
  // Only a well-formed tree on known facts can be reasoned about.
  if (context.diagnostics.length === 0) context.diagnostics.push(...neverFires(conditions as ConditionNode, file, pointer, facts));
  return context.diagnostics;
}

function checkNode(node: unknown, pointer: readonly PropertyKey[], context: CheckContext, underNot: boolean): void {
  if (!isObject(node)) {
    report(context, 'invalid-condition', pointer, 'a condition must be an object');
    return;
  }
  const kinds = GROUP_KEYS.filter((key) => key in node);
  if (kinds.length > 1) {
    report(
      context,
      'mixed-node',
      pointer,
      `a condition node has both ${kinds.map((kind) => `'${kind}'`).join(' and ')}; split it into separate nodes`,
    );
    return;
  }
  const [kind] = kinds;
  if (kind === undefined) {
    const message =
      'condition' in node ? "condition references ('condition') are not supported" : "a condition needs 'all', 'any', 'not' or 'fact'";
    report(context, 'invalid-condition', pointer, message);
    return;
  }
  if (kind === 'all' || kind === 'any') {
    const children = node[kind];
    if (!Array.isArray(children)) {
      report(context, 'invalid-condition', [...pointer, kind], `'${kind}' must be an array`);
      return;
    }
    if (children.length === 0)
      report(
        context,
        'empty-group',
        [...pointer, kind],
        `'${kind}' is empty: an empty '${kind}' ${kind === 'all' ? 'always holds' : 'never holds'}`,
      );
    children.forEach((child, index) => {
      checkNode(child, [...pointer, kind, index], context, underNot);
    });
    return;
  }
  if (kind === 'not') {
    checkNode(node['not'], [...pointer, 'not'], context, true);
    return;
  }
  checkLeaf(node, pointer, context, underNot);
}

function checkLeaf(node: Record<string, unknown>, pointer: readonly PropertyKey[], context: CheckContext, underNot: boolean): void {
  for (const key of Object.keys(node)) {
    if (!LEAF_KEYS.has(key))
      report(
        context,
        'unsupported-key',
        [...pointer, key],
        `'${shortName(key)}' is not supported in a condition (only fact, operator and value)`,
      );
  }
  const factId = node['fact'];
  const operator = node['operator'];
  const value = node['value'];
  if (typeof factId !== 'string') {
    report(context, 'invalid-condition', [...pointer, 'fact'], "'fact' must be a string");
    return;
  }
  const fact = context.facts.get(factId);
  if (fact === undefined) {
    const suggestion = suggest(context, factId, [...context.facts.keys()]);
    const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
    report(context, 'unknown-fact', [...pointer, 'fact'], `'${shortName(factId)}' is not a fact the input produces${hint}`);
  }
  if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
    const suggestion = typeof operator === 'string' ? suggest(context, operator, OPERATORS) : undefined;
    const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
    report(
      context,
      'unknown-operator',
      [...pointer, 'operator'],
      `'${shortName(typeof operator === 'string' ? operator : JSON.stringify(operator))}' is not a supported operator${hint}`,
    );
    return;
  }
  if (!('value' in node)) {
    report(context, 'invalid-condition', pointer, "a comparison needs a 'value'");
    return;
  }
  const op = operator as OperatorName;
  if (containsNull(value) && op !== 'equal' && op !== 'in') {
    report(context, 'null-value', [...pointer, 'value'], "null (unanswered) may only be used with 'equal' or 'in'");
  }
  if (fact === undefined) return;
  if (fact.nullable && NEGATED_OPERATORS.includes(op)) {
    report(
      context,
      'negated-unknown',
      [...pointer, 'operator'],
      `'${op}' on '${factId}', which may be unanswered: json-rules-engine lets a negation pass when the fact is missing. Use a positive list ('in') instead`,
    );
  }
  if (fact.nullable && underNot) {
    report(
      context,
      'negated-unknown',
      pointer,
      `'not' over '${factId}', which may be unanswered, passes when the question was not answered. Use a positive condition instead`,
    );
  }
  const problem = valueProblem(fact.type, op, value);
  if (problem !== undefined) report(context, 'value-type', [...pointer, 'value'], `'${factId}': ${problem}`);
}

/** Why a value does not suit a fact's type under an operator, if it does not. */
function valueProblem(type: FactType, operator: OperatorName, value: unknown): string | undefined {
  const isList = operator === 'in' || operator === 'notIn';
  const isNumeric = NUMERIC_OPERATORS.includes(operator);
  const isArrayOp = operator === 'contains' || operator === 'doesNotContain';
  if (isList && !Array.isArray(value)) return `'${operator}' needs an array of values`;
  if (!isList && Array.isArray(value)) return `'${operator}' needs a single value, not an array`;
  if (type.kind === 'enum-array' && !isArrayOp) return `a list fact takes 'contains' or 'doesNotContain', not '${operator}'`;
  if (type.kind !== 'enum-array' && isArrayOp) return `'${operator}' only applies to list facts`;
  if (type.kind !== 'number' && isNumeric) return `'${operator}' compares numbers, but this fact is ${describeType(type)}`;
  const values = (Array.isArray(value) ? value : [value]).filter((item) => item !== null);
  for (const item of values) {
    const problem = scalarProblem(type, item);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function scalarProblem(type: FactType, value: unknown): string | undefined {
  switch (type.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected true or false, got ${shortName(JSON.stringify(value))}`;
    case 'number':
      if (typeof value !== 'number') return `expected a number, got ${shortName(JSON.stringify(value))}`;
      return undefined;
    case 'string':
      return typeof value === 'string' ? undefined : `expected a string, got ${shortName(JSON.stringify(value))}`;
    case 'enum':
    case 'enum-array':
      return typeof value === 'string' && type.values.includes(value)
        ? undefined
        : `${shortName(JSON.stringify(value))} is not one of ${type.values.map((item) => `'${item}'`).join(', ')}`;
  }
}

function describeType(type: FactType): string {
  return type.kind === 'enum' ? `one of ${type.values.map((item) => `'${item}'`).join(', ')}` : `a ${type.kind}`;
}

function suggest(context: CheckContext, name: string, known: readonly string[]): string | undefined {
  if (context.suggestions.left <= 0) return undefined;
  context.suggestions.left -= 1;
  return closestName(name, known);
}

function containsNull(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.includes(null));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function report(
  context: CheckContext,
  code: Diagnostic['code'],
  pointer: readonly PropertyKey[],
  message: string,
  severity: Diagnostic['severity'] = 'error',
): void {
  context.diagnostics.push({ code, severity, file: context.file, path: diagnosticPath(pointer), message });
}
