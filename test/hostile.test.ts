import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './support/run-cli.js';
import { builtinRuleSet, createTriage, ObservationError, RuleSetError, validateRuleSet } from '../src/index.js';
import { fromQuestionnaireResponse } from '../src/fhir/index.js';
import { resolveCaseFile } from '../src/testing/index.js';
import { satisfies } from '../src/rules/compose-rule-sets.js';
import { cloneJson, minimalRule, withExtraRule } from './support/rule-sets.js';
import { untyped } from './support/untyped.js';

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

async function issuesOf(run: () => unknown): Promise<{ path: string; code: string }[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ObservationError) return error.issues.map(({ path, code }) => ({ path, code }));
    throw error;
  }
  return [];
}

describe('prototype keys', () => {
  const hostile = [
    ['a check-in', () => triage.assess(untyped(JSON.parse('{"signs": {"__proto__": {"fever": true}}}')))],
    ['a check-in (constructor)', () => triage.assess(untyped(JSON.parse('{"constructor": {"prototype": {"polluted": true}}}')))],
    ['a screening', () => triage.screen(untyped(JSON.parse('{"conditions": {"__proto__": {"polluted": true}}}')))],
    ['an aftercare request', () => triage.aftercare(untyped(JSON.parse('{"hoursSinceTreatment": 3, "prototype": {}}')))],
    [
      'a QuestionnaireResponse',
      () =>
        fromQuestionnaireResponse(
          JSON.parse('{"resourceType": "QuestionnaireResponse", "status": "completed", "__proto__": {"polluted": true}}'),
        ),
    ],
    ['a case file', () => resolveCaseFile(JSON.parse('{"bases": {"__proto__": {"polluted": true}}, "cases": []}'))],
  ] as const;

  it.each(hostile)('are rejected in %s, naming the key', async (_name, run) => {
    const issues = await issuesOf(run);
    expect(issues.some((issue) => issue.code === 'forbidden_key')).toBe(true);
  });

  it('are rejected in rule files, and as file names', () => {
    const ruleKey = withExtraRule(builtinRuleSet, JSON.parse(`{"id": "x.y", "__proto__": {"polluted": true}}`) as Record<string, unknown>);
    expect(validateRuleSet(ruleKey).diagnostics.map((diagnostic) => diagnostic.code)).toContain('forbidden-key');
    const fileName = { ...builtinRuleSet, files: JSON.parse('{"__proto__": {"kind": "assessment"}}') as Record<string, unknown> };
    expect(validateRuleSet(fileName).diagnostics.map((diagnostic) => diagnostic.code)).toContain('forbidden-key');
    expect(() =>
      createTriage({
        ruleSets: [{ id: 'evil', version: '1.0.0', files: JSON.parse('{"__proto__": {"rules": []}}') as Record<string, unknown> }],
      }),
    ).toThrow(RuleSetError);
  });

  it('leave Object.prototype untouched', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['fever']).toBeUndefined();
  });
});

describe('huge or deep input is rejected before it is processed', () => {
  it('a previous array of a million entries', async () => {
    const previous = new Array<unknown>(1_000_000).fill({ redness: 'mild' });
    expect(await issuesOf(() => triage.assess(untyped({ hoursSinceTreatment: 30, previous })))).toEqual([
      { path: 'previous', code: 'too_large' },
    ]);
  });

  it('a 50 MB string', async () => {
    expect(await issuesOf(() => triage.assess({ treatedAt: 'x'.repeat(50 * 1024 * 1024) }))).toEqual([
      { path: 'treatedAt', code: 'too_large' },
    ]);
    expect(await issuesOf(() => triage.screen(untyped({ plannedTreatment: { site: 'y'.repeat(50 * 1024 * 1024) } })))).toEqual([
      { path: 'plannedTreatment.site', code: 'too_large' },
    ]);
  });

  it('deep nesting', async () => {
    let deep: unknown = {};
    for (let level = 0; level < 100; level += 1) deep = { nested: deep };
    expect((await issuesOf(() => triage.assess(untyped({ signs: { fever: deep } }))))[0]?.code).toBe('too_deep');
    // Under a key the format does not have, nothing is read: the key is reported.
    expect(await issuesOf(() => triage.assess(untyped({ signs: deep })))).toEqual([{ path: 'signs.nested', code: 'unknown_key' }]);
  });

  it('rule files too large or too deep', () => {
    let deep: unknown = { fact: 'signs.fever', operator: 'equal', value: true };
    for (let level = 0; level < 100; level += 1) deep = { all: [deep] };
    const codes = validateRuleSet(withExtraRule(builtinRuleSet, minimalRule('x.deep', deep as Record<string, unknown>))).diagnostics.map(
      (diagnostic) => diagnostic.code,
    );
    expect(codes).toContain('too-deep');
    const wide = withExtraRule(
      builtinRuleSet,
      ...Array.from({ length: 20_001 }, (_, index) => minimalRule(`x.r${String(index)}`, { all: [] })),
    );
    expect(validateRuleSet(wide).diagnostics.map((diagnostic) => diagnostic.code)).toContain('too-large');
  });

  it('rule-supplied JSONPath is refused at load, not evaluated', () => {
    const rule = minimalRule('x.path', { all: [{ fact: 'signs.fever', operator: 'equal', value: true, path: '$..[?(@.constructor)]' }] });
    const diagnostics = validateRuleSet(withExtraRule(builtinRuleSet, rule)).diagnostics;
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toContain('unsupported-key');
  });
});

describe('time', () => {
  it.each([
    ['offsets', { treatedAt: '2026-03-01T10:00:00+05:30', assessedAt: '2026-03-01T14:30:00Z' }, 10],
    ['across the spring DST change (Europe)', { treatedAt: '2026-03-28T12:00:00+01:00', assessedAt: '2026-03-29T12:00:00+02:00' }, 23],
    ['across the autumn DST change (US)', { treatedAt: '2026-10-31T12:00:00-04:00', assessedAt: '2026-11-01T12:00:00-05:00' }, 25],
    ['zero hours', { hoursSinceTreatment: 0 }, 0],
    ['a treatment three years ago', { treatedAt: '2023-03-10T12:00:00Z' }, 26_304],
  ])('%s', async (_name, input, hours) => {
    expect((await triage.assess(input)).phase?.hoursSinceTreatment).toBe(hours);
  });

  it.each([
    ['a treatment in the future', { treatedAt: '2026-03-11T12:00:00Z' }, 'treatedAt'],
    ['a treatment after the assessment', { treatedAt: '2026-03-05T12:00:00Z', assessedAt: '2026-03-04T12:00:00Z' }, 'treatedAt'],
    ['a timestamp without a time zone', { treatedAt: '2026-03-01T10:00:00' }, 'treatedAt'],
    ['a date without a time', { treatedAt: '2026-03-01' }, 'treatedAt'],
    ['more than ten years', { hoursSinceTreatment: 24 * 365 * 11 }, 'hoursSinceTreatment'],
    ['NaN', { hoursSinceTreatment: Number.NaN }, 'hoursSinceTreatment'],
    ['Infinity', { hoursSinceTreatment: Number.POSITIVE_INFINITY }, 'hoursSinceTreatment'],
  ])('rejects %s', async (_name, input, path) => {
    expect((await issuesOf(() => triage.assess(input))).map((issue) => issue.path)).toContain(path);
  });
});

describe('a rule set that is not the one reviewed', () => {
  it('expectedHash pins the rules: an edited rule set does not start', () => {
    expect(createTriage({ expectedHash: triage.ruleSet.hash }).ruleSet.hash).toBe(triage.ruleSet.hash);
    const edited = cloneJson(builtinRuleSet);
    const [, second] = (edited.files['red-flags.json'] as { rules: { description: string }[] }).rules;
    if (second) second.description = 'edited';
    expect(() => createTriage({ ruleSet: edited, expectedHash: triage.ruleSet.hash })).toThrow(/hash-mismatch|content hash/);
  });

  it('the hash ignores rule order (which changes no result) but not content', () => {
    const reversed = cloneJson(builtinRuleSet);
    const timeline = reversed.files['timeline.json'] as { rules: unknown[] };
    timeline.rules.reverse();
    expect(createTriage({ ruleSet: reversed }).ruleSet.hash).toBe(triage.ruleSet.hash);
  });

  it('a layer written for another version of the base is refused', () => {
    const layer = { id: 'clinic', version: '1.0.0', requires: { 'microneedling-triage': '1' }, files: {} };
    expect(() => createTriage({ ruleSets: [layer] })).toThrow(/requires 'microneedling-triage' 1, but found version 2\.0\.0/);
    expect(createTriage({ ruleSets: [{ ...layer, requires: { 'microneedling-triage': '^2.0.0' } }] }).ruleSet.layers).toHaveLength(2);
    expect(() => createTriage({ ruleSets: [{ ...layer, requires: { 'other-base': '1' } }] })).toThrow(/it is not below this layer/);
  });

  it.each([
    ['1.4.2', '1', true],
    ['1.4.2', '1.x', true],
    ['2.0.0', '1', false],
    ['1.4.2', '^1.4.0', true],
    ['1.3.9', '^1.4.0', false],
    ['1.4.0', '^1.4.1', false],
    ['1.5.0', '^1.4.1', true],
    ['1.4.2', '1.4.2', true],
    ['1.4.3', '1.4.2', false],
  ])('version %s satisfies %s: %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });
});

describe('the CLI with hostile files', () => {
  const run = (argv: string[], stdin = ''): Promise<CliRun> => runCli(argv, { stdin });

  it.each([
    ['prototype keys', '{"__proto__": {"signs": {}}}', /forbidden|not allowed/],
    ['a 50 MB string', `{"treatedAt": "${'x'.repeat(50 * 1024 * 1024)}"}`, /more than the 10000 allowed/],
    ['a JSON array', '[1, 2, 3]', /must be an object/],
    ['JSON null', 'null', /must be an object/],
  ])('%s: exit 2 with a clear message, no stack trace', async (_name, text, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'mt-hostile-'));
    const file = join(dir, 'input.json');
    writeFileSync(file, text);
    const result = await run(['assess', file]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err).not.toMatch(/\n\s+at /);
  });
});
