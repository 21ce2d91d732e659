import type { FactType, SchemaLeaf } from '../facts/schema-leaves.js';
import { leavesOf } from '../rules/condition-tree.js';
import type { TopLevelCondition } from '../rules/rule-set-schema.js';

/**
 * How a question is answered: its type and allowed values, from the input schema. A choice
 * carries `labels`, the options in plain words from the question's `answers` in the rules, keyed
 * by the option as a string (`labels['purulent']`, `labels['4']`), when the question gives any.
 */
export type AnswerSpec =
  | { readonly type: 'boolean' }
  | {
      readonly type: 'choice';
      readonly options: readonly (string | number)[];
      readonly multiple: boolean;
      readonly labels?: Readonly<Record<string, string>>;
    }
  | { readonly type: 'number'; readonly minimum?: number; readonly maximum?: number; readonly never: boolean }
  | { readonly type: 'text' };

/** The answer spec of an input field, with the plain labels of its question's answers (`answers` in the rules). */
export function answerSpec(leaf: SchemaLeaf, answers?: Readonly<Record<string, string>>): AnswerSpec {
  const type = leaf.type;
  const choice = (options: readonly (string | number)[], multiple: boolean): AnswerSpec => {
    const labels: Record<string, string> = {};
    for (const option of options) {
      const label = answers?.[String(option)];
      if (label !== undefined) labels[String(option)] = label;
    }
    return { type: 'choice', options, multiple, ...(Object.keys(labels).length === 0 ? {} : { labels }) };
  };
  switch (type.kind) {
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return choice(type.values, false);
    case 'enum-array':
      return choice(type.values, true);
    case 'number':
      if (type.values !== undefined) return choice(type.values, false);
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
