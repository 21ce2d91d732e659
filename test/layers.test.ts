import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRuleSet, createTriage, isRuleSetError, type Diagnostic, type RuleSetSource } from '../src/index.js';
import { checkLayerResults } from '../src/layer-results.js';
import { composeRuleSets } from '../src/rules/compose-rule-sets.js';
import { loadRuleSet } from '../src/rules/load-rule-set.js';
import { cloneJson, minimalRule } from './support/rule-sets.js';
import { runCli } from './support/run-cli.js';

/*
 * Issue 20: each layer that composed silently before, now refused with a diagnostic naming what
 * it changed; rule directories read only inside themselves; a content hash that does not depend
 * on the locale. The property over generated layers is in layer-property.test.ts.
 */

type Json = Record<string, unknown>;
const files = builtinRuleSet.files as Record<string, Json>;
const rulesOf = (file: Json): Json[] => file['rules'] as Json[];
const builtinRule = (id: string): Json => {
  const found = Object.values(files)
    .flatMap((file) => (Array.isArray(file['rules']) ? rulesOf(file) : []))
    .find((rule) => rule['id'] === id);
  if (found === undefined) throw new Error(`no rule ${id}`);
  return cloneJson(found);
};
const layer = (layerFiles: Record<string, unknown>): RuleSetSource => ({ id: 'clinic', version: '1.0.0', files: layerFiles });
const ruleFile = (kind: 'assessment' | 'screening', extra: Json): Json => ({
  id: 'clinic-file',
  version: '1.0.0',
  kind,
  title: 'Clinic changes',
  rules: [],
  ...extra,
});
const approval = (change: string): Json => ({ change, why: 'Written for a test.', approvedBy: 'The test suite', date: '2026-12-06' });

/** The error diagnostics when the layer is refused (none when it composes). */
function refusal(source: RuleSetSource): Diagnostic[] {
  try {
    createTriage({ ruleSets: [source] });
  } catch (error) {
    if (isRuleSetError(error)) return error.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    throw error;
  }
  return [];
}

const builtin = createTriage();
const pregnant = { conditions: { pregnant: true } };
const streaks = { hoursSinceTreatment: 72, signs: { redStreaks: true } };

describe('each layer of the issue is refused, with a diagnostic naming what it changed', () => {
  it('1. a screening rule taking a red flag id, and an assessment rule taking a contraindication id', async () => {
    expect((await builtin.assess(streaks)).level).toBe('urgent');
    expect((await builtin.screen(pregnant)).decision).toBe('postpone');
    const screening = { ...builtinRule('contraindications.pregnancy'), id: 'red-flags.red-streaks' };
    const assessment = { ...builtinRule('red-flags.red-streaks'), id: 'contraindications.pregnancy' };
    for (const [kind, rule, id] of [
      ['screening', screening, 'red-flags.red-streaks'],
      ['assessment', assessment, 'contraindications.pregnancy'],
    ] as const) {
      for (const acknowledged of [[], [approval(id)]])
        expect(refusal(layer({ 'clinic.json': ruleFile(kind, { rules: [rule], acknowledgedChanges: acknowledged }) }))).toContainEqual(
          expect.objectContaining({ code: 'rule-kind-changed', message: expect.stringContaining(`'${id}'`) as unknown }),
        );
    }
  });

  it.each([
    ['signs.rednessTrend', 'assessment', 'hoursSinceTreatment', 'improving'],
    ['signs.painTrend', 'assessment', 'hoursSinceTreatment', 'improving'],
    ['signs.swellingTrend', 'assessment', 'hoursSinceTreatment', 'improving'],
    ['plannedTreatment.depth', 'screening', 'patient.fitzpatrick', 'superficial'],
  ] as const)('2. a derivation giving %s a value is refused', (fact, kind, from, value) => {
    const derive = [
      { fact, from, description: 'x', sources: [{ document: '000_0b1d4838d8cb8315.txt', section: 's' }], bands: [{ value }] },
    ];
    const codes = refusal(layer({ 'clinic.json': ruleFile(kind, { derive, acknowledgedChanges: [approval(`derive:${fact}`)] }) })).map(
      (diagnostic) => diagnostic.code,
    );
    expect(codes.some((code) => code === 'derive-answered-fact' || code === 'floor-changed')).toBe(true);
  });

  it('3. other depth bands in a file with identical rules, and other resumption times, are changes behind the floor', async () => {
    const keloid = { conditions: { keloidHistory: true }, plannedTreatment: { depthMm: 2.5 } };
    expect((await builtin.screen(keloid)).decision).toBe('contraindicated');
    for (const name of ['contraindications.json', 'timeline.json']) {
      const file = cloneJson(files[name] ?? {});
      (file['derive'] as Json[]).forEach((derivation) => (derivation['bands'] = [{ upTo: 3, value: 'superficial' }, { value: 'deep' }]));
      const fact = (file['derive'] as Json[])[0]?.['fact'] as string;
      const refused = refusal(layer({ [name]: { ...file, acknowledgedChanges: [approval(`derive:${fact}`)] } }));
      expect(refused).toContainEqual(
        expect.objectContaining({ code: 'floor-changed', message: expect.stringContaining(`'derive:${fact}'`) as unknown }),
      );
    }
    const aftercare = cloneJson(files['aftercare.json'] ?? {});
    for (const item of aftercare['resume'] as Json[]) item['earliestHours'] = 0;
    const resumed = refusal(layer({ 'aftercare.json': aftercare })).map((diagnostic) => diagnostic.message);
    expect(resumed.some((message) => message.includes("'resume:retinoid'"))).toBe(true);
  });

  it('4. a red flag narrowed to nothing (same id, same level) is refused, acknowledged or not', () => {
    const narrowed = builtinRule('red-flags.red-streaks');
    narrowed['conditions'] = { all: [narrowed['conditions'], { fact: 'hoursSinceTreatment', operator: 'greaterThan', value: 87000 }] };
    for (const acknowledged of [[], [approval('red-flags.red-streaks')]])
      expect(
        refusal(layer({ 'clinic.json': ruleFile('assessment', { rules: [narrowed], acknowledgedChanges: acknowledged }) })),
      ).toContainEqual(
        expect.objectContaining({ code: 'floor-changed', message: expect.stringContaining("'red-flags.red-streaks'") as unknown }),
      );
  });

  it('5. a question re-pointed at another field is refused; so is a new question that reaches a floor fact', () => {
    const questions = cloneJson(files['questions.json'] ?? {});
    const fever = (questions['questions'] as Json[]).find((question) => question['fact'] === 'signs.fever') ?? {};
    fever['field'] = 'signs.chills';
    expect(refusal(layer({ 'questions.json': questions }))).toContainEqual(
      expect.objectContaining({ code: 'floor-changed', message: expect.stringContaining("'question:checkin:signs.fever'") as unknown }),
    );
    const added = {
      id: 'clinic-questions',
      version: '1.0.0',
      kind: 'questions',
      title: 'x',
      questions: [{ fact: 'clinic.fever', field: 'signs.fever', patient: 'x', clinician: 'x', role: 'modifier' }],
    };
    expect(refusal(layer({ 'clinic-questions.json': added })).map((diagnostic) => diagnostic.code)).toContain('floor-changed');
  });

  it('a question group changed in a layer is acknowledged by id; a new group composes', () => {
    const questions = cloneJson(files['questions.json'] ?? {});
    const group = (questions['groups'] as Json[]).find((entry) => entry['id'] === 'skin-changes') ?? {};
    group['patient'] = 'Anything else?';
    expect(refusal(layer({ 'questions.json': questions }))).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining("'question-group:checkin:skin-changes'") as unknown }),
    );
    questions['acknowledgedChanges'] = [approval('question-group:checkin:skin-changes')];
    expect(refusal(layer({ 'questions.json': questions }))).toEqual([]);
    const added = {
      id: 'clinic-questions',
      version: '1.0.0',
      kind: 'questions',
      title: 'x',
      groups: [{ id: 'clinic-extra', patient: 'x', clinician: 'x' }],
      questions: [],
    };
    expect(refusal(layer({ 'clinic-questions.json': added }))).toEqual([]);
    const undeclared = {
      ...added,
      groups: [],
      questions: [{ fact: 'signs.crusting', patient: 'x', clinician: 'x', role: 'modifier', group: 'nowhere' }],
    };
    expect(refusal(layer({ 'clinic-questions.json': undeclared })).map((diagnostic) => diagnostic.code)).toContain('invalid-group');
  });

  it('a change that is not a lowering (a threshold moved either way) needs an acknowledgement too', () => {
    const moved = builtinRule('timeline.gridding.past-36h');
    const threshold = (moved['conditions'] as { all: Json[] }).all[1];
    if (threshold !== undefined) threshold['value'] = 24;
    expect(refusal(layer({ 'clinic.json': ruleFile('assessment', { rules: [moved] }) })).map((diagnostic) => diagnostic.code)).toEqual([
      'unacknowledged-change',
    ]);
    expect(
      refusal(
        layer({ 'clinic.json': ruleFile('assessment', { rules: [moved], acknowledgedChanges: [approval('timeline.gridding.past-36h')] }) }),
      ),
    ).toEqual([]);
  });

  it('a new advice line that stands in for a base line changes that line', () => {
    const advice = {
      id: 'clinic-advice',
      version: '1.0.0',
      kind: 'advice',
      title: 'x',
      lines: [{ id: 'clinic.calm', text: { patient: 'x', clinician: 'x' }, replaces: ['no-picking'] }],
    };
    const replaced = refusal(layer({ 'clinic-advice.json': advice }));
    expect(replaced).toContainEqual(
      expect.objectContaining({ code: 'unacknowledged-change', message: expect.stringContaining("'advice:no-picking'") as unknown }),
    );
  });

  // Found by the outside attack: a second copy of a base item, in a new file, was invisible to the change check.
  it('a second derivation, question, aftercare file or level advice for what the base already has is a change to it', () => {
    const sources = [{ document: '000_0b1d4838d8cb8315.txt', section: 's' }];
    const derivation = { fact: 'treatment.depth', from: 'hoursSinceTreatment', description: 'x', sources, bands: [{ value: 'deep' }] };
    const question = {
      fact: 'conditions.pregnant',
      field: 'conditions.breastfeeding',
      patient: 'Are you breastfeeding?',
      clinician: 'x',
      role: { concern: [false, true] },
    };
    const aftercare = cloneJson(files['aftercare.json'] ?? {});
    for (const item of aftercare['resume'] as Json[]) item['earliestHours'] = 0;
    const advice = {
      id: 'clinic-advice',
      version: '1.0.0',
      kind: 'advice',
      title: 'x',
      levels: { urgent: (files['advice.json']?.['levels'] as Json)['expected'] },
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ 'clinic.json': ruleFile('assessment', { derive: [derivation] }) }, 'derive:treatment.depth'],
      [
        {
          'clinic-questions.json': { id: 'q', version: '1.0.0', kind: 'questions', input: 'screening', title: 'x', questions: [question] },
        },
        'question:screening:conditions.pregnant',
      ],
      [{ 'clinic-aftercare.json': { ...aftercare, id: 'clinic-aftercare' } }, 'resume:retinoid'],
      [{ 'clinic-advice.json': advice }, 'advice-level:urgent'],
    ];
    for (const [layerFiles, id] of cases)
      expect(refusal(layer(layerFiles)).map((diagnostic) => diagnostic.message)).toContainEqual(expect.stringContaining(`'${id}'`));
  });

  it('the second line: a lowered generated result is refused unless an acknowledgement the composition used covers it', () => {
    const lowered = builtinRule('timeline.gridding.past-36h');
    (lowered['event'] as { params: Json }).params['level'] = 'expected';
    const source = layer({
      'clinic.json': ruleFile('assessment', { rules: [lowered], acknowledgedChanges: [approval('timeline.gridding.past-36h')] }),
    });
    const { source: composed, provenance } = composeRuleSets(builtinRuleSet, [source]);
    const [base, after] = [loadRuleSet(builtinRuleSet), loadRuleSet(composed, provenance)];
    expect(checkLayerResults(base, after, [source], provenance.diagnostics)).toEqual([]);
    // The same acknowledgement, had composing not found it used, covers nothing: some generated check-in goes down.
    expect(checkLayerResults(base, after, [source], []).map((diagnostic) => diagnostic.code)).toContain('unacknowledged-result-change');
  });

  it('a rule that only adds composes without any acknowledgement', () => {
    const added = minimalRule('clinic.itch-day-5', { all: [{ fact: 'signs.itch', operator: 'equal', value: 'intense' }] });
    expect(refusal(layer({ 'clinic.json': ruleFile('assessment', { rules: [added] }) }))).toEqual([]);
  });
});

/** A temporary rule directory with a manifest naming `names`, plus the given files. */
function ruleDir(names: readonly string[], extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mt-layer-'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ id: 'clinic', version: '1.0.0', title: 'x', files: names }));
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('6. a rule directory is read only inside itself, and an error never prints what a file holds', () => {
  // Short enough that JSON.parse's own message ("Unexpected token ... is not valid JSON") would quote it whole.
  const secret = 'SECRET42';
  const outside = mkdtempSync(join(tmpdir(), 'mt-outside-'));
  writeFileSync(join(outside, 'secret.txt'), `${secret} x`);
  writeFileSync(join(outside, 'outside.json'), JSON.stringify({ id: 'x', version: '1.0.0', kind: 'assessment', title: secret, rules: [] }));

  it.each([
    ['a parent path to a valid rule file', (dir: string) => relative(dir, join(outside, 'outside.json'))],
    ['a parent path to a text file', (dir: string) => relative(dir, join(outside, 'secret.txt'))],
    ['an absolute path', () => join(outside, 'outside.json')],
    ['/proc/self/environ', () => '/proc/self/environ'],
  ])('%s in the manifest is refused by lint and by --rules', async (_name, name) => {
    const dir = ruleDir([]);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ id: 'clinic', version: '1.0.0', title: 'x', files: [name(dir)] }));
    for (const args of [
      ['lint', dir],
      ['assess', '--rules', dir, '-'],
    ]) {
      const run = await runCli(args, { stdin: '{}' });
      expect({ code: run.code, leaked: `${run.out}${run.err}`.includes(secret) || /PATH=|HOME=/.test(`${run.out}${run.err}`) }).toEqual({
        code: 2,
        leaked: false,
      });
      expect(run.err).toMatch(/inside the rule directory|relative to the rule directory/);
    }
  });

  it('a manifest that is not an object, or whose files are not names, is bad input (exit 2), not an internal error', async () => {
    for (const text of ['null', '[]', '{"files": [1]}']) {
      const dir = ruleDir([]);
      writeFileSync(join(dir, 'manifest.json'), text);
      const run = await runCli(['lint', dir]);
      expect({ code: run.code, internal: run.err.includes('Internal error') }).toEqual({ code: 2, internal: false });
    }
  });

  it('a symlink that leads out of the directory is refused', async () => {
    const dir = ruleDir(['linked.json']);
    execFileSync('ln', ['-s', join(outside, 'secret.txt'), join(dir, 'linked.json')]);
    const run = await runCli(['lint', dir]);
    expect(run.code).not.toBe(0);
    expect(`${run.out}${run.err}`).not.toContain(secret);
  });

  it('a file that is not JSON is named, its content is not quoted', async () => {
    const dir = ruleDir(['clinic.json'], { 'clinic.json': `${secret} {` });
    const run = await runCli(['lint', dir]);
    expect(run.code).not.toBe(0);
    expect(run.err).toContain('clinic.json');
    expect(`${run.out}${run.err}`).not.toContain(secret);
  });

  it('8. a FIFO named *.json is refused, not waited on', async () => {
    const dir = ruleDir(['pipe.json']);
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    const noManifest = mkdtempSync(join(tmpdir(), 'mt-fifo-'));
    execFileSync('mkfifo', [join(noManifest, 'pipe.json')]);
    for (const target of [dir, noManifest]) {
      // In a child process: if it waited on the FIFO, the test would time out instead of hanging the suite.
      const child = spawn(process.execPath, ['dist/cli.js', 'lint', target], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve(null);
        }, 30_000);
        child.on('exit', (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      expect({ code, named: err.includes('pipe.json') }).toEqual({ code: 2, named: true });
    }
  }, 70_000);

  it('9. a FIFO given as the input of any command is refused with a message, not waited on (issue 22)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mt-fifo-input-'));
    const pipe = join(dir, 'input.json');
    execFileSync('mkfifo', [pipe]);
    for (const args of [
      ['assess', pipe],
      ['assess', '--ndjson', pipe],
      ['assess', '--ndjson', '--jobs', '2', pipe],
      ['screen', pipe],
      ['test', pipe],
    ]) {
      const child = spawn(process.execPath, ['dist/cli.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve(null);
        }, 20_000);
        child.on('exit', (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      expect({ args: args.join(' '), code, said: err.includes('not a regular file') }).toEqual({
        args: args.join(' '),
        code: 2,
        said: true,
      });
    }
  }, 180_000);
});

describe('7. the content hash does not depend on the locale', () => {
  it('one layer gives one hash under C, da_DK, cs_CZ and lt_LT', () => {
    // Ids that these locales sort differently (Danish "aa" after "z", Czech "ch" after "h", Lithuanian "y" before "j").
    const ids = ['clinic.aa', 'clinic.z', 'clinic.ch', 'clinic.h', 'clinic.i', 'clinic.y', 'clinic.j'];
    const rules = ids.map((id) => minimalRule(id, { all: [{ fact: 'signs.itch', operator: 'equal', value: 'intense' }] }));
    const source = JSON.stringify(layer({ 'clinic.json': ruleFile('assessment', { rules }) }));
    const script = `import { createTriage } from './dist/index.js'; console.log(createTriage({ ruleSets: [${source}] }).ruleSet.hash);`;
    const hashes = ['C', 'da_DK.UTF-8', 'cs_CZ.UTF-8', 'lt_LT.UTF-8'].map((locale) => {
      const env = { ...process.env, LC_ALL: locale, LANG: locale };
      const collation = execFileSync(
        process.execPath,
        ['-e', `console.log(${JSON.stringify(ids)}.sort((a, b) => a.localeCompare(b)).join(' '))`],
        { env },
      ).toString();
      return { collation, hash: execFileSync(process.execPath, ['--input-type=module', '-e', script], { env }).toString().trim() };
    });
    // The locales do collate differently here (else the test would prove nothing) ...
    expect(new Set(hashes.map((entry) => entry.collation)).size).toBeGreaterThan(1);
    // ... and the hash is one.
    expect(new Set(hashes.map((entry) => entry.hash))).toEqual(new Set([hashes[0]?.hash]));
    expect(hashes[0]?.hash).toMatch(/^sha256:/);
  }, 60_000);
});

describe('a layer given where a whole rule set belongs (issue 22)', () => {
  it("says to pass it in 'ruleSets'", async () => {
    const { readRuleSetDir } = await import('../src/cli/load-rules-dir.js');
    const options = (await readRuleSetDir(new URL('../examples/clinic-rules', import.meta.url).pathname)).options;
    const [layer] = options.ruleSets ?? [];
    if (layer === undefined) throw new Error('examples/clinic-rules is not a layer');
    expect(() => createTriage({ ruleSets: [layer] })).not.toThrow();
    let message = '';
    try {
      createTriage({ ruleSet: layer });
    } catch (error) {
      if (!isRuleSetError(error)) throw error;
      message = error.message;
    }
    expect(message).toMatch(/has no '[a-z-]+' file; a layer of changes goes over a base \(createTriage's 'ruleSets'\)/);
  });
});
