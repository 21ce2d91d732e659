import { describe, expect, it } from 'vitest';
import { evaluateTriState } from '../src/engine/tri-state.js';
import { compare } from '../src/engine/operators.js';
import { groupResult } from '../src/engine/evaluated-condition.js';

import type { LeafCondition } from '../src/rules/rule-set-schema.js';

const fever: LeafCondition = { fact: 'fever', operator: 'equal', value: true };
const hot: LeafCondition = { fact: 'warmth', operator: 'in', value: ['intense', 'spreading'] };

describe('three-valued evaluation', () => {
  it('an unknown leaf is unknown and names its fact', () => {
    expect(evaluateTriState({ all: [fever] }, { fever: null })).toEqual({ status: undefined, openFacts: ['fever'] });
  });

  it("'all' is false as soon as one child is false, whatever is unknown", () => {
    expect(evaluateTriState({ all: [fever, hot] }, { fever: null, warmth: 'none' })).toEqual({ status: false, openFacts: [] });
  });

  it("'any' is true as soon as one child is true", () => {
    expect(evaluateTriState({ any: [fever, hot] }, { fever: null, warmth: 'intense' })).toEqual({ status: true, openFacts: [] });
  });

  it("'any' with false and unknown children is unknown", () => {
    expect(evaluateTriState({ any: [fever, hot] }, { fever: null, warmth: 'none' })).toEqual({ status: undefined, openFacts: ['fever'] });
  });

  it('an empty group holds, whichever kind, as json-rules-engine and the evaluated trees decide', () => {
    expect(evaluateTriState({ any: [] }, {})).toEqual({ status: true, openFacts: [] });
    expect(evaluateTriState({ all: [] }, {})).toEqual({ status: true, openFacts: [] });
    expect(groupResult('any', [])).toBe(true);
    expect(groupResult('all', [])).toBe(true);
  });

  it("'not' flips known values and keeps unknown", () => {
    expect(evaluateTriState({ not: fever }, { fever: true }).status).toBe(false);
    expect(evaluateTriState({ not: fever }, { fever: false }).status).toBe(true);
    expect(evaluateTriState({ not: fever }, { fever: null }).status).toBeUndefined();
  });

  it('an explicit null in the rule matches an unanswered fact', () => {
    expect(compare('equal', null, null)).toBe(true);
    expect(compare('in', null, ['face', null])).toBe(true);
    expect(compare('in', 'body', ['face', null])).toBe(false);
    expect(compare('notEqual', null, 'none')).toBeUndefined();
  });

  it('numeric operators never hold for non-numbers', () => {
    expect(compare('greaterThan', '50', 48)).toBe(false);
    expect(compare('lessThan', true, 48)).toBe(false);
    expect(compare('lessThanInclusive', 48, 48)).toBe(true);
  });
});
