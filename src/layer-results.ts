import { ASSESSMENT } from './assessment/assessment-kind.js';
import { checkInSchema } from './checkin/checkin-schema.js';
import { EvaluationPipeline } from './evaluation/pipeline.js';
import { schemaLeaves, type SchemaLeaf } from './facts/schema-leaves.js';
import { isObservationError } from './input/observation-error.js';
import { foldCondition, leavesOf } from './rules/condition-tree.js';
import type { ConditionNode } from './rules/rule-set-schema.js';
import type { Diagnostic } from './rules/diagnostics.js';
import type { LoadedRuleSet } from './rules/load-rule-set.js';
import type { RuleSetSource } from './rules/validate-rule-set.js';
import { SCREENING } from './screening/screening-kind.js';
import { screeningInputSchema } from './screening/screening-schema.js';

/*
 * The second line behind the layer-change check: seeded generated check-ins and candidates, and
 * a calm witness of every base rule, evaluated under the base and under the composed rules. A
 * result that goes down (or an input the layers now refuse) is allowed only when a layer
 * acknowledged, and used, a change to a rule that moved it (or to a derivation, question or
 * resumption time behind a fact that rule reads).
 */

/** Generated inputs of each kind. */
const GENERATED = 120;
/** A fixed clock: the generated inputs give their time as hours. */
const CLOCK = new Date('2026-01-01T00:00:00Z');

interface Outcome {
  readonly grade: number;
  /** The rules that decided the grade: those that fired at it. */
  readonly deciding: readonly string[];
}

/** Diagnostics for generated inputs whose result the layers lower without an acknowledgement covering it. */
export function checkLayerResults(
  base: LoadedRuleSet,
  composed: LoadedRuleSet,
  layers: readonly RuleSetSource[],
  composition: readonly Diagnostic[],
): Diagnostic[] {
  const cover = acknowledgementsCovering(base, layers, composition);
  const covered = (rules: readonly string[]): boolean => cover(rules).length > 0;
  const diagnostics: Diagnostic[] = [];
  const kinds = [
    { name: 'check-in', kind: ASSESSMENT, leaves: CHECK_IN_LEAVES, numbers: numbersOf(base, 'assessment') },
    { name: 'candidate', kind: SCREENING, leaves: SCREENING_LEAVES, numbers: numbersOf(base, 'screening') },
  ] as const;
  for (const { name, kind, leaves, numbers } of kinds) {
    const before = new EvaluationPipeline<never, never>(kind as never, base, () => CLOCK);
    const after = new EvaluationPipeline<never, never>(kind as never, composed, () => CLOCK);
    const calm = calmAnswers(kind === ASSESSMENT ? base.assessment.questions : base.screening.questions, leaves);
    const rules = name === 'check-in' ? base.assessment.rules : base.screening.rules;
    const witnesses = rules.flatMap((rule) => accepted(witness(rule.conditions, leaves, calm), (input) => before.runSync(input)) ?? []);
    for (const input of [...generated(leaves, numbers, calm, name === 'check-in' ? 1 : 2), ...witnesses]) {
      const was = outcome(() => before.runSync(input));
      const is = outcome(() => after.runSync(input));
      // An input the layers refuse where the base gave a result has lost its result: that is down too.
      if (was === undefined || (is !== undefined && is.grade >= was.grade)) continue;
      // Every rule that decided the base result moved (it no longer fires, or fires lower): had one
      // still fired at that grade, the result would not be lower.
      const moved = was.deciding;
      if (covered(moved)) continue;
      diagnostics.push({
        code: 'unacknowledged-result-change',
        severity: 'error',
        file: '',
        path: '',
        message: `a generated ${name} gets a lower result under the layers than under the base, moved by ${moved.length === 0 ? 'no rule the layers acknowledge' : moved.map((rule) => `'${rule}'`).join(', ')}, and no layer acknowledges a change to ${moved.length === 1 ? 'it' : 'them'}: ${JSON.stringify(input)}`,
      });
      if (diagnostics.length >= 5) return diagnostics;
    }
  }
  return diagnostics;
}

const CHECK_IN_LEAVES = schemaLeaves(checkInSchema).filter((leaf) => !['treatedAt', 'assessedAt'].includes(leaf.path));
const SCREENING_LEAVES = schemaLeaves(screeningInputSchema).filter((leaf) => leaf.path !== 'screenedAt');

function outcome(run: () => unknown): Outcome | undefined {
  let result: { level?: string; decision?: string; reasons: readonly { ruleId: string; level?: string; decision?: string }[] };
  try {
    result = run() as typeof result;
  } catch (error) {
    if (isObservationError(error)) return undefined;
    throw error;
  }
  const grade = result.level ?? result.decision ?? '';
  return {
    grade: GRADES.indexOf(grade) % 4,
    deciding: result.reasons.filter((reason) => (reason.level ?? reason.decision) === grade).map((reason) => reason.ruleId),
  };
}

const GRADES = ['expected', 'monitor', 'contact-provider', 'urgent', 'proceed', 'proceed-with-caution', 'postpone', 'contraindicated'];

/** Every number the rules of one kind compare facts with, by fact. */
function numbersOf(ruleSet: LoadedRuleSet, kind: 'assessment' | 'screening'): ReadonlyMap<string, readonly number[]> {
  const numbers = new Map<string, number[]>();
  for (const rule of ruleSet[kind].rules)
    for (const { leaf } of leavesOf(rule.conditions))
      if (typeof leaf.value === 'number') numbers.set(leaf.fact, [...(numbers.get(leaf.fact) ?? []), leaf.value]);
  return numbers;
}

/** The least concerning answer of each question with an order of concern, by input path (a list: none). */
function calmAnswers(questions: LoadedRuleSet['assessment']['questions'], leaves: readonly SchemaLeaf[]): ReadonlyMap<string, unknown> {
  const calm = new Map<string, unknown>();
  const types = new Map(leaves.map((leaf) => [leaf.path, leaf.type.kind]));
  for (const question of questions.values()) {
    const path = question.field ?? question.fact;
    const type = types.get(path);
    if (type === undefined || typeof question.role !== 'object' || question.role.concern.length === 0) continue;
    calm.set(path, type === 'enum-array' ? [] : question.role.concern[0]);
  }
  return calm;
}

/**
 * Seeded inputs, in three families: every field answered at random; each field answered at
 * random or left out; and calm ones, every question at its least concerning answer but one or two
 * at random (the inputs on which a rule below the floor's reach decides).
 */
function* generated(
  leaves: readonly SchemaLeaf[],
  numbers: ReadonlyMap<string, readonly number[]>,
  calm: ReadonlyMap<string, unknown>,
  seed: number,
): Generator<object> {
  let state = seed * 2_654_435_761;
  const next = (bound: number): number => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return (state >>> 16) % Math.max(bound, 1);
  };
  for (let index = 0; index < GENERATED; index += 1) {
    const family = index % 3;
    const varied = new Set([next(leaves.length), next(leaves.length)]);
    const input: Record<string, unknown> = {};
    leaves.forEach((leaf, position) => {
      if (family === 1 && next(2) === 0) return;
      const quiet = family === 2 && !varied.has(position) && calm.has(leaf.path);
      const value = quiet ? calm.get(leaf.path) : answer(leaf, numbers.get(leaf.path) ?? [], next);
      if (value === undefined) return;
      const keys = leaf.path.split('.');
      let node = input;
      for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
      node[keys.at(-1) ?? ''] = value;
    });
    yield input;
  }
}

/**
 * A calm input on which one rule fires, as far as its own answers go: every question at its least
 * concerning answer, then the values the rule's conditions ask for (the first branch of an `any`;
 * derived and computed facts are left to what the answers give).
 */
function witness(conditions: ConditionNode, leaves: readonly SchemaLeaf[], calm: ReadonlyMap<string, unknown>): object {
  const paths = new Set(leaves.map((leaf) => leaf.path));
  const values = new Map(calm);
  const wanted = foldCondition<[string, unknown][]>(conditions, {
    leaf: (leaf, { negated }) => {
      const value = negated ? undefined : satisfying(leaf.operator, leaf.value);
      return value === undefined || !paths.has(leaf.fact) ? [] : [[leaf.fact, value]];
    },
    all: (children) => children.flat(),
    any: (children) => children[0] ?? [],
    not: () => [],
  });
  for (const [path, value] of wanted) values.set(path, value);
  const input: Record<string, unknown> = {};
  for (const [path, value] of values) {
    const keys = path.split('.');
    let node = input;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys.at(-1) ?? ''] = value;
  }
  return input;
}

/** The input with the fields the base refuses taken out (a calm answer can contradict a wanted one), or none. */
function accepted(input: object, run: (input: object) => unknown): object | undefined {
  const copy = structuredClone(input) as Record<string, unknown>;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      run(copy);
      return copy;
    } catch (error) {
      if (!isObservationError(error)) throw error;
      for (const issue of error.issues) {
        const keys = issue.path.split('.');
        let node: Record<string, unknown> | undefined = copy;
        for (const key of keys.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
        if (node !== undefined) Reflect.deleteProperty(node, keys.at(-1) ?? '');
      }
    }
  }
  return undefined;
}

function satisfying(operator: string, value: unknown): unknown {
  if (operator === 'equal') return value;
  if (operator === 'in') return Array.isArray(value) ? (value as unknown[])[0] : undefined;
  if (operator === 'contains') return [value];
  if (typeof value !== 'number') return undefined;
  if (operator === 'greaterThan') return value + 0.5;
  if (operator === 'lessThan') return Math.max(0, value - 0.5);
  if (operator === 'greaterThanInclusive' || operator === 'lessThanInclusive') return value;
  return undefined;
}

function answer(leaf: SchemaLeaf, thresholds: readonly number[], next: (bound: number) => number): unknown {
  const type = leaf.type;
  switch (type.kind) {
    case 'boolean':
      return next(2) === 0;
    case 'enum':
      return type.values[next(type.values.length)];
    case 'enum-array':
      return type.values.filter(() => next(3) === 0);
    case 'string':
      return undefined;
    case 'number': {
      if (type.values !== undefined) return type.values[next(type.values.length)];
      if (leaf.nullable && next(4) === 0) return null;
      const low = type.min ?? 0;
      const candidates = [low, ...thresholds.flatMap((value) => [value - 0.01, value, value + 0.01])].filter(
        (value) => value > low && (type.max === undefined || value <= type.max),
      );
      return candidates.length === 0 ? undefined : candidates[next(candidates.length)];
    }
  }
}

/**
 * The acknowledgements of the layers that cover a move of the given base rules: one naming a rule,
 * or a derivation, question or resumption time behind a fact the rule reads.
 */
export function acknowledgementsCovering(
  base: LoadedRuleSet,
  layers: readonly RuleSetSource[],
  composition: readonly Diagnostic[],
): (rules: readonly string[]) => string[] {
  // Only acknowledgements of something a layer did change count (composing reported them as such);
  // an unused one (a warning) covers nothing.
  const used = new Set(
    composition
      .filter((diagnostic) => diagnostic.code === 'acknowledged-change' || diagnostic.code === 'acknowledged-lowering')
      .map((diagnostic) => `${diagnostic.file}#${diagnostic.path}`),
  );
  const readBy = new Map<string, readonly string[]>(
    [...base.assessment.rules, ...base.screening.rules].map((rule) => [rule.id, leavesOf(rule.conditions).map(({ leaf }) => leaf.fact)]),
  );
  const ids = new Set<string>();
  for (const layer of layers)
    for (const [name, content] of Object.entries(layer.files)) {
      const file = content as { acknowledgedChanges?: { change?: unknown }[]; acknowledgedLowerings?: { rule?: unknown }[] } | null;
      const entries = [
        ...(file?.acknowledgedChanges ?? []).map((entry, index) => [entry.change, `acknowledgedChanges.${String(index)}`] as const),
        ...(file?.acknowledgedLowerings ?? []).map((entry, index) => [entry.rule, `acknowledgedLowerings.${String(index)}`] as const),
      ];
      for (const [id, path] of entries) if (typeof id === 'string' && used.has(`${name}#${path}`)) ids.add(id);
    }
  const factOf = (id: string): string | undefined => {
    const [prefix, ...rest] = id.split(':');
    if (prefix === 'derive') return rest.join(':');
    if (prefix === 'question') return rest.slice(1).join(':');
    if (prefix === 'resume') return 'exposures.activesResumedEarly';
    return undefined;
  };
  return (rules) =>
    [...ids].filter((id) => rules.includes(id) || rules.some((rule) => (readBy.get(rule) ?? []).includes(factOf(id) ?? '')));
}
