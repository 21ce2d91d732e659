import fc from 'fast-check';
import { builtinRuleSet, type FactRole, type RuleSetSource } from '../../src/index.js';
import { checkInSchema } from '../../src/checkin/checkin-schema.js';
import { screeningInputSchema } from '../../src/screening/screening-schema.js';
import { schemaLeaves, type FactType } from '../../src/facts/schema-leaves.js';
import { leavesOf } from '../../src/rules/condition-tree.js';
import type { TopLevelCondition } from '../../src/rules/rule-set-schema.js';

/*
 * The facts' declared roles, read from the rule set's questions files, with the input field that
 * answers each and the field's type: what the role-driven property tests move.
 */

/** An input field with the role its fact declares. */
export interface DeclaredField {
  readonly fact: string;
  /** The input field (dotted path) that answers the fact. */
  readonly field: string;
  readonly role: FactRole;
  readonly type: FactType;
  /** The field accepts `null` (screening: "never"). */
  readonly nullable: boolean;
}

type Input = 'checkin' | 'screening';

/** Every answerable field of an input whose fact declares a role. */
export function declaredFields(input: Input, ruleSet: RuleSetSource = builtinRuleSet): DeclaredField[] {
  const leaves = new Map(schemaLeaves(input === 'checkin' ? checkInSchema : screeningInputSchema).map((leaf) => [leaf.path, leaf]));
  const fields = new Map<string, DeclaredField>();
  for (const file of Object.values(ruleSet.files)) {
    const content = file as { kind?: string; input?: string; questions?: { fact: string; field?: string; role?: FactRole }[] };
    if (content.kind !== 'questions' || (content.input ?? 'checkin') !== input) continue;
    for (const question of content.questions ?? []) {
      const field = question.field ?? question.fact;
      const leaf = leaves.get(field);
      if (question.role === undefined || leaf === undefined) continue;
      fields.set(field, { fact: question.fact, field, role: question.role, type: leaf.type, nullable: leaf.nullable });
    }
  }
  return [...fields.values()];
}

/** The values a field can take that the rules can tell apart (numbers: each threshold and its neighbours). */
export function fieldValues(field: DeclaredField, ruleSet: RuleSetSource = builtinRuleSet): unknown[] {
  const type = field.type;
  switch (type.kind) {
    case 'boolean':
      return [false, true];
    case 'enum':
      return [...type.values];
    case 'enum-array':
      return [[], ...type.values.map((value) => [value]), [...type.values]];
    case 'string':
      return [];
    case 'number': {
      if (type.values !== undefined) return [...type.values];
      const thresholds = numericThresholds(ruleSet, field.fact);
      const around = [...thresholds].flatMap((value) => [value - 1, value - 0.01, value, value + 0.01, value + 1]);
      const low = type.min ?? 0;
      const numbers = [...new Set([low, ...around].filter((value) => value >= low && (type.max === undefined || value <= type.max)))];
      return [...numbers.sort((a, b) => a - b), ...(field.nullable ? [null] : [])];
    }
  }
}

/** A step of a field toward concern from its current value (`undefined`: unanswered), or `undefined` when there is none. */
export function concernStep(field: DeclaredField, current: unknown): fc.Arbitrary<unknown> | undefined {
  const role = field.role;
  if (typeof role === 'string') return undefined;
  const { concern } = role;
  if (concern === 'more') {
    const values = field.type.kind === 'enum-array' ? field.type.values : [];
    if (current === undefined) return fc.constant([...values]);
    const present = current as readonly string[];
    const absent = values.filter((value) => !present.includes(value));
    return absent.length === 0 ? undefined : fc.constantFrom(...absent).map((value) => [...present, value]);
  }
  if (concern === 'lower' || concern === 'higher') {
    if (concern === 'higher') return undefined; // no built-in fact uses it
    if (current === undefined) return fc.constant(0);
    if (current === null) return fc.double({ min: 0, max: 100, noNaN: true });
    const value = current as number;
    return value <= 0 ? undefined : fc.double({ min: 0, max: value, maxExcluded: true, noNaN: true });
  }
  const tiers = concern.map((tier) => (Array.isArray(tier) ? (tier as readonly (string | boolean)[]) : [tier as string | boolean]));
  const last = tiers.at(-1) ?? [];
  if (current === undefined) return fc.constantFrom(...last);
  const index = tiers.findIndex((tier) => tier.includes(current as string | boolean));
  const next = tiers[index + 1];
  return index < 0 || next === undefined ? undefined : fc.constantFrom(...next);
}

/** The value at a dotted path of an input (`undefined` when absent). */
export function valueAt(input: unknown, path: string): unknown {
  let node: unknown = input;
  for (const key of path.split('.')) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/** A copy of an input with `value` at a dotted path (`undefined` removes it). */
export function withValueAt(input: unknown, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone((input ?? {}) as Record<string, unknown>);
  const keys = path.split('.');
  const last = keys.pop() ?? path;
  let node = copy;
  for (const key of keys) {
    const child = node[key];
    node[key] = child !== null && typeof child === 'object' ? child : {};
    node = node[key] as Record<string, unknown>;
  }
  const { [last]: _removed, ...kept } = node;
  Object.keys(node).forEach((key) => Reflect.deleteProperty(node, key));
  Object.assign(node, value === undefined ? kept : { ...kept, [last]: value });
  return copy;
}

function numericThresholds(ruleSet: RuleSetSource, fact: string): Set<number> {
  const values = new Set<number>();
  for (const file of Object.values(ruleSet.files)) {
    const content = file as { rules?: { conditions: TopLevelCondition }[] };
    for (const rule of content.rules ?? [])
      for (const { leaf } of leavesOf(rule.conditions)) if (leaf.fact === fact && typeof leaf.value === 'number') values.add(leaf.value);
  }
  return values;
}
