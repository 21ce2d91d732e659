import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './support/run-cli.js';
import { builtinRuleSet, composeRuleSets, createTriage } from '../src/index.js';
import { minimalRule } from './support/rule-sets.js';

const run = (argv: string[], stdin = ''): Promise<CliRun> => runCli(argv, { stdin });

function tempDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mt-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const ruleFile = (...rules: Record<string, unknown>[]) => ({ id: 'clinic', version: '1.0.0', kind: 'assessment', title: 'Clinic', rules });
const feverRule = minimalRule('clinic.any-warmth', { all: [{ fact: 'signs.warmth', operator: 'in', value: ['mild-local'] }] });

describe('lint', () => {
  it('reports errors with their file and path and exits 1; --json gives the diagnostics', async () => {
    const dir = tempDir({
      'clinic.json': ruleFile(minimalRule('clinic.typo', { all: [{ fact: 'signs.rednesTrend', operator: 'equal', value: 'worsening' }] })),
    });
    const text = await run(['lint', dir]);
    expect(text.code).toBe(1);
    expect(text.out).toContain(
      "clinic.json:rules.0.conditions.all.0.fact  error [unknown-fact] 'signs.rednesTrend' is not a fact the input produces (did you mean 'signs.rednessTrend'?)",
    );
    const json = await run(['lint', '--json', dir]);
    expect(JSON.parse(json.out)).toMatchObject({ errors: 1, diagnostics: [{ code: 'unknown-fact' }] });
  });

  it('lints the built-in rules clean, and a standalone directory on its own', async () => {
    expect(await run(['lint'])).toMatchObject({ code: 0, out: '0 errors, 0 warnings in the built-in rules\n' });
    const standalone = tempDir({
      'manifest.json': { id: 'x', version: '1.0.0', base: 'none', files: ['clinic.json'] },
      'clinic.json': ruleFile(feverRule),
    });
    expect((await run(['lint', standalone])).out).toContain('missing-file');
  });

  it('warns about a disabled id that does not exist', async () => {
    const dir = tempDir({ 'clinic.json': { ...ruleFile(feverRule), disable: ['no.such.rule'] } });
    const result = await run(['lint', dir]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("warning [unknown-rule] 'no.such.rule' is disabled");
  });

  it('exits 2 for an unreadable directory or invalid JSON in it', async () => {
    expect((await run(['lint', '/no/such/dir'])).code).toBe(2);
    expect((await run(['lint', tempDir({ 'bad.json': '{ nope' })])).err).toContain('is not valid JSON');
  });
});

describe('--rules for assess and screen', () => {
  it('layers a directory over the built-in rules', async () => {
    const dir = tempDir({ 'clinic.json': ruleFile(feverRule) });
    const { code, out } = await run(
      ['assess', '--json', '--rules', dir, '-'],
      JSON.stringify({ hoursSinceTreatment: 30, signs: { warmth: 'mild-local' } }),
    );
    expect(code).toBe(0);
    const assessment = JSON.parse(out) as { reasons: { ruleId: string }[]; ruleSet: { layers: { id: string }[] } };
    expect(assessment.reasons.map((reason) => reason.ruleId)).toContain('clinic.any-warmth');
    expect(assessment.ruleSet.layers.map((layer) => layer.id)).toEqual(['microneedling-triage', dirName(dir)]);
  });

  it('reports an invalid rule directory as bad input with every diagnostic', async () => {
    const dir = tempDir({ 'clinic.json': ruleFile(minimalRule('clinic.bad', { any: [] })) });
    const { code, err } = await run(['screen', '--rules', dir, '-'], '{}');
    expect(code).toBe(2);
    expect(err).toContain('Invalid rule set:');
    expect(err).toContain('[empty-group]');
  });
});

describe('test, diff, mutate, catalog, schema', () => {
  const cases = tempDir({
    'a.cases.yaml':
      'now: 2026-03-10T12:00:00Z\ncases:\n  - name: fever\n    input: { hoursSinceTreatment: 30, signs: { fever: true } }\n    expect: { level: urgent }\n',
    'sub/b.cases.json': {
      kind: 'screening',
      cases: [{ name: 'pregnant', input: { conditions: { pregnant: true } }, expect: { decision: 'proceed' } }],
    },
    'ignored.json': { not: 'a case file' },
    'inputs.ndjson': `${JSON.stringify({ hoursSinceTreatment: 30, signs: { redness: 'mild' } })}\n\n${JSON.stringify({ name: 'named', kind: 'screening', input: {}, expect: { minDecision: 'proceed-with-caution' } })}\n`,
  });

  it('runs a directory of case files (YAML and JSON, recursively), explains failures and exits 1', async () => {
    const { code, out } = await run(['test', cases]);
    expect(code).toBe(1);
    expect(out).toContain('✓ fever');
    expect(out).toContain('✗ pregnant');
    expect(out).toContain("decision: expected 'proceed', got 'postpone'");
    expect(out).toContain('rule contraindications.pregnancy [postpone] fired');
    expect(out).toContain('1 passed, 1 failed');
  });

  it('prints JSON, JUnit, and coverage with a threshold', async () => {
    const json = JSON.parse((await run(['test', '--json', join(cases, 'a.cases.yaml')])).out) as { passed: number; failed: number };
    expect(json).toMatchObject({ passed: 1, failed: 0 });
    expect((await run(['test', '--junit', cases])).out).toContain('<failure message="decision: expected');
    const coverage = await run(['test', '--coverage', '--coverage-threshold', '50', join(cases, 'a.cases.yaml')]);
    expect(coverage.code).toBe(1);
    expect(coverage.out).toContain('rules seen firing and not firing:');
    expect(coverage.err).toContain('Coverage below the threshold of 50%');
    expect((await run(['test', '--coverage', '--json', join(cases, 'a.cases.yaml')])).out).toContain('"coverage"');
  });

  it('reads NDJSON inputs with or without expectations', async () => {
    const { code, out } = await run(['test', join(cases, 'inputs.ndjson')]);
    expect(code).toBe(0);
    expect(out).toContain(`✓ ${join(cases, 'inputs.ndjson')}:1`);
    expect(out).toContain('✓ named');
  });

  it.each([
    [['test'], 64],
    [['test', '--coverage-threshold', '150', 'x'], 64],
    [['test', '/no/such/cases'], 2],
    [['diff', '--base', 'rules'], 64],
    [['mutate'], 64],
    [['mutate', '--cases', 'x', '--min-score', 'high'], 64],
    [['schema'], 64],
    [['schema', 'nope'], 64],
    [['catalog', 'extra'], 64],
    [['lint', 'a', 'b'], 64],
  ])('%j exits %i', async (argv, code) => {
    expect((await run(argv)).code).toBe(code);
  });

  it('rejects malformed case files and NDJSON lines with a clear message', async () => {
    const bad = tempDir({
      'x.cases.json': { cases: [{ name: 'x', input: {}, expect: { lvl: 'urgent' } }] },
      'y.ndjson': '{"input": {}, "expect": {"level": "scary"}}\n',
      'z.cases.yaml': 'cases: [\n',
      'w.ndjson': '{ not json\n',
    });
    expect((await run(['test', join(bad, 'x.cases.json')])).err).toContain('is not a valid case file');
    expect((await run(['test', join(bad, 'y.ndjson')])).err).toContain("y.ndjson:1 has an invalid 'expect'");
    expect((await run(['test', join(bad, 'z.cases.yaml')])).err).toContain('cannot be parsed');
    expect((await run(['test', join(bad, 'w.ndjson')])).err).toContain('w.ndjson:1 is not valid JSON');
  });

  it('diffs two rule directories as JSON, with an approvals list', async () => {
    const head = tempDir({
      'clinic.json': {
        ...ruleFile(feverRule),
        disable: ['timeline.gridding.past-36h'],
        acknowledgedLowerings: [{ rule: 'timeline.gridding.past-36h', why: 'Written for a test.', approvedBy: 'The test suite' }],
      },
    });
    const approvals = tempDir({ 'approvals.json': ['gridded'] });
    // Every other answer given (the golden corpus's all-clear base), so that only the gridding rule decides.
    const { bases } = JSON.parse(readFileSync('test/golden/boundaries.cases.json', 'utf8')) as { bases: Record<string, unknown> };
    const gridded = { hoursSinceTreatment: 40, signs: { redness: 'mild', gridding: true, warmth: 'none' }, treatment: { device: 'rf' } };
    const corpus = tempDir({
      'c.cases.json': { bases, cases: [{ name: 'gridded', base: 'all-clear', input: gridded, expect: { level: 'monitor' } }] },
    });
    const failing = await run([
      'diff',
      '--json',
      '--base',
      'rules',
      '--head',
      head,
      '--cases',
      join(corpus, 'c.cases.json'),
      '--now',
      '2026-03-10T12:00:00Z',
    ]);
    expect(failing.code).toBe(1);
    expect(JSON.parse(failing.out)).toMatchObject({
      passed: false,
      rules: { removed: ['timeline.gridding.past-36h'], added: ['clinic.any-warmth'] },
    });
    const approved = await run([
      'diff',
      '--base',
      'rules',
      '--head',
      head,
      '--cases',
      join(corpus, 'c.cases.json'),
      '--approve',
      join(approvals, 'approvals.json'),
    ]);
    expect(approved.code).toBe(0);
    expect(approved.out).toContain('DOWN (approved)');
    expect((await run(['diff', '--base', 'rules', '--head', head, '--cases', corpus, '--approve', '/no/file'])).code).toBe(2);
    expect(
      (await run(['diff', '--base', 'rules', '--head', head, '--cases', corpus, '--approve', join(corpus, 'c.cases.json')])).code,
    ).toBe(2);
  });

  it('mutates only the chosen rules and fails below --min-score', async () => {
    const dir = tempDir({ 'clinic.json': ruleFile(feverRule) });
    const corpus = tempDir({
      'c.cases.json': {
        cases: [
          { name: 'warm', input: { hoursSinceTreatment: 30, signs: { warmth: 'mild-local' } }, expect: { fired: ['clinic.any-warmth'] } },
        ],
      },
    });
    const text = await run(['mutate', '--rules', dir, '--cases', corpus, '--only', 'clinic.', '--min-score', '100']);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^Mutants: \d+, killed \d+, survived \d+/);
    expect(text.out).toContain('clinic.any-warmth  [grade]');
    const json = JSON.parse((await run(['mutate', '--json', '--rules', dir, '--cases', corpus, '--only', 'clinic.'])).out) as {
      total: number;
    };
    expect(json.total).toBeGreaterThan(0);
  });

  it('prints the catalog of a layered rule set, and JSON Schemas', async () => {
    const dir = tempDir({ 'clinic.json': ruleFile(feverRule) });
    expect((await run(['catalog', '--rules', dir])).out).toContain('### clinic.any-warmth');
    expect((await run(['catalog'])).out).toContain('### red-flags.blisters');
    expect(JSON.parse((await run(['schema', 'assessment'])).out)).toMatchObject({
      title: expect.stringContaining('assessment') as unknown,
    });
  });
});

describe('composeRuleSets', () => {
  it('replaces files by name and rules by id, and records where each file came from', () => {
    const layer = {
      id: 'clinic',
      version: '2.0.0',
      files: {
        'advice.json': builtinRuleSet.files['advice.json'],
        'extra.json': {
          ...ruleFile({ ...feverRule, id: 'timeline.gridding.past-36h' }),
          acknowledgedLowerings: [{ rule: 'timeline.gridding.past-36h', why: 'Written for a test.', approvedBy: 'The test suite' }],
        },
      },
    };
    const { source, provenance } = composeRuleSets(builtinRuleSet, [layer]);
    expect(source.id).toBe('microneedling-triage+clinic');
    expect(source.version).toBe(`${builtinRuleSet.version}+2.0.0`);
    expect(provenance.origins['advice.json']).toBe('clinic');
    expect(provenance.origins['timeline.json']).toBe('microneedling-triage');
    const timeline = source.files['timeline.json'] as { rules: { id: string }[] };
    expect(timeline.rules.map((rule) => rule.id)).not.toContain('timeline.gridding.past-36h');
    expect(createTriage({ ruleSets: [layer] }).rules.find((rule) => rule.id === 'timeline.gridding.past-36h')?.file).toBe('extra.json');
  });

  it('needs a base or a layer', () => {
    expect(() => composeRuleSets(undefined, [])).toThrow(/base or at least one layer/);
    expect(() => createTriage({ ruleSet: null })).toThrow(/no rules to run/);
  });
});

function dirName(dir: string): string {
  return dir.split(/[\\/]/).at(-1) ?? dir;
}
