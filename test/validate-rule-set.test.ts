import { describe, expect, it } from 'vitest';
import { builtinRuleSet, createTriage, RuleSetError, validateRuleSet, type RuleSetSource } from '../src/index.js';
import { cloneJson, minimalRule, withExtraRule } from './support/rule-sets.js';

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

  it('lets rules test the open-question counter only in ways the open-question analysis can trust', () => {
    const codes = (rule: Record<string, unknown>) => diagnose(rule).map((diagnostic) => diagnostic.code);
    expect(codes(minimalRule('custom.counter', leaf('openRedFlagQuestions', 'greaterThan', 2)))).toEqual([]);
    expect(codes(minimalRule('custom.counter', leaf('openRedFlagQuestions', 'greaterThanInclusive', 1)))).toEqual([]);
    // Each of these holds when fewer questions are open, so it would fire once a question is answered.
    for (const [operator, value] of [
      ['notEqual', 0],
      ['equal', 0],
      ['in', [0, 1]],
      ['lessThan', 1],
      ['lessThanInclusive', 3],
      ['greaterThan', -1],
    ] as const) {
      expect(codes(minimalRule('custom.counter', leaf('openRedFlagQuestions', operator, value))), `${operator} ${String(value)}`).toContain(
        'counter-comparison',
      );
    }
    const negated = minimalRule('custom.counter', { not: { fact: 'openRedFlagQuestions', operator: 'greaterThan', value: 0 } });
    expect(codes(negated)).toContain('counter-comparison');
  });

  it('refuses a rule that holds the floor and tests the counter (it would count itself as an open question)', () => {
    const counted = leaf('openRedFlagQuestions', 'greaterThan', 0);
    const flagged = { ...minimalRule('custom.flagged', counted), redFlag: true };
    const contact = minimalRule('custom.contact', counted);
    (contact['event'] as { params: { level: string } }).params.level = 'contact-provider';
    expect(diagnose(flagged).map((diagnostic) => diagnostic.code)).toEqual(['counter-in-flagged-rule']);
    expect(diagnose(contact).map((diagnostic) => diagnostic.code)).toEqual(['counter-in-flagged-rule']);
    const screening = validateRuleSet({
      ...builtinRuleSet,
      files: {
        ...builtinRuleSet.files,
        'extra.json': {
          id: 'extra',
          version: '1.0.0',
          kind: 'screening',
          title: 'Extra',
          rules: [
            {
              id: 'extra.blocked',
              description: 'A rule written for a test.',
              sources: [{ document: '000_0b1d4838d8cb8315.txt', section: 'test' }],
              conditions: { all: [{ fact: 'openBlockingQuestions', operator: 'lessThan', value: 1 }] },
              event: { type: 'screening', params: { decision: 'proceed', message: { clinician: 'x', patient: 'x' } } },
            },
          ],
        },
      },
    });
    expect(screening.diagnostics.map((diagnostic) => diagnostic.code)).toContain('counter-comparison');
  });

  it('requires one floor rule per kind, above the lowest grade and below its reach, that tests the counter', () => {
    const redFlags = cloneJson(builtinRuleSet.files['red-flags.json']) as { rules: Record<string, unknown>[] };
    const codes = (change: (floor: Record<string, unknown>) => void): string[] => {
      const copy = cloneJson(redFlags);
      const floor = copy.rules[0];
      if (floor === undefined) throw new Error('no floor rule');
      change(floor);
      return validateRuleSet({ ...builtinRuleSet, files: { ...builtinRuleSet.files, 'red-flags.json': copy } }).diagnostics.map(
        (diagnostic) => diagnostic.code,
      );
    };
    expect(codes(() => undefined)).toEqual([]);
    expect(
      codes((floor) => {
        delete floor['floor'];
      }),
    ).toEqual(['missing-floor']);
    expect(
      codes((floor) => {
        (floor['event'] as { params: { level: string } }).params.level = 'expected';
      }),
    ).toEqual(['floor-level']);
    expect(
      codes((floor) => {
        floor['floor'] = { reach: 'monitor' };
      }),
    ).toEqual(['floor-level']);
    expect(
      codes((floor) => {
        floor['redFlag'] = true;
      }),
    ).toContain('floor-marked');
    expect(
      codes((floor) => {
        floor['conditions'] = leaf('signs.fever', 'equal', true);
      }),
    ).toEqual(['floor-without-counter']);
    const second = { ...minimalRule('custom.second-floor', leaf('openRedFlagQuestions', 'greaterThan', 3)), floor: { reach: 'urgent' } };
    expect(diagnose(second).map((diagnostic) => diagnostic.code)).toEqual(['duplicate-floor']);
  });

  it('requires every cited document to be in the source registry, once', () => {
    const rule = {
      ...minimalRule('custom.unregistered', leaf('signs.fever', 'equal', true)),
      sources: [{ document: 'nowhere.txt', section: 's' }],
    };
    expect(diagnose(rule)).toEqual([
      {
        code: 'unknown-source',
        severity: 'error',
        file: 'custom.json',
        path: 'rules.0.sources.0.document',
        message: "'nowhere.txt' is not in the source registry: add it to a 'sources' file with its title",
      },
    ]);
    const registry = builtinRuleSet.files['sources.json'];
    const twice = validateRuleSet({ ...builtinRuleSet, files: { ...builtinRuleSet.files, 'more-sources.json': registry } });
    expect(twice.diagnostics.map(({ code, file }) => [code, file])).toContainEqual(['duplicate-source', 'more-sources.json']);
    const { 'sources.json': _registry, ...withoutRegistry } = builtinRuleSet.files;
    const unregistered = validateRuleSet({ ...builtinRuleSet, files: withoutRegistry }).diagnostics;
    expect(unregistered.length).toBeGreaterThan(100);
    expect(new Set(unregistered.map((diagnostic) => diagnostic.code))).toEqual(new Set(['unknown-source']));
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
  const band = { description: 'x', sources: [{ document: '000_0b1d4838d8cb8315.txt', section: 's' }] };

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

  it('checks that questions name real facts, and refuses a tested fact without a declared role', () => {
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
    const actives = diagnose(minimalRule('custom.actives', leaf('exposures.activesResumed', 'contains', 'retinoid')));
    expect(actives).toEqual([expect.objectContaining({ code: 'no-role', severity: 'error', path: 'rules.0.conditions' })]);
  });

  it('checks each declared role against its fact, and requires a source for every modifier a rule tests', () => {
    const withRoles = (roles: Record<string, unknown>) =>
      withFile('roles.json', {
        id: 'roles',
        version: '1.0.0',
        kind: 'questions',
        title: 'Roles',
        questions: Object.entries(roles).map(([fact, role]) => ({ fact, patient: 'p', clinician: 'c', role })),
      });
    const codes = (source: RuleSetSource) => validateRuleSet(source).diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message]);
    expect(codes(withRoles({ 'signs.redness': { concern: ['none', 'mild', 'severe'] } }))).toEqual([
      ['invalid-role', `'signs.redness': the order of concern must list each value once (missing "moderate")`],
    ]);
    expect(codes(withRoles({ 'signs.fever': { concern: [true, 'yes'] } }))).toEqual([
      ['invalid-role', `'signs.fever': the order of concern must list each value once (missing false; not values of the fact: "yes")`],
    ]);
    expect(codes(withRoles({ 'signs.pain': { concern: 'lower' } }))[0]?.[0]).toBe('invalid-role');
    expect(codes(withRoles({ 'treatment.adjuncts': { concern: ['prp', 'serum'] } }))[0]?.[0]).toBe('invalid-role');
    expect(codes(withRoles({ 'signs.redness': 'time' }))[0]?.[0]).toBe('invalid-role');
    const modifier = minimalRule('custom.depth', leaf('treatment.depth', 'equal', 'deep'));
    expect(diagnose(modifier).map((diagnostic) => diagnostic.code)).toEqual(['modifier-without-source']);
    const explained = {
      ...modifier,
      sources: [{ document: '000_0b1d4838d8cb8315.txt', section: 'Deeper procedures', explains: ['treatment.depth'] }],
    };
    expect(diagnose(explained)).toEqual([]);
    const stray = {
      ...modifier,
      sources: [{ document: '000_0b1d4838d8cb8315.txt', section: 's', explains: ['treatment.depth', 'signs.fever'] }],
    };
    expect(diagnose(stray).map((diagnostic) => [diagnostic.code, diagnostic.severity])).toEqual([['explains-unused', 'warning']]);
  });

  it('requires an advice file', () => {
    const files = Object.fromEntries(
      Object.entries(builtinRuleSet.files).filter(([name]) => name !== 'advice.json' && name !== 'screening-advice.json'),
    );
    expect(() => createTriage({ ruleSet: { ...builtinRuleSet, files } })).toThrow(/no 'advice' file/);
  });

  it('requires the wording of every screening decision, with its date placeholder where a date is given', () => {
    const advice = builtinRuleSet.files['screening-advice.json'] as { decisions: Record<string, Record<string, unknown>> };
    const without = Object.fromEntries(Object.entries(builtinRuleSet.files).filter(([name]) => name !== 'screening-advice.json'));
    expect(validateRuleSet({ ...builtinRuleSet, files: without }).diagnostics).toContainEqual(
      expect.objectContaining({ code: 'missing-file', message: expect.stringContaining("'decisions'") as unknown }),
    );
    expect(() => createTriage({ ruleSet: { ...builtinRuleSet, files: without } })).toThrow(/screening decision/);
    const { contraindicated: _dropped, ...three } = advice.decisions;
    expect(
      validateRuleSet(withFile('screening-advice.json', { ...advice, decisions: three })).diagnostics.map((diagnostic) => diagnostic.code),
    ).toContain('schema');
    const undated = {
      ...advice,
      decisions: {
        ...advice.decisions,
        postpone: {
          ...advice.decisions['postpone'],
          summaries: { waitUntil: { clinician: 'Postpone.', patient: 'Wait until after {date}.' } },
        },
        proceed: { ...advice.decisions['proceed'], actions: ['Come on {date}.'] },
      },
    };
    expect(
      validateRuleSet(withFile('screening-advice.json', undated)).diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.path}`),
    ).toEqual(['invalid-placeholder decisions.proceed.actions.0', 'invalid-placeholder decisions.postpone.summaries.waitUntil.clinician']);
  });

  it('reports format errors with their paths and readable messages', () => {
    const broken = { id: 'Bad Id', version: 'one', kind: 'assessment', title: 'x', rules: [{ id: 'x' }], extra: true };
    const diagnostics = validateRuleSet(withFile('broken.json', broken)).diagnostics;
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(expect.arrayContaining(['invalid-id', 'unknown-key', 'schema']));
    expect(diagnostics.find((diagnostic) => diagnostic.code === 'unknown-key')?.path).toBe('extra');
  });
});

describe('rule sets without questions', () => {
  it('are refused: every tested fact needs a question with a declared role, and every field an interview can ask its wording', () => {
    const files = Object.fromEntries(Object.entries(builtinRuleSet.files).filter(([name]) => name !== 'questions.json'));
    const diagnostics = validateRuleSet({ ...builtinRuleSet, files }).diagnostics;
    expect(diagnostics.length).toBeGreaterThan(10);
    expect(new Set(diagnostics.map((diagnostic) => diagnostic.code))).toEqual(new Set(['no-role', 'unworded-field']));
  });
});
