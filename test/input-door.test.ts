import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRuleSet, createTriage, isObservationError, validateRuleSet, type InputIssue, type ObservationError } from '../src/index.js';
import { resolveCaseFile } from '../src/testing/index.js';
import { closestName, editDistance, MAX_SUGGESTED_NAME } from '../src/input/closest-name.js';
import { fieldPath } from '../src/input/field-path.js';
import { INPUT_LIMITS, readJson } from '../src/input/json-guard.js';
import { shortName, shortText } from '../src/input/short-text.js';
import { MAX_HOURS } from '../src/checkin/checkin-schema.js';
import { minimalRule, withExtraRule } from './support/rule-sets.js';
import { sharedArrays, sharedChildren } from './hostile/corpus.js';

const now = new Date('2026-03-10T12:00:00Z');
const triage = createTriage({ now: () => now });
const MS_PER_HOUR = 3_600_000;

async function issuesOf(run: () => unknown): Promise<readonly InputIssue[]> {
  try {
    await run();
  } catch (error) {
    return (error as ObservationError).issues;
  }
  return [];
}

describe('the JSON door: one read, a plain copy', () => {
  it('copies plain data, and the copy is what is used (a later change to the input changes nothing)', () => {
    const input = { signs: { fever: true }, list: [1, 'two', null, false] };
    const read = readJson(input, INPUT_LIMITS);
    expect(read).toMatchObject({ ok: true, value: input });
    expect(read.ok && read.value !== input).toBe(true);
    input.signs.fever = false;
    expect(read.ok && (read.value as { signs: { fever: boolean } }).signs.fever).toBe(true);
  });

  it('reads an object shared by several parents once, and accepts it when the whole stays within the limits', async () => {
    const signs = { fever: true };
    const read = readJson({ a: signs, b: signs, c: [signs, signs] }, INPUT_LIMITS);
    expect(read.ok).toBe(true);
    const shared = { hoursSinceTreatment: 12, redness: 'mild' } as const;
    expect((await triage.assess({ hoursSinceTreatment: 30, previous: [shared, shared, shared] })).level).toBeDefined();
  });

  it('counts a shared object in every place it appears: 2^n paths are n objects, refused by size, not walked', () => {
    // Boundary pair: 2^14 = 16,384 leaves (about 49,000 values) fit the rule-file limit of 200,000; 2^16 do not.
    const fits = readJson(sharedArrays(14), {
      maxDepth: 64,
      maxArrayLength: 20_000,
      maxStringLength: 20_000,
      maxKeys: 2_000,
      maxNodes: 200_000,
    });
    expect(fits.ok).toBe(true);
    const over = readJson(sharedArrays(16), {
      maxDepth: 64,
      maxArrayLength: 20_000,
      maxStringLength: 20_000,
      maxKeys: 2_000,
      maxNodes: 200_000,
    });
    expect(over.ok ? [] : over.issues.map((issue) => issue.code)).toEqual(['too_large']);
    const deep = readJson(sharedChildren(80), INPUT_LIMITS);
    expect(deep.ok ? [] : deep.issues.map((issue) => issue.code)).toContain('too_deep');
  });

  it('refuses a cycle, saying where it closes', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a['child'] = { back: a };
    const read = readJson({ root: a }, INPUT_LIMITS);
    expect(read.ok ? [] : read.issues).toEqual([
      {
        path: 'root.child.back',
        code: 'cycle',
        message: "'root.child.back' refers back to 'root', which contains it: JSON cannot hold a cycle",
      },
    ]);
  });

  it('never calls a getter, and reads a Proxy through its traps once', () => {
    let calls = 0;
    const read = readJson(
      Object.defineProperty({}, 'x', {
        get: () => {
          calls += 1;
          return 1;
        },
        enumerable: true,
      }),
      INPUT_LIMITS,
    );
    expect(read.ok).toBe(false);
    expect(calls).toBe(0);
    const proxied = readJson(new Proxy({ fever: true }, {}), INPUT_LIMITS);
    expect(proxied).toMatchObject({ ok: true, value: { fever: true } });
  });

  it('leaves out keys whose value is undefined, as JSON.stringify does', async () => {
    expect(readJson({ a: undefined, b: 1 }, INPUT_LIMITS)).toMatchObject({ ok: true, value: { b: 1 } });
    expect((await triage.assess({ hoursSinceTreatment: 30, signs: { fever: undefined } })).level).toBeDefined();
  });
});

describe('hours from timestamps get the bounds of a given hoursSinceTreatment', () => {
  const at = (hours: number): { treatedAt: string; assessedAt: string } => ({
    treatedAt: new Date(now.getTime() - hours * MS_PER_HOUR).toISOString(),
    assessedAt: now.toISOString(),
  });

  it('the issue example: a treatment in 1970 is refused, not read as 492,540 hours', async () => {
    expect(await issuesOf(() => triage.assess({ treatedAt: '1970-01-01T00:00:00Z' }))).toEqual([
      {
        path: 'treatedAt',
        code: 'too_big',
        message: `'treatedAt' (1970-01-01T00:00:00Z) is 492540 h before the current time: at most ${String(MAX_HOURS)} h (ten years) since treatment is accepted`,
      },
    ]);
  });

  it.each([
    ['assess', (input: Record<string, unknown>): unknown => triage.assess(input)],
    ['aftercare', (input: Record<string, unknown>): unknown => triage.aftercare(input)],
  ] as const)('%s: a boundary pair at ten years, the same as for given hours', async (_name, run) => {
    await expect(Promise.resolve().then(() => run(at(MAX_HOURS)))).resolves.toBeDefined();
    expect((await issuesOf(() => run(at(MAX_HOURS + 0.001)))).map((issue) => [issue.path, issue.code])).toEqual([['treatedAt', 'too_big']]);
    await expect(Promise.resolve().then(() => run({ hoursSinceTreatment: MAX_HOURS }))).resolves.toBeDefined();
    expect((await issuesOf(() => run({ hoursSinceTreatment: MAX_HOURS + 0.001 }))).map((issue) => [issue.path, issue.code])).toEqual([
      ['hoursSinceTreatment', 'too_big'],
    ]);
  });

  it('without assessedAt, the clock is the other end', async () => {
    const treatedAt = new Date(now.getTime() - (MAX_HOURS + 1) * MS_PER_HOUR).toISOString();
    expect((await issuesOf(() => triage.assess({ treatedAt }))).map((issue) => issue.code)).toEqual(['too_big']);
  });
});

describe('bounded "did you mean"', () => {
  it('suggests for short names, not for long ones (boundary at 64 characters)', () => {
    const known = ['a'.repeat(MAX_SUGGESTED_NAME)];
    expect(closestName(`${'a'.repeat(MAX_SUGGESTED_NAME - 1)}b`, known)).toBe(known[0]);
    expect(closestName(`${'a'.repeat(MAX_SUGGESTED_NAME)}b`, known)).toBeUndefined();
    expect(closestName('fevr', ['fever', 'chills'])).toBe('fever');
    expect(closestName('xyzabc', ['fever', 'chills'])).toBeUndefined();
  });

  it('the bounded edit distance agrees with the full one wherever it matters (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 4 }), (a, b, limit) => {
        const full = editDistance(a, b);
        const bounded = editDistance(a, b, limit);
        if (full <= limit) expect(bounded).toBe(full);
        else expect(bounded).toBeGreaterThan(limit);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives a suggestion to the first 20 unknown keys of an input only', async () => {
    // 30 keys one edit away from 'fever': each could get a suggestion.
    const signs = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`fever${String.fromCharCode(65 + index)}`, true]));
    const issues = await issuesOf(() => triage.assess({ signs }));
    expect(issues.filter((issue) => issue.code === 'unknown_key')).toHaveLength(30);
    expect(issues.filter((issue) => issue.message.includes("did you mean 'fever'"))).toHaveLength(20);
  });

  it('gives suggestions to at most 20 unknown facts of a rule set', () => {
    const rules = Array.from({ length: 60 }, (_, index) =>
      minimalRule(`x.r${String(index)}`, { all: [{ fact: 'signs.fevr', operator: 'equal', value: true }] }),
    );
    const diagnostics = validateRuleSet(withExtraRule(builtinRuleSet, ...rules)).diagnostics.filter(
      (diagnostic) => diagnostic.code === 'unknown-fact',
    );
    expect(diagnostics).toHaveLength(60);
    expect(diagnostics.filter((diagnostic) => diagnostic.message.includes('did you mean')).length).toBe(20);
  });
});

describe('names echoed in messages are shortened', () => {
  it('shortName keeps the start and says the length; shortText keeps the start and the end', () => {
    expect(shortName('x'.repeat(80))).toBe('x'.repeat(80));
    expect(shortName('x'.repeat(81))).toBe(`${'x'.repeat(56)}… (81 characters)`);
    expect(shortText(`${'a'.repeat(1000)} is not a question`, 100)).toBe(
      `${'a'.repeat(60)}…(928 characters left out)…${'a'.repeat(12)} is not a question`,
    );
    // A surrogate pair is never cut in two.
    expect(shortName('😀'.repeat(100))).toMatch(/^(😀)+… \(200 characters\)$/);
  });

  it('in paths, both kinds of error', async () => {
    expect(fieldPath(['signs', 'k'.repeat(1_000)])).toBe(`signs.${'k'.repeat(56)}… (1000 characters)`);
    const [issue] = await issuesOf(() => triage.assess({ signs: { ['k'.repeat(9_000)]: true } }));
    expect(issue?.path.length).toBeLessThan(120);
    expect(issue?.message.length).toBeLessThan(200);
    const diagnostics = validateRuleSet(
      withExtraRule(builtinRuleSet, minimalRule('x.long', { all: [{ fact: 'f'.repeat(15_000), operator: 'equal', value: true }] })),
    ).diagnostics;
    expect(diagnostics[0]?.message.length).toBeLessThan(200);
  });
});

describe('a rule condition built in code with shared subtrees', () => {
  it('of 2^10 leaves: validated, compiled and evaluated like the tree it stands for', async () => {
    const conditions = { all: [{ fact: 'signs.fever', operator: 'equal', value: true }, sharedArrays(10)] };
    const ruleSet = withExtraRule(builtinRuleSet, {
      ...minimalRule('x.shared', conditions),
      event: { type: 'assessment', params: { level: 'urgent', message: { clinician: 'c', patient: 'p' } } },
    });
    expect(validateRuleSet(ruleSet).diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    for (const evaluator of ['compiled', 'json-rules-engine'] as const) {
      const shared = createTriage({ ruleSet, evaluator, now: () => now });
      const assessment = await shared.assess({ hoursSinceTreatment: 30, signs: { fever: true } });
      expect(assessment.reasons.map((reason) => reason.ruleId)).toContain('x.shared');
    }
  });

  it('of 2^25 leaves: refused by size at once (such a condition was a 20 s walk)', () => {
    const ruleSet = withExtraRule(builtinRuleSet, minimalRule('x.shared', sharedArrays(25) as Record<string, unknown>));
    expect(validateRuleSet(ruleSet).diagnostics.map((diagnostic) => diagnostic.code)).toContain('too-large');
  });
});

describe('case files', () => {
  it('an unknown base is an ObservationError naming the case (it was a raw Error)', () => {
    let thrown: unknown;
    try {
      resolveCaseFile({ bases: { usual: {} }, cases: [{ name: 'x', base: 'nope', input: {}, expect: {} }] });
    } catch (error) {
      thrown = error;
    }
    expect(isObservationError(thrown)).toBe(true);
    expect((thrown as ObservationError).issues).toEqual([
      { path: 'cases.0.base', code: 'invalid_value', message: "'cases.0.base': unknown base 'nope' (the bases are 'usual')" },
    ]);
    // Boundary: a base the file has is merged.
    expect(
      resolveCaseFile({ bases: { usual: { hoursSinceTreatment: 3 } }, cases: [{ name: 'x', base: 'usual', input: {}, expect: {} }] })[0]
        ?.input,
    ).toEqual({
      hoursSinceTreatment: 3,
    });
  });
});
