import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  builtinRuleSet,
  createTriage,
  DIAGNOSTIC_CODES,
  INPUT_ISSUE_CODES,
  isObservationError,
  isRuleSetError,
  ObservationError,
  RuleSetError,
  type Diagnostic,
  type TriageOptions,
} from '../src/index.js';
import { MAX_ISSUES } from '../src/input/observation-error.js';

function diagnosticsOf(run: () => unknown): readonly Diagnostic[] {
  try {
    run();
  } catch (error) {
    expect(isRuleSetError(error), String(error)).toBe(true);
    expect(error).toBeInstanceOf(RuleSetError);
    return (error as RuleSetError).diagnostics;
  }
  throw new Error('expected a RuleSetError');
}

const revoked = (): object => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};

describe('createTriage checks its options: a RuleSetError with a diagnostic, never a TypeError', () => {
  it.each<[string, () => unknown, string, string]>([
    [
      "ruleSet: 'rules'",
      () => ({ ruleSet: 'rules' }),
      'ruleSet',
      '\'ruleSet\' must be a rule set { id, version, files }, but is the string "rules"',
    ],
    [
      'ruleSet: null with no layers',
      () => ({ ruleSet: null }),
      'ruleSet',
      "'ruleSet' is null (no base) but no 'ruleSets' are given: there are no rules to run",
    ],
    [
      'ruleSet: null with an empty list of layers',
      () => ({ ruleSet: null, ruleSets: [] }),
      'ruleSets',
      "'ruleSet' is null (no base) and 'ruleSets' is empty: there are no rules to run",
    ],
    [
      'files: null in a rule set',
      () => ({ ruleSet: { id: 'x', version: '1.0.0', files: null } }),
      'ruleSet.files',
      "'ruleSet.files' must be an object of file name to content, but is null",
    ],
    [
      'files: null as an option',
      () => ({ files: null }),
      'files',
      "'files' is not an option of createTriage (the options are now, ruleSet, ruleSets, expectedHash, evaluator)",
    ],
    ['a BigInt rule set', () => ({ ruleSet: 10n }), 'ruleSet', "'ruleSet' must be a rule set { id, version, files }, but is a BigInt"],
    [
      'a BigInt version',
      () => ({ ruleSets: [{ id: 'x', version: 1n, files: {} }] }),
      'ruleSets.0.version',
      "'ruleSets.0.version' must be a non-empty string, but is a BigInt",
    ],
    ['ruleSets not an array', () => ({ ruleSets: { id: 'x' } }), 'ruleSets', "'ruleSets' must be an array of rule sets, but is an object"],
    [
      'a misspelt option',
      () => ({ ruleset: builtinRuleSet }),
      'ruleset',
      "'ruleset' is not an option of createTriage (did you mean 'ruleSet'?)",
    ],
    [
      'now not a function',
      () => ({ now: new Date() }),
      'now',
      "'now' must be a function returning a Date, but is a Date, not a plain JSON value (give it as an ISO 8601 string)",
    ],
    [
      'an unknown evaluator',
      () => ({ evaluator: 'fast' }),
      'evaluator',
      "'evaluator' must be 'compiled' or 'json-rules-engine', but is the string \"fast\"",
    ],
    [
      'expectedHash a number',
      () => ({ expectedHash: 42 }),
      'expectedHash',
      "'expectedHash' must be a string such as 'sha256:...', but is the number 42",
    ],
    ['options that are an array', () => [], '', 'the options of createTriage must be an object, but are an array'],
    ['options that are null', () => null, '', 'the options of createTriage must be an object, but are null'],
    [
      'a throwing getter for an option',
      () => ({
        get ruleSet(): unknown {
          throw new Error('boom');
        },
      }),
      '',
      "the options of createTriage must be an object, but are an object whose 'ruleSet' is a getter or setter, not a plain value",
    ],
    ['a revoked Proxy as the options', revoked, '', 'the options of createTriage must be an object, but are an object that cannot be read'],
    [
      'a revoked Proxy as a layer',
      () => ({ ruleSets: [revoked()] }),
      'ruleSets.0',
      "'ruleSets.0' must be a rule set { id, version, files }, but is an object that cannot be read",
    ],
  ])('%s', (_name, options, path, message) => {
    const diagnostics = diagnosticsOf(() => createTriage(options() as TriageOptions));
    expect(diagnostics[0]).toMatchObject({ severity: 'error', file: '', path });
    expect(diagnostics[0]?.message.startsWith(message)).toBe(true);
    expect(['invalid-option', 'unknown-option']).toContain(diagnostics[0]?.code);
  });

  it('a file whose content cannot be read is a diagnostic on that file', () => {
    const files = {
      get 'clinic.json'(): unknown {
        throw new Error('boom');
      },
    };
    expect(diagnosticsOf(() => createTriage({ ruleSets: [{ id: 'x', version: '1.0.0', files }] }))[0]).toMatchObject({
      code: 'invalid-option',
      path: 'ruleSets.0.files',
    });
    const content = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    expect(
      diagnosticsOf(() => createTriage({ ruleSets: [{ id: 'x', version: '1.0.0', files: { 'clinic.json': content } }] }))[0],
    ).toMatchObject({
      code: 'unreadable',
      file: 'clinic.json',
    });
  });

  it("a file named '__proto__' is reported, not dropped (also when defined, as JSON.parse does)", () => {
    const files = JSON.parse(
      '{"__proto__": {"id": "x", "version": "1.0.0", "kind": "assessment", "title": "t", "disable": ["red-flags.unanswered"], "rules": []}}',
    ) as Record<string, unknown>;
    expect(diagnosticsOf(() => createTriage({ ruleSets: [{ id: 'evil', version: '1.0.0', files }] }))).toContainEqual(
      expect.objectContaining({ code: 'forbidden-key', file: '__proto__' }),
    );
  });

  it('a clock that returns anything but a valid Date is reported when read, as a RuleSetError', async () => {
    const triage = createTriage({ now: () => new Date('nonsense') });
    await expect(triage.assess({ treatedAt: '2026-03-01T10:00:00Z' })).rejects.toSatisfy(isRuleSetError);
    expect(diagnosticsOf(() => triage.aftercare({ hoursSinceTreatment: 3 }))[0]?.message).toBe(
      "the clock ('now') returned an invalid Date",
    );
    expect(diagnosticsOf(() => triage.withClock('2026' as unknown as () => Date))[0]?.path).toBe('now');
    const throwing = createTriage({
      now: () => {
        throw new Error('clock broke');
      },
    });
    await expect(throwing.screen({})).rejects.toSatisfy(isRuleSetError);
  });

  it('evaluation options are checked too', async () => {
    const triage = createTriage();
    await expect(triage.assess({}, { trace: 'yes' } as unknown as { trace: boolean })).rejects.toSatisfy(isRuleSetError);
    await expect(triage.screen({}, revoked() as { trace: boolean })).rejects.toSatisfy(isRuleSetError);
    expect((await triage.assess({}, { trace: true })).trace?.length).toBeGreaterThan(0);
    expect((await triage.assess({}, undefined)).trace).toBeUndefined();
  });

  it('the options as given before keep working (boundary: undefined values are absent)', () => {
    expect(createTriage({ ruleSet: undefined, ruleSets: undefined, now: undefined } as unknown as TriageOptions).ruleSet.id).toBe(
      'microneedling-triage',
    );
    expect(createTriage({ ruleSet: null, ruleSets: [builtinRuleSet] }).ruleSet.layers).toHaveLength(1);
  });
});

describe('error kinds across copies of the package (ESM and CommonJS)', () => {
  const cjs = new URL('../dist/index.cjs', import.meta.url);

  it('isObservationError and isRuleSetError recognise errors of the other copy, where instanceof fails', async () => {
    expect(existsSync(cjs), 'dist/index.cjs is missing: run `npm run build` first').toBe(true);
    const commonJs = createRequire(import.meta.url)('../dist/index.cjs') as typeof import('../src/index.js');
    const esm = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof import('../src/index.js');
    const observation = new commonJs.ObservationError([{ path: 'signs', code: 'not_json', message: 'x' }]);
    const ruleSet = new commonJs.RuleSetError([{ code: 'schema', severity: 'error', file: 'a.json', path: '', message: 'x' }]);
    expect(observation instanceof esm.ObservationError).toBe(false);
    expect(ruleSet instanceof esm.RuleSetError).toBe(false);
    expect([
      esm.isObservationError(observation),
      esm.isRuleSetError(ruleSet),
      isObservationError(observation),
      isRuleSetError(ruleSet),
    ]).toEqual([true, true, true, true]);
    expect([esm.isObservationError(ruleSet), esm.isRuleSetError(observation)]).toEqual([false, false]);
  });

  it('the name alone is not enough, and nothing thrown while checking escapes', () => {
    expect(isRuleSetError(Object.assign(new Error('x'), { name: 'RuleSetError' }))).toBe(false);
    expect(isRuleSetError(Object.assign(new Error('x'), { name: 'RuleSetError', diagnostics: [] }))).toBe(true);
    expect(isRuleSetError(revoked())).toBe(false);
    expect(isObservationError(revoked())).toBe(false);
    expect(isObservationError(null)).toBe(false);
  });
});

describe('the codes are closed lists, documented', () => {
  const inputReference = readFileSync(new URL('../docs/input-reference.md', import.meta.url), 'utf8');
  const ruleAuthoring = readFileSync(new URL('../docs/rule-authoring.md', import.meta.url), 'utf8');
  const errorsSection = inputReference.slice(inputReference.indexOf('## Errors'), inputReference.indexOf('## JSON Schemas'));
  const validatingSection = ruleAuthoring.slice(
    ruleAuthoring.indexOf('## Validating'),
    ruleAuthoring.indexOf('### Rules that can never fire'),
  );
  const tableCodes = (section: string): Set<string> =>
    new Set(
      section
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([a-z_-]+)`/g)].map((match) => match[1] ?? '')),
    );

  it.each([...INPUT_ISSUE_CODES])('input issue code %s is in the input reference', (code) => {
    expect(tableCodes(errorsSection)).toContain(code);
  });

  it.each([...DIAGNOSTIC_CODES])('diagnostic code %s is in the rule-authoring guide', (code) => {
    expect(tableCodes(validatingSection)).toContain(code);
  });

  it('the documents list no code that does not exist', () => {
    expect([...tableCodes(errorsSection)].filter((code) => !(INPUT_ISSUE_CODES as readonly string[]).includes(code))).toEqual([]);
    expect([...tableCodes(validatingSection)].filter((code) => !(DIAGNOSTIC_CODES as readonly string[]).includes(code))).toEqual([]);
  });

  it('an error lists at most MAX_ISSUES issues and counts the rest', async () => {
    const signs = Object.fromEntries(Array.from({ length: 60 }, (_, index) => [`unknown${String(index)}`, true]));
    const patient = { history: Object.fromEntries(Array.from({ length: 60 }, (_, index) => [`other${String(index)}`, true])) };
    const error = (await createTriage()
      .assess({ signs, patient })
      .catch((caught: unknown) => caught)) as ObservationError;
    expect(error.issues).toHaveLength(MAX_ISSUES + 1);
    expect(error.issues.at(-1)).toEqual({
      path: '',
      code: 'too_many_issues',
      message: 'and 20 more problems, not listed (at most 100 are)',
    });
    // Boundary: exactly MAX_ISSUES problems are all listed, with no summary.
    const exactly = (await createTriage()
      .assess({ signs, patient: { history: Object.fromEntries(Object.entries(patient.history).slice(0, 40)) } })
      .catch((caught: unknown) => caught)) as ObservationError;
    expect(exactly.issues).toHaveLength(MAX_ISSUES);
    expect(exactly.issues.some((issue) => issue.code === 'too_many_issues')).toBe(false);
  });
});
