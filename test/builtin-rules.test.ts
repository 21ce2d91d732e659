import { describe, expect, it } from 'vitest';
import { builtinRuleSet, createTriage, isRuleSetError } from '../src/index.js';
import { builtinParsed } from '../src/rules/builtin-rules.js';
import { BUILTIN_RULES_HASH } from '../src/rules/builtin-hash.js';
import { ruleSetHash } from '../src/rules/load-rule-set.js';
import { validateSource } from '../src/rules/validate-rule-set.js';

/*
 * createTriage() uses the built-in rules without validating or hashing them at start-up. These
 * tests are that validation: if one fails, the built-in rules changed without it.
 */
describe('the built-in rules, validated and hashed ahead of start-up', () => {
  it('validate with no error or warning, and parse to exactly what createTriage() uses', () => {
    const validation = validateSource(builtinRuleSet);
    expect(validation.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info')).toEqual([]);
    expect(builtinParsed()).toEqual(validation.parsed);
  });

  it('have the recorded content hash (run `npm run rules:hash` after changing them)', () => {
    expect(ruleSetHash(builtinRuleSet)).toBe(BUILTIN_RULES_HASH);
    expect(createTriage().ruleSet.hash).toBe(BUILTIN_RULES_HASH);
  });

  it('give the same rule set whether trusted or validated (a copy is validated in full)', () => {
    const copy = structuredClone(builtinRuleSet);
    const trusted = createTriage();
    const validated = createTriage({ ruleSet: copy });
    expect(validated.ruleSet).toEqual(trusted.ruleSet);
    expect(validated.rules).toEqual(trusted.rules);
  });

  it('are frozen all the way down, so what was validated is what runs', () => {
    const file = builtinRuleSet.files['red-flags.json'] as { rules: { event: { params: { level: string } } }[] };
    expect(Object.isFrozen(builtinRuleSet.files)).toBe(true);
    expect(() => {
      (file.rules[0] as { event: { params: { level: string } } }).event.params.level = 'expected';
    }).toThrow(TypeError);
    expect(file.rules[0]?.event.params.level).not.toBe('expected');
  });

  it('a broken copy of them is still refused', () => {
    const copy = structuredClone(builtinRuleSet) as { files: Record<string, { rules: { event: { params: Record<string, unknown> } }[] }> };
    const first = copy.files['red-flags.json']?.rules[0];
    if (first === undefined) throw new Error('no rule');
    first.event.params['level'] = 'catastrophic';
    let error: unknown;
    try {
      createTriage({ ruleSet: copy as never });
    } catch (caught) {
      error = caught;
    }
    expect(isRuleSetError(error)).toBe(true);
  });
});
