import type { FactType, SchemaLeaf } from '../facts/schema-leaves.js';
import { leavesOf } from '../rules/condition-tree.js';
import type { TopLevelCondition } from '../rules/rule-set-schema.js';

/** How a question is answered: its type and allowed values, from the input schema. */
export type AnswerSpec =
  | { readonly type: 'boolean' }
  | { readonly type: 'choice'; readonly options: readonly (string | number)[]; readonly multiple: boolean }
  | { readonly type: 'number'; readonly minimum?: number; readonly maximum?: number; readonly never: boolean }
  | { readonly type: 'text' };

/** The answer spec of an input field. */
export function answerSpec(leaf: SchemaLeaf): AnswerSpec {
  const type = leaf.type;
  switch (type.kind) {
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'choice', options: type.values, multiple: false };
    case 'enum-array':
      return { type: 'choice', options: type.values, multiple: true };
    case 'number':
      if (type.values !== undefined) return { type: 'choice', options: type.values, multiple: false };
      return {
        type: 'number',
        ...(type.min === undefined ? {} : { minimum: type.min }),
        ...(type.max === undefined ? {} : { maximum: type.max }),
        never: leaf.nullable,
      };
    case 'string':
      return { type: 'text' };
  }
}

/** The numbers the rules compare a fact with. */
export function thresholdsOf(fact: string, rules: readonly { readonly conditions: TopLevelCondition }[]): number[] {
  return rules.flatMap(({ conditions }) =>
    leavesOf(conditions).flatMap(({ leaf }) => (leaf.fact === fact && typeof leaf.value === 'number' ? [leaf.value] : [])),
  );
}

/**
 * The answers that the rules can tell apart for a field: every allowed value, or for a number
 * each threshold it is compared with and its neighbours (and "never" when allowed).
 */
export function distinctAnswers(leaf: SchemaLeaf, thresholds: readonly number[]): unknown[] {
  const type: FactType = leaf.type;
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
      const low = type.min ?? 0;
      const around = thresholds.flatMap((value) => [value - 1, value - 0.1, value, value + 0.1, value + 1]);
      const numbers = [...new Set([low, ...around])].filter((value) => value >= low && (type.max === undefined || value <= type.max));
      return [...numbers.sort((a, b) => a - b), ...(leaf.nullable ? [null] : [])];
    }
  }
}
