import { describe, expect, it } from 'vitest';
import { builtinRuleSet, createTriage, RuleSetError, validateRuleSet } from '../src/index.js';
import { readFileSync } from 'node:fs';
import { cloneJson, minimalRule, withExtraRule } from './support/rule-sets.js';

const fullyAnswered: unknown = JSON.parse(readFileSync(new URL('../examples/checkins/day-2-normal.json', import.meta.url), 'utf8'));

const diagnose = (...rules: Record<string, unknown>[]) => validateRuleSet(withExtraRule(builtinRuleSet, ...rules)).diagnostics;
const leaf = (fact: string, operator: string, value: unknown) => ({ all: [{ fact, operator, value }] });

describe('validateRuleSet', () => {
  it('finds nothing wrong with the built-in rules (no errors, no warnings)', () => {
    expect(validateRuleSet(builtinRuleSet).diagnostics).toEqual([]);
  });

  it('catches a misspelt fact and suggests the right one', () => {
    const [diagnostic] = diagnose(minimalRule('custom.typo', leaf('signs.rednesTrend', 'equal', 'worsening')));
    expect(diagnostic).toMatchObject({
      code: 'unknown-fact',
      severity: 'error',
      file: 'custom.json',
      path: 'rules.0.conditions.all.0.fact',
    });
    expect(diagnostic?.message).toContain("did you mean 'signs.rednessTrend'");
  });

  it('catches an unknown operator', () => {
    expect(diagnose(minimalRule('custom.op', leaf('signs.fever', 'equals', true)))[0]).toMatchObject({
      code: 'unknown-operator',
      path: 'rules.0.conditions.all.0.operator',
    });
  });

  it('catches a value of the wrong type for the fact', () => {
    expect(diagnose(minimalRule('custom.type', leaf('hoursSinceTreatment', 'greaterThan', '48')))[0]).toMatchObject({ code: 'value-type' });
    expect(diagnose(minimalRule('custom.enum', leaf('signs.redness', 'equal', 'very')))[0]).toMatchObject({ code: 'value-type' });
    expect(diagnose(minimalRule('custom.bool', leaf('signs.fever', 'equal', 'yes')))[0]).toMatchObject({ code: 'value-type' });
    expect(diagnose(minimalRule('custom.numeric-op', leaf('signs.redness', 'greaterThan', 2)))[0]).toMatchObject({ code: 'value-type' });
    expect(diagnose(minimalRule('custom.list', leaf('treatment.adjuncts', 'equal', 'prp')))[0]).toMatchObject({ code: 'value-type' });
  });

  it('catches negations over facts that may be unanswered', () => {
    expect(diagnose(minimalRule('custom.ne', leaf('signs.discharge', 'notEqual', 'none')))[0]).toMatchObject({ code: 'negated-unknown' });
    expect(diagnose(minimalRule('custom.ni', leaf('signs.discharge', 'notIn', ['none'])))[0]).toMatchObject({ code: 'negated-unknown' });
    expect(diagnose(minimalRule('custom.not', { not: { fact: 'signs.fever', operator: 'equal', value: true } }))[0]).toMatchObject({
      code: 'negated-unknown',
      path: 'rules.0.conditions.not',
    });
  });

  it('allows a negation over a fact that is always known', () => {
    expect(diagnose(minimalRule('custom.known', leaf('openRedFlagQuestions', 'notEqual', 0)))).toEqual([]);
  });

  it('catches empty groups and nodes with both all and any', () => {
    expect(diagnose(minimalRule('custom.empty', { any: [] }))[0]).toMatchObject({ code: 'empty-group', path: 'rules.0.conditions.any' });
    const mixed = diagnose(minimalRule('custom.mixed', { all: [{ all: [], any: [] }] }));
    expect(mixed[0]).toMatchObject({ code: 'mixed-node', path: 'rules.0.conditions.all.0' });
  });

  it('catches duplicate rule ids across files', () => {
    expect(diagnose(minimalRule('red-flags.blisters', leaf('signs.fever', 'equal', true)))).toContainEqual(
      expect.objectContaining({ code: 'duplicate-rule-id', file: 'custom.json' }),
    );
  });

  it('catches a level outside the contract and a missing source', () => {
    const badLevel = minimalRule('custom.level', leaf('signs.fever', 'equal', true));
    (badLevel['event'] as { params: { level: string } }).params.level = 'emergency';
    expect(diagnose(badLevel)[0]).toMatchObject({ code: 'invalid-level', path: 'rules.0.event.params.level' });
    const noSource = { ...minimalRule('custom.source', leaf('signs.fever', 'equal', true)), sources: [] };
    expect(diagnose(noSource)[0]).toMatchObject({ code: 'missing-source', path: 'rules.0.sources' });
  });

  it('refuses a rule whose ranges can never hold (a rule that can never fire is an error; see never-fires.test.ts)', () => {
    const impossible = minimalRule('custom.never', {
      all: [
        { fact: 'hoursSinceTreatment', operator: 'greaterThan', value: 336 },
        { fact: 'hoursSinceTreatment', operator: 'lessThan', value: 100 },
      ],
    });
    expect(diagnose(impossible)[0]).toMatchObject({ code: 'never-fires', severity: 'error' });
    expect(diagnose(minimalRule('custom.fitz', leaf('patient.fitzpatrick', 'greaterThan', 6)))[0]).toMatchObject({ code: 'never-fires' });
  });

  it('rejects null except with equal or in', () => {
    expect(diagnose(minimalRule('custom.null', leaf('signs.fever', 'notEqual', null)))).toContainEqual(
      expect.objectContaining({ code: 'null-value' }),
    );
  });

  it('rejects a file of unknown kind', () => {
    const source = { ...builtinRuleSet, files: { ...builtinRuleSet.files, 'odd.json': { kind: 'magic' } } };
    expect(validateRuleSet(source).diagnostics[0]).toMatchObject({ code: 'unknown-kind', file: 'odd.json' });
  });

  it('makes createTriage fail at start-up with every diagnostic', () => {
    const broken = withExtraRule(
      builtinRuleSet,
      minimalRule('custom.a', leaf('signs.fevr', 'equal', true)),
      minimalRule('custom.b', { any: [] }),
    );
    let error: unknown;
    try {
      createTriage({ ruleSet: broken });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RuleSetError);
    expect((error as RuleSetError).diagnostics.map((diagnostic) => diagnostic.code).sort()).toEqual(['empty-group', 'unknown-fact']);
    expect((error as RuleSetError).message).toContain('custom.json:rules.0.conditions.all.0.fact');
  });

  it('changes the content hash when any threshold changes', () => {
    const edited = cloneJson(builtinRuleSet);
    const timeline = edited.files['timeline.json'] as { rules: { conditions: { all: { value: unknown }[] } }[] };
    const firstCondition = timeline.rules[0]?.conditions.all[1];
    if (firstCondition) firstCondition.value = 7;
    expect(createTriage({ ruleSet: edited }).ruleSet.hash).not.toBe(createTriage().ruleSet.hash);
    expect(createTriage({ ruleSet: cloneJson(builtinRuleSet) }).ruleSet.hash).toBe(createTriage().ruleSet.hash);
  });
});

describe('validateRuleSet: derivations, questions and files', () => {
  const withFile = (name: string, content: unknown) => ({ ...builtinRuleSet, files: { ...builtinRuleSet.files, [name]: content } });
  const derivationFile = (derive: unknown) => ({ id: 'bands', version: '1.0.0', kind: 'assessment', title: 'Bands', derive, rules: [] });
  const band = { description: 'x', sources: [{ document: 'd', section: 's' }] };

  it('checks band derivations: target, source and values', () => {
    const codes = (derive: unknown) =>
      validateRuleSet(withFile('bands.json', derivationFile(derive))).diagnostics.map(
        (diagnostic) => `${diagnostic.code} ${diagnostic.path}`,
      );
    expect(codes([{ ...band, fact: 'signs.redness', from: 'treatment.depthMm', bands: [{ value: 'mild' }] }])).toEqual([
      'invalid-derivation derive.0.fact',
    ]);
    expect(codes([{ ...band, fact: 'treatment.depth', from: 'signs.redness', bands: [{ value: 'deep' }] }])).toEqual([
      'invalid-derivation derive.0.from',
    ]);
    expect(codes([{ ...band, fact: 'treatment.depth', from: 'treatment.depthMm', bands: [{ value: 'abyssal' }] }])).toEqual([
      'value-type derive.0.bands.0.value',
    ]);
  });

  it('checks that questions name real facts, and warns about facts without a question', () => {
    const questions = {
      id: 'q2',
      version: '1.0.0',
      kind: 'questions',
      title: 'More',
      questions: [{ fact: 'signs.fevr', patient: 'p', clinician: 'c' }],
    };
    expect(validateRuleSet(withFile('q2.json', questions)).diagnostics).toContainEqual(
      expect.objectContaining({ code: 'unknown-fact', path: 'questions.0.fact' }),
    );
    const keloid = diagnose(minimalRule('custom.actives', leaf('exposures.activesResumed', 'contains', 'retinoid')));
    expect(keloid).toEqual([expect.objectContaining({ code: 'no-question', severity: 'warning' })]);
  });

  it('requires an advice file', () => {
    const files = Object.fromEntries(Object.entries(builtinRuleSet.files).filter(([name]) => name !== 'advice.json'));
    expect(() => createTriage({ ruleSet: { ...builtinRuleSet, files } })).toThrow(/no 'advice' file/);
  });

  it('reports format errors with their paths and readable messages', () => {
    const broken = { id: 'Bad Id', version: 'one', kind: 'assessment', title: 'x', rules: [{ id: 'x' }], extra: true };
    const diagnostics = validateRuleSet(withFile('broken.json', broken)).diagnostics;
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(expect.arrayContaining(['invalid-id', 'unknown-key', 'schema']));
    expect(diagnostics.find((diagnostic) => diagnostic.code === 'unknown-key')?.path).toBe('extra');
  });
});

describe('rule sets without questions, and rules with negations on known facts', () => {
  it('still lists missing questions, with a generic text', async () => {
    const files = Object.fromEntries(Object.entries(builtinRuleSet.files).filter(([name]) => name !== 'questions.json'));
    const assessment = await createTriage({ ruleSet: { ...builtinRuleSet, files } }).assess({ hoursSinceTreatment: 30 });
    expect(assessment.missing[0]?.question.patient).toMatch(/^Please answer: signs\./);
  });

  it("explains a rule that fired through a 'not' on a fact that is always known", async () => {
    const rule = minimalRule('custom.nothing-open', { not: { fact: 'openRedFlagQuestions', operator: 'greaterThan', value: 0 } });
    const assessment = await createTriage({ ruleSet: withExtraRule(builtinRuleSet, rule) }).assess(fullyAnswered);
    const reason = assessment.reasons.find((candidate) => candidate.ruleId === 'custom.nothing-open');
    expect(reason?.matched).toEqual([{ fact: 'openRedFlagQuestions', operator: 'greaterThan', expected: 0, observed: 0, negated: true }]);
  });
});
