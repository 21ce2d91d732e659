import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRuleSet, createTriage, RuleSetError, validateRuleSet, type Diagnostic } from '../src/index.js';
import { minimalRule, withExtraRule } from './support/rule-sets.js';

const alone = { id: 'alone', version: '1.0.0', files: {} };
const diagnose = (conditions: Record<string, unknown>): readonly Diagnostic[] =>
  validateRuleSet(withExtraRule(alone, minimalRule('custom.rule', conditions)), { complete: false }).diagnostics;
const diagnoseScreening = (conditions: Record<string, unknown>): readonly Diagnostic[] => {
  const rule = {
    ...minimalRule('custom.rule', conditions),
    event: { type: 'screening', params: { decision: 'postpone', message: { clinician: 'c', patient: 'p' } } },
  };
  const file = { id: 'custom', version: '1.0.0', kind: 'screening', title: 'Custom screening rules', rules: [rule] };
  return validateRuleSet({ ...alone, files: { 'custom.json': file } }, { complete: false }).diagnostics;
};
const codes = (conditions: Record<string, unknown>): string[] =>
  diagnose(conditions).map((diagnostic) => `${diagnostic.severity} ${diagnostic.code} ${diagnostic.path}`);
const leaf = (fact: string, operator: string, value: unknown): Record<string, unknown> => ({ fact, operator, value });

describe('rules that can never fire', () => {
  it.each([
    [
      'the same fact equal to two values in one all',
      { all: [leaf('signs.redness', 'equal', 'mild'), leaf('signs.redness', 'equal', 'severe')] },
    ],
    ['a boolean equal to true and to false', { all: [leaf('signs.fever', 'equal', true), leaf('signs.fever', 'equal', false)] }],
    ['in: []', { all: [leaf('signs.redness', 'in', [])] }],
    ['a value outside the range: fitzpatrick greaterThan 6', { all: [leaf('patient.fitzpatrick', 'greaterThan', 6)] }],
    ['fitzpatrick equal 7', { all: [leaf('patient.fitzpatrick', 'equal', 7)] }],
    ['hours below zero', { all: [leaf('hoursSinceTreatment', 'lessThan', 0)] }],
    [
      'an equal outside an in list',
      { all: [leaf('signs.discharge', 'in', ['clear', 'purulent']), leaf('signs.discharge', 'equal', 'none')] },
    ],
    ['ranges that do not meet', { all: [leaf('hoursSinceTreatment', 'greaterThan', 336), leaf('hoursSinceTreatment', 'lessThan', 100)] }],
    [
      'exclusive bounds on one number',
      { all: [leaf('hoursSinceTreatment', 'greaterThan', 48), leaf('hoursSinceTreatment', 'lessThan', 48)] },
    ],
    [
      'a conflict across nested alls',
      {
        all: [
          leaf('signs.pain', 'equal', 'mild'),
          { all: [leaf('signs.swelling', 'equal', 'mild'), leaf('signs.pain', 'equal', 'severe')] },
        ],
      },
    ],
    [
      'an any whose every branch is impossible',
      { any: [{ all: [leaf('signs.redness', 'in', [])] }, leaf('patient.fitzpatrick', 'lessThan', 1)] },
    ],
    ['a not over something always true', { not: leaf('openRedFlagQuestions', 'greaterThanInclusive', 0) }],
    ['a never-fires counter test (equal null on a fact always known)', { all: [leaf('openRedFlagQuestions', 'equal', null)] }],
  ])('%s: refused (error)', (_name, conditions) => {
    const found = diagnose(conditions);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((diagnostic) => diagnostic.code === 'never-fires' && diagnostic.severity === 'error')).toBe(true);
    expect(found[0]?.message).toBe('this rule can never fire: no answers satisfy its conditions');
    expect(() =>
      createTriage({ ruleSets: [withExtraRule({ id: 'layer', version: '1.0.0', files: {} }, minimalRule('custom.rule', conditions))] }),
    ).toThrow(RuleSetError);
  });

  it('names the comparison or the group that cannot hold', () => {
    expect(codes({ all: [leaf('patient.fitzpatrick', 'greaterThan', 6)] })).toEqual([
      'error never-fires rules.0.conditions',
      'error never-fires rules.0.conditions.all.0',
    ]);
    expect(diagnose({ all: [leaf('patient.fitzpatrick', 'greaterThan', 6)] })[1]?.message).toBe(
      "'patient.fitzpatrick' greaterThan 6 holds for no value the fact can take (1, 2, 3, 4, 5, 6)",
    );
    expect(codes({ all: [leaf('signs.redness', 'equal', 'mild'), leaf('signs.redness', 'equal', 'severe')] })).toEqual([
      'error never-fires rules.0.conditions',
      'error never-fires rules.0.conditions.all',
    ]);
  });

  it('warns (only) about a branch that cannot hold in a rule that still can fire', () => {
    expect(codes({ any: [leaf('signs.fever', 'equal', true), { all: [leaf('patient.fitzpatrick', 'greaterThan', 6)] }] })).toEqual([
      'warning never-fires rules.0.conditions.any.1.all.0',
    ]);
  });

  it.each([
    ['boundary pair: greaterThanInclusive 6 on fitzpatrick', { all: [leaf('patient.fitzpatrick', 'greaterThanInclusive', 6)] }],
    [
      'boundary pair: inclusive bounds that meet',
      { all: [leaf('hoursSinceTreatment', 'greaterThanInclusive', 48), leaf('hoursSinceTreatment', 'lessThanInclusive', 48)] },
    ],
    [
      'a gap between two thresholds',
      { all: [leaf('hoursSinceTreatment', 'greaterThan', 48), leaf('hoursSinceTreatment', 'lessThan', 49)] },
    ],
    ['"unanswered" named with null', { all: [leaf('treatment.site', 'in', ['face', null]), leaf('treatment.site', 'equal', null)] }],
    // A how-long-ago fact given as null is "never": Infinity, beyond the field's upper bound.
    ['"never" beyond the upper bound of a screening field', { all: [leaf('medications.isotretinoinMonthsAgo', 'greaterThan', 1200)] }],
    ['two different facts', { all: [leaf('signs.redness', 'equal', 'mild'), leaf('signs.pain', 'equal', 'severe')] }],
    ['a not that can hold', { not: leaf('openRedFlagQuestions', 'equal', 0) }],
    ['the same value twice', { all: [leaf('signs.redness', 'equal', 'mild'), leaf('signs.redness', 'in', ['mild', 'moderate'])] }],
  ])('%s: no diagnostic', (_name, conditions) => {
    const screening = JSON.stringify(conditions).includes('medications.');
    const found = screening ? diagnoseScreening(conditions) : diagnose(conditions);
    expect(found.map((diagnostic) => diagnostic.code)).toEqual([]);
  });

  it('finds none in the built-in rules', () => {
    expect(validateRuleSet(builtinRuleSet).diagnostics.filter((diagnostic) => diagnostic.code === 'never-fires')).toEqual([]);
  });

  it('claims "never" only when no answer fires the rule (property: a rule it accepts can be tried; a rule it refuses never fires)', () => {
    const redness = ['none', 'mild', 'moderate', 'severe'] as const;
    const comparison = fc.oneof(
      fc.record({
        fact: fc.constant('signs.redness'),
        operator: fc.constant('equal'),
        value: fc.constantFrom<unknown>('mild', 'severe', null),
      }),
      fc.record({
        fact: fc.constant('signs.redness'),
        operator: fc.constant('in'),
        value: fc.constantFrom<unknown>(['mild', 'none'], [], [null], ['severe']),
      }),
      fc.record({
        fact: fc.constant('hoursSinceTreatment'),
        operator: fc.constantFrom('lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'equal'),
        value: fc.constantFrom(-1, 0, 6, 48, 48.5, 100),
      }),
    );
    fc.assert(
      fc.property(fc.array(comparison, { minLength: 1, maxLength: 4 }), (leaves) => {
        const refused = diagnose({ all: leaves }).some(
          (diagnostic) => diagnostic.code === 'never-fires' && diagnostic.severity === 'error',
        );
        const values: (string | null)[] = [...redness, null];
        const hours: (number | null)[] = [0, 3, 6, 7, 48, 48.25, 48.5, 49, 100, 101, 5000, null];
        const fires = values.some((value) =>
          hours.some((hour) =>
            leaves.every((condition) => {
              const fact = condition.fact === 'signs.redness' ? value : hour;
              const list = Array.isArray(condition.value) ? (condition.value as unknown[]) : [condition.value];
              if (fact === null) return (condition.operator === 'equal' || condition.operator === 'in') && list.includes(null);
              switch (condition.operator) {
                case 'equal':
                  return fact === condition.value;
                case 'in':
                  return list.includes(fact);
                case 'lessThan':
                  return (fact as number) < (condition.value as number);
                case 'lessThanInclusive':
                  return (fact as number) <= (condition.value as number);
                case 'greaterThan':
                  return (fact as number) > (condition.value as number);
                default:
                  return (fact as number) >= (condition.value as number);
              }
            }),
          ),
        );
        expect(refused).toBe(!fires);
      }),
      { numRuns: 300 },
    );
  });
});
