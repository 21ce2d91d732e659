import { DECISIONS, LEVELS } from '../contract.js';
import { schemaParse } from '../input/schema-parse.js';
import { conditionPointer, foldCondition, type ConditionPlace } from '../rules/condition-tree.js';
import { topLevelConditionSchema, type ConditionNode, type TopLevelCondition } from '../rules/rule-set-schema.js';
import type { RuleSetSource } from '../rules/validate-rule-set.js';

/** Units a numeric threshold is shifted by: beyond the one-unit boundary pairs of the golden cases. */
const THRESHOLD_SHIFT = 2;

const COMPLEMENT: Readonly<Record<string, string>> = {
  greaterThan: 'lessThanInclusive',
  lessThanInclusive: 'greaterThan',
  greaterThanInclusive: 'lessThan',
  lessThan: 'greaterThanInclusive',
};

/** A small change to one rule. */
export interface Mutant {
  readonly id: string;
  readonly ruleId: string;
  readonly file: string;
  readonly kind: 'threshold' | 'operator' | 'flip-boolean' | 'drop-value' | 'drop-condition' | 'grade';
  readonly description: string;
  /** The mutated rule (the rest of the rule set is unchanged). */
  readonly rule: Record<string, unknown>;
  /** True when only the rule's grade changed (its conditions are the original's). */
  readonly gradeOnly: boolean;
}

type JsonObject = Record<string, unknown>;

/**
 * Every mutant of every assessment and screening rule: each numeric threshold shifted both
 * ways, each numeric comparison replaced by its complement, each boolean flipped, each value
 * dropped from an `in` list, each condition dropped from an `all` or `any`, and each level or
 * decision moved one step up and down.
 */
export function generateMutants(source: RuleSetSource): Mutant[] {
  const mutants: Mutant[] = [];
  for (const [file, content] of Object.entries(source.files)) {
    const kind = (content as JsonObject | null)?.['kind'];
    if (kind !== 'assessment' && kind !== 'screening') continue;
    const scale: readonly string[] = kind === 'assessment' ? LEVELS : DECISIONS;
    const gradeKey = kind === 'assessment' ? 'level' : 'decision';
    for (const rule of ((content as JsonObject)['rules'] ?? []) as JsonObject[]) {
      const ruleId = String(rule['id']);
      const add = (mutantKind: Mutant['kind'], description: string, mutated: JsonObject, gradeOnly = false): void => {
        mutants.push({ id: `${ruleId}#${String(mutants.length)}`, ruleId, file, kind: mutantKind, description, rule: mutated, gradeOnly });
      };
      for (const { path, node } of conditionNodes(rule['conditions'])) {
        leafMutations(node).forEach(({ kind: mutantKind, description, replacement }) => {
          add(mutantKind, `${path}: ${description}`, replaceAt(rule, path, replacement));
        });
        for (const group of ['all', 'any'] as const) {
          const children = node[group];
          if (!Array.isArray(children) || children.length < 2) continue;
          children.forEach((_child, index) => {
            const kept = children.filter((_, other) => other !== index);
            add('drop-condition', `${path}/${group}/${String(index)}: condition dropped`, replaceAt(rule, path, { [group]: kept }));
          });
        }
      }
      const params = (rule['event'] as JsonObject)['params'] as JsonObject;
      const grade = String(params[gradeKey]);
      const position = scale.indexOf(grade);
      for (const target of [scale[position - 1], scale[position + 1]]) {
        if (target === undefined) continue;
        const mutated = replaceAt(rule, '/event/params', { ...params, [gradeKey]: target });
        add('grade', `${gradeKey} ${grade} -> ${target}`, mutated, true);
      }
    }
  }
  return mutants;
}

function leafMutations(node: JsonObject): { kind: Mutant['kind']; description: string; replacement: JsonObject }[] {
  if (typeof node['fact'] !== 'string') return [];
  const operator = String(node['operator']);
  const value = node['value'];
  const out: { kind: Mutant['kind']; description: string; replacement: JsonObject }[] = [];
  if (typeof value === 'number' && (operator in COMPLEMENT || operator === 'equal')) {
    for (const shifted of [value - THRESHOLD_SHIFT, value + THRESHOLD_SHIFT]) {
      out.push({
        kind: 'threshold',
        description: `${node['fact']} ${operator} ${String(value)} -> ${String(shifted)}`,
        replacement: { ...node, value: shifted },
      });
    }
  }
  const complement = COMPLEMENT[operator];
  if (complement !== undefined)
    out.push({ kind: 'operator', description: `${operator} -> ${complement}`, replacement: { ...node, operator: complement } });
  if (operator === 'equal' && typeof value === 'boolean')
    out.push({
      kind: 'flip-boolean',
      description: `${node['fact']} equal ${String(value)} -> ${String(!value)}`,
      replacement: { ...node, value: !value },
    });
  if (operator === 'in' && Array.isArray(value) && value.length > 1) {
    value.forEach((dropped, index) => {
      out.push({
        kind: 'drop-value',
        description: `${String(node['fact'])} in: ${JSON.stringify(dropped)} dropped`,
        replacement: { ...node, value: value.filter((_, other) => other !== index) },
      });
    });
  }
  return out;
}

interface PlacedNode {
  readonly path: string;
  readonly node: JsonObject;
}

/**
 * Every node of a rule's conditions, with its JSON pointer inside the rule. Conditions that are
 * not a condition tree have none (a rule set with them does not load, so there is nothing to test).
 */
function conditionNodes(conditions: unknown): PlacedNode[] {
  if (!schemaParse(topLevelConditionSchema, conditions, 0).success) return [];
  const own = (node: ConditionNode, { path }: ConditionPlace): PlacedNode => ({
    path: `/conditions${conditionPointer(path)}`,
    node: node as unknown as JsonObject,
  });
  return foldCondition<PlacedNode[]>(conditions as TopLevelCondition, {
    leaf: (leaf, at) => [own(leaf, at)],
    all: (children, node, at) => [own(node, at), ...children.flat()],
    any: (children, node, at) => [own(node, at), ...children.flat()],
    not: (child, node, at) => [own(node, at), ...child],
  });
}

/** A copy of `root` with the value at a JSON pointer replaced. */
function replaceAt(root: JsonObject, pointer: string, replacement: unknown): JsonObject {
  const copy = structuredClone(root);
  const segments = pointer.split('/').slice(1);
  const last = segments.pop();
  let target: unknown = copy;
  for (const segment of segments) target = (target as Record<string, unknown>)[segment];
  if (last === undefined) return replacement as JsonObject;
  (target as Record<string, unknown>)[last] = replacement;
  return copy;
}
