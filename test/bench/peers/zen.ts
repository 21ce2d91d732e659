import type { ZenDecision, ZenEngine } from '@gorules/zen-engine';
import type { EngineRule } from '../../../src/engine/rule-runner.js';
import type { FactValue } from '../../../src/facts/fact-values.js';
import type { ConditionNode, ConditionScalar, LeafCondition, TopLevelCondition } from '../../../src/rules/rule-set-schema.js';
import { nestFacts, type Nested } from './nest-facts.js';

/**
 * zen holds numbers as decimals, and some doubles abort the whole process from the native side
 * (a Rust panic, not an error): Infinity is refused, integers beyond 64 bits and numbers with
 * more than 28 decimal places (such as 4e-177 hours, which the sparse corpus holds) panic. So
 * numbers go in clamped to [ZEN_TINY, ZEN_NEVER] in magnitude ("never", Infinity, becomes
 * ZEN_NEVER), which keeps their order against every threshold of the rules (each threshold is 0
 * or strictly between the two bounds, checked when the rules are translated); every comparison
 * therefore comes out the same.
 */
export const ZEN_NEVER = Number.MAX_SAFE_INTEGER;
/** The smallest magnitude given to zen as it is; smaller non-zero numbers go in as ±ZEN_TINY. */
export const ZEN_TINY = 1e-6;

const RESERVED = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);

/** A fact id as a zen member path (`signs.redness`); only plain identifiers can be written so. */
function path(fact: string): string {
  for (const segment of fact.split('.'))
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment) || RESERVED.has(segment))
      throw new Error(`fact ${fact}: '${segment}' is not a zen identifier`);
  return fact;
}

function literal(value: ConditionScalar): string {
  if (typeof value === 'number') {
    if (value !== 0 && !(Math.abs(value) > ZEN_TINY && Math.abs(value) < ZEN_NEVER))
      throw new Error(`threshold ${String(value)} is not strictly between zen's clamping bounds`);
    return String(value);
  }
  return JSON.stringify(value);
}

function list(leaf: LeafCondition): string {
  if (!Array.isArray(leaf.value)) throw new Error(`'${leaf.operator}' on ${leaf.fact} needs a list`);
  return `[${leaf.value.map(literal).join(', ')}]`;
}

function scalar(leaf: LeafCondition): string {
  if (Array.isArray(leaf.value)) throw new Error(`'${leaf.operator}' on ${leaf.fact} needs a single value`);
  return literal(leaf.value);
}

/**
 * One leaf as a ZEN expression, with json-rules-engine's semantics for the facts our catalog
 * produces. zen raises an error (rather than answering false) when it compares `null` with a
 * number or calls `contains` on `null`, so numeric operators and `contains` test the type first
 * (`and` stops at the first false), which is json-rules-engine's validator; the three negations
 * need a known fact (the package's unknown-safe `notEqual`, `notIn`, `doesNotContain`).
 */
function leaf(node: LeafCondition): string {
  const x = path(node.fact);
  const compare = (operator: string): string => `(type(${x}) == 'number' and ${x} ${operator} ${scalar(node)})`;
  switch (node.operator) {
    case 'equal':
      return `(${x} == ${scalar(node)})`;
    case 'notEqual':
      return `(${x} != null and ${x} != ${scalar(node)})`;
    case 'in':
      return `(${x} in ${list(node)})`;
    case 'notIn':
      return `(${x} != null and not (${x} in ${list(node)}))`;
    case 'contains':
      return `(type(${x}) == 'array' and contains(${x}, ${scalar(node)}))`;
    case 'doesNotContain':
      return `(type(${x}) == 'array' and not contains(${x}, ${scalar(node)}))`;
    case 'lessThan':
      return compare('<');
    case 'lessThanInclusive':
      return compare('<=');
    case 'greaterThan':
      return compare('>');
    case 'greaterThanInclusive':
      return compare('>=');
  }
}

/** A condition tree as one ZEN expression: `all` is `and`, `any` is `or`, `not` is `not` (an empty group holds). */
export function toZenExpression(node: ConditionNode | TopLevelCondition): string {
  if ('all' in node) return node.all.length === 0 ? 'true' : `(${node.all.map(toZenExpression).join(' and ')})`;
  if ('any' in node) return node.any.length === 0 ? 'true' : `(${node.any.map(toZenExpression).join(' or ')})`;
  if ('not' in node) return `(not ${toZenExpression(node.not)})`;
  return leaf(node);
}

/**
 * The rules as a JSON Decision Model (JDM) graph, as a zen user would draw it for a list of
 * independent rules: request -> one expression node holding one boolean expression per rule ->
 * response. Output keys are rule positions (`r0`, `r1`, ...): zen reads dots in a key as nesting.
 */
export function zenDecisionContent(rules: readonly EngineRule[]): object {
  return {
    nodes: [
      { id: 'request', type: 'inputNode', name: 'request', position: { x: 0, y: 0 } },
      {
        id: 'rules',
        type: 'expressionNode',
        name: 'rules',
        position: { x: 300, y: 0 },
        content: {
          expressions: rules.map((rule, index) => ({
            id: `e${String(index)}`,
            key: `r${String(index)}`,
            value: toZenExpression(rule.conditions),
          })),
        },
      },
      { id: 'response', type: 'outputNode', name: 'response', position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: 'request-rules', type: 'edge', sourceId: 'request', targetId: 'rules' },
      { id: 'rules-response', type: 'edge', sourceId: 'rules', targetId: 'response' },
    ],
  };
}

/** A fact value as zen can take it: numbers clamped to [{@link ZEN_TINY}, {@link ZEN_NEVER}] in magnitude. */
function zenValue(value: FactValue): FactValue {
  if (typeof value !== 'number' || value === 0) return value;
  if (Number.isNaN(value)) throw new Error('NaN is not a fact value');
  const magnitude = Math.min(Math.max(Math.abs(value), ZEN_TINY), ZEN_NEVER);
  return value < 0 ? -magnitude : magnitude;
}

/** The facts as zen's input: nested, numbers clamped as {@link zenValue} says. */
export function zenInput(facts: Readonly<Record<string, FactValue>>): Nested {
  return nestFacts(facts, zenValue);
}

/** The rules as one zen decision; a run is one `evaluate` of the graph. */
export class ZenRules {
  private readonly decision: ZenDecision;
  private readonly ids: readonly string[];

  constructor(engine: ZenEngine, rules: readonly EngineRule[]) {
    this.decision = engine.createDecision(zenDecisionContent(rules));
    this.ids = rules.map((rule) => rule.id);
  }

  /** The ids of the rules that hold, in rule order. */
  async fired(input: Nested): Promise<string[]> {
    const { result } = (await this.decision.evaluate(input)) as { result: Record<string, unknown> };
    const fired: string[] = [];
    this.ids.forEach((id, index) => {
      if (result[`r${String(index)}`] === true) fired.push(id);
    });
    return fired;
  }
}

/** zen-engine, or why it cannot be loaded here (its native binary comes in a per-platform npm package). */
export async function loadZen(): Promise<{ engine: ZenEngine } | { unavailable: string }> {
  try {
    const { ZenEngine } = await import('@gorules/zen-engine');
    return { engine: new ZenEngine() };
  } catch (error) {
    return { unavailable: error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error) };
  }
}
