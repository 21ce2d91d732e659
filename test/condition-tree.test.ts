import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare } from '../src/engine/operators.js';
import { evaluateTriState } from '../src/engine/tri-state.js';
import {
  evaluatedLeavesOf,
  factsOf,
  foldCondition,
  foldEvaluated,
  leavesOf,
  type ConditionPath,
  type EvaluatedCondition,
} from '../src/rules/condition-tree.js';
import type { ConditionNode, LeafCondition, TopLevelCondition } from '../src/rules/rule-set-schema.js';

const FACTS = ['signs.fever', 'signs.pain', 'hoursSinceTreatment', 'patient.fitzpatrick'] as const;

const leafArb: fc.Arbitrary<LeafCondition> = fc.oneof(
  fc.record({ fact: fc.constantFrom(...FACTS), operator: fc.constantFrom('equal', 'notEqual'), value: fc.boolean() }),
  fc.record({
    fact: fc.constantFrom(...FACTS),
    operator: fc.constantFrom('lessThan', 'greaterThanInclusive', 'equal'),
    value: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({ fact: fc.constantFrom(...FACTS), operator: fc.constantFrom('equal', 'in'), value: fc.constant(null) }),
);

/** Condition trees; `minGroup` 1 leaves out empty groups (which the validator refuses). */
function treeArb(minGroup: number): fc.Arbitrary<TopLevelCondition> {
  const { node } = fc.letrec<{ node: ConditionNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      leafArb,
      fc.array(tie('node'), { minLength: minGroup, maxLength: 3 }).map((all) => ({ all })),
      fc.array(tie('node'), { minLength: minGroup, maxLength: 3 }).map((any) => ({ any })),
      tie('node').map((not) => ({ not })),
    ),
  }));
  return fc.oneof(
    fc.array(node, { minLength: minGroup, maxLength: 3 }).map((all) => ({ all })),
    fc.array(node, { minLength: minGroup, maxLength: 3 }).map((any) => ({ any })),
    node.map((not) => ({ not })),
  );
}

const factValuesArb = fc.record(
  Object.fromEntries(FACTS.map((fact) => [fact, fc.oneof(fc.boolean(), fc.integer({ min: 0, max: 4 }), fc.constant(null))])),
);

/** The node a path leads to, read the plain way (no fold). */
function at(root: unknown, path: ConditionPath): unknown {
  return path.reduce<unknown>((node, segment) => (node as Record<string | number, unknown>)[segment], root);
}

describe('folds over condition trees', () => {
  const a: LeafCondition = { fact: 'signs.fever', operator: 'equal', value: true };
  const b: LeafCondition = { fact: 'signs.pain', operator: 'equal', value: 'severe' };
  const c: LeafCondition = { fact: 'hoursSinceTreatment', operator: 'lessThan', value: 48 };
  const tree: TopLevelCondition = { all: [a, { not: { any: [b, { not: c }] } }] };

  it('gives each leaf its path below conditions and whether an odd number of nots is above it', () => {
    expect(leavesOf(tree)).toEqual([
      { leaf: a, path: ['all', 0], negated: false },
      { leaf: b, path: ['all', 1, 'not', 'any', 0], negated: true },
      { leaf: c, path: ['all', 1, 'not', 'any', 1, 'not'], negated: false },
    ]);
  });

  it('folds the children first and hands their results, the node and its place to the parent', () => {
    const calls: string[] = [];
    const place = (kind: string, path: ConditionPath, negated: boolean): string => `${kind} /${path.join('/')}${negated ? ' negated' : ''}`;
    const depth = foldCondition<number>(tree, {
      leaf: (leaf, { path, negated }) => {
        calls.push(place(leaf.fact, path, negated));
        return 0;
      },
      all: (children, node, { path, negated }) => {
        expect(node.all).toHaveLength(children.length);
        calls.push(place(`all(${children.join()})`, path, negated));
        return 1 + Math.max(...children);
      },
      any: (children, node, { path, negated }) => {
        expect(node.any).toHaveLength(children.length);
        calls.push(place(`any(${children.join()})`, path, negated));
        return 1 + Math.max(...children);
      },
      not: (child, node, { path, negated }) => {
        expect(node.not).toBeDefined();
        calls.push(place(`not(${String(child)})`, path, negated));
        return 1 + child;
      },
    });
    expect(depth).toBe(4);
    expect(calls).toEqual([
      'signs.fever /all/0',
      'signs.pain /all/1/not/any/0 negated',
      'hoursSinceTreatment /all/1/not/any/1/not',
      'not(0) /all/1/not/any/1 negated',
      'any(0,1) /all/1/not negated',
      'not(2) /all/1',
      'all(0,3) /',
    ]);
  });

  it('gives the same places over an evaluated tree', () => {
    const evaluated: EvaluatedCondition = {
      kind: 'any',
      result: true,
      children: [
        { kind: 'leaf', fact: 'signs.fever', operator: 'equal', value: true, factValue: true, result: true },
        {
          kind: 'not',
          result: undefined,
          child: { kind: 'leaf', fact: 'signs.pain', operator: 'equal', value: 'severe', factValue: null, result: undefined },
        },
      ],
    };
    expect(evaluatedLeavesOf(evaluated).map(({ leaf, path, negated }) => [leaf.fact, path, negated])).toEqual([
      ['signs.fever', ['any', 0], false],
      ['signs.pain', ['any', 1, 'not'], true],
    ]);
  });

  it('factsOf is the facts the fold collects, in order of first appearance, each once', () => {
    fc.assert(
      fc.property(treeArb(0), (conditions) => {
        const collected = foldCondition<string[]>(conditions, {
          leaf: (leaf) => [leaf.fact],
          all: (children) => children.flat(),
          any: (children) => children.flat(),
          not: (child) => child,
        });
        // Read independently of any walk: the facts in the order JSON writes them.
        const written = [...JSON.stringify(conditions).matchAll(/"fact":"([^"]+)"/g)].map((match) => match[1]);
        expect(factsOf(conditions)).toEqual([...new Set(collected)]);
        expect(factsOf(conditions)).toEqual([...new Set(written)]);
      }),
    );
  });

  it('every place leads to its leaf, and negated is the parity of the nots on the way', () => {
    fc.assert(
      fc.property(treeArb(0), (conditions) => {
        for (const { leaf, path, negated } of leavesOf(conditions)) {
          expect(at(conditions, path)).toBe(leaf);
          expect(negated).toBe(path.filter((segment) => segment === 'not').length % 2 === 1);
        }
      }),
    );
  });

  it('builds a compiler: three-valued closures folded from the children agree with evaluateTriState', () => {
    type Test = (facts: Readonly<Record<string, unknown>>) => boolean | undefined;
    const compile = (conditions: TopLevelCondition): Test =>
      foldCondition<Test>(conditions, {
        leaf:
          ({ fact, operator, value }) =>
          (facts) =>
            compare(operator, facts[fact], value),
        all: (children) => (facts) => {
          const values = children.map((child) => child(facts));
          return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
        },
        any: (children) => (facts) => {
          const values = children.map((child) => child(facts));
          return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
        },
        not: (child) => (facts) => {
          const value = child(facts);
          return value === undefined ? undefined : !value;
        },
      });
    fc.assert(
      fc.property(treeArb(1), factValuesArb, (conditions, facts) => {
        expect(compile(conditions)(facts)).toBe(evaluateTriState(conditions, facts).status);
      }),
    );
  });

  it('folds an evaluated tree bottom-up with its nodes', () => {
    const evaluated: EvaluatedCondition = {
      kind: 'all',
      result: false,
      children: [
        { kind: 'leaf', fact: 'signs.fever', operator: 'equal', value: true, factValue: false, result: false },
        {
          kind: 'any',
          result: true,
          children: [{ kind: 'leaf', fact: 'signs.pain', operator: 'in', value: ['severe'], factValue: 'severe', result: true }],
        },
      ],
    };
    const text = foldEvaluated<string>(evaluated, {
      leaf: (leaf) => `${leaf.fact}=${String(leaf.result)}`,
      all: (children, node) => `${node.kind}[${children.join(' ')}]=${String(node.result)}`,
      any: (children, node) => `${node.kind}[${children.join(' ')}]=${String(node.result)}`,
      not: (child, node) => `not[${child}]=${String(node.result)}`,
    });
    expect(text).toBe('all[signs.fever=false any[signs.pain=true]=true]=false');
  });
});
