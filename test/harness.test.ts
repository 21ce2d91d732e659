import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTriage } from '../src/index.js';
import { checkAssessment, deepMerge, resolveCaseFile, runCases } from '../src/testing/run-cases.js';
import { readStdin } from '../src/cli/read-input.js';
import { dottedPathResolver } from '../src/engine/dotted-path-resolver.js';

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });

describe('the golden-case harness can fail', () => {
  it('reports every unmet expectation as a sentence', async () => {
    const assessment = await triage.assess({ hoursSinceTreatment: 30, signs: { redness: 'mild', breakout: true } });
    const failures = checkAssessment(assessment, {
      level: 'urgent',
      minLevel: 'contact-provider',
      maxLevel: 'expected',
      causes: ['infection'],
      notCauses: ['acne-flare'],
      fired: ['red-flags.blisters'],
      notFired: ['red-flags.unanswered'],
      phase: 'immediate',
      comparison: { timing: 'infection' },
      missing: ['signs.rednessTrend'],
      notMissing: ['signs.fever'],
      advice: ['cover-drainage'],
      notAdvice: ['check-again'],
      invalid: ['signs.redness'],
    });
    expect(failures).toEqual([
      'expected the input to be rejected (signs.redness), but it was accepted',
      "level: expected 'urgent', got 'monitor'",
      "level: expected at least 'contact-provider', got 'monitor'",
      "level: expected at most 'expected', got 'monitor'",
      "cause 'infection' expected but not suspected",
      "cause 'acne-flare' suspected but should not be",
      "rule 'red-flags.blisters' expected to fire but did not",
      "rule 'red-flags.unanswered' fired but should not",
      'phase: expected "immediate", got "early"',
      "comparison 'timing': expected 'infection', got 'unknown'",
      "question 'signs.rednessTrend' expected in missing but not listed",
      "question 'signs.fever' listed in missing but should not be",
      "advice 'cover-drainage' expected but not given",
      "advice 'check-again' given but should not be",
    ]);
  });

  it('fails a case whose input is rejected unexpectedly, or rejected on other fields', async () => {
    const [unexpected, wrongField, right] = await runCases(triage, [
      { name: 'a', input: { signs: { redness: 'very' } }, expect: { level: 'expected' } },
      { name: 'b', input: { signs: { redness: 'very' } }, expect: { invalid: ['signs.pain'] } },
      { name: 'c', input: { signs: { redness: 'very' } }, expect: { invalid: ['signs.redness'] } },
    ]);
    expect(unexpected?.failures[0]).toMatch(/^input rejected: signs.redness/);
    expect(wrongField?.failures[0]).toMatch(/^expected an error at 'signs.pain'/);
    expect(right?.passed).toBe(true);
  });

  it('pins the clock per case or per file', async () => {
    const cases = resolveCaseFile({
      now: '2026-03-03T10:00:00Z',
      cases: [
        { name: 'file clock', input: { treatedAt: '2026-03-01T10:00:00Z' }, expect: { phase: 'fading' } },
        { name: 'case clock', now: '2026-03-01T12:00:00Z', input: { treatedAt: '2026-03-01T10:00:00Z' }, expect: { phase: 'immediate' } },
      ],
    });
    const results = await runCases(triage, cases);
    expect(results.map((result) => result.failures)).toEqual([[], []]);
  });

  it('merges a case onto its base, and rejects an unknown base or a malformed file', () => {
    const [resolved] = resolveCaseFile({
      bases: { b: { signs: { fever: false, pain: 'mild' } } },
      cases: [{ name: 'x', base: 'b', input: { signs: { pain: 'none' } }, expect: {} }],
    });
    expect(resolved?.input).toEqual({ signs: { fever: false, pain: 'none' } });
    expect(() => resolveCaseFile({ cases: [{ name: 'x', base: 'nope', input: {}, expect: {} }] })).toThrow(/unknown base 'nope'/);
    expect(() => resolveCaseFile({ cases: [{ name: 'x', input: {}, expect: { levle: 'urgent' } }] })).toThrow(/levle/);
  });

  it('never turns a __proto__ key into a prototype when merging', () => {
    const merged = deepMerge({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('small pieces', () => {
  it('reads all of stdin', async () => {
    expect(await readStdin(Readable.from(['{"a":', Buffer.from('1}')]))).toBe('{"a":1}');
  });

  it('resolves plain dotted paths over own properties only', () => {
    expect(dottedPathResolver({ a: { b: [10, 20] } }, '$.a.b.1')).toBe(20);
    expect(dottedPathResolver({ a: 1 }, 'a.b')).toBeUndefined();
    expect(dottedPathResolver({}, 'constructor')).toBeUndefined();
    expect(dottedPathResolver({ a: 1 }, '')).toEqual({ a: 1 });
  });
});
