import { describe, expect, it } from 'vitest';
import { builtinRuleSet, createTriage } from '../src/index.js';
import {
  diffDecisions,
  mutateRules,
  computeCoverage,
  runCases,
  explainFailure,
  formatJUnit,
  resolveCaseFile,
} from '../src/testing/index.js';
import fc from 'fast-check';
import { coverageReport, mergeCoverage, observeCoverage } from '../src/testing/coverage.js';
import { loadGoldenCorpus } from './support/golden-corpus.js';
import { cloneJson, minimalRule, withExtraRule } from './support/rule-sets.js';

const now = (): Date => new Date('2026-03-10T12:00:00Z');
const corpus = loadGoldenCorpus().flatMap(({ cases }) => cases);

/** Mutants that no case can kill because they do not change any result (argued in docs/testing-rule-changes.md). */
const EQUIVALENT_MUTANTS = [
  'infection-vs-normal.timing.worsening-after-48h [drop-condition] /conditions/all/1: condition dropped',
  'infection-vs-normal.pain.increasing [drop-condition] /conditions/all/1: condition dropped',
  'timeline.phase.immediate [drop-condition] /conditions/all/0: condition dropped',
  'timeline.phase.immediate [threshold] /conditions/all/0: hoursSinceTreatment greaterThanInclusive 0 -> -2',
  'causes.hsv.history-with-blisters [grade] level contact-provider -> monitor',
  'causes.contact-dermatitis.spreading-reaction [grade] level contact-provider -> monitor',
  'contraindications.rosacea-flare [grade] decision postpone -> proceed-with-caution',
];

describe('mutation testing of the built-in rules with their own cases', () => {
  it('kills at least 90% of mutants, and every survivor is a known equivalent mutant', async () => {
    const report = await mutateRules(builtinRuleSet, corpus);
    expect(report.failingCases).toEqual([]);
    expect(report.score).toBeGreaterThanOrEqual(90);
    const survivors = report.mutants
      .filter((mutant) => mutant.status === 'survived')
      .map((mutant) => `${mutant.ruleId} [${mutant.kind}] ${mutant.description}`);
    expect(survivors).toEqual(EQUIVALENT_MUTANTS);
  }, 300_000);

  it('reports a planted condition that no case pins down', async () => {
    const planted = {
      ...minimalRule('clinic.itch-and-peeling', {
        all: [
          { fact: 'signs.itch', operator: 'equal', value: 'intense' },
          { fact: 'signs.peeling', operator: 'equal', value: true },
        ],
      }),
      sources: [
        { document: '002_7e529fb54bb099b7.txt', section: 'You might notice some slight peeling or shedding', explains: ['signs.peeling'] },
      ],
    };
    const ruleSet = withExtraRule(builtinRuleSet, planted);
    const cases = resolveCaseFile({
      now: '2026-03-10T12:00:00Z',
      cases: [
        {
          name: 'itch and peeling',
          input: { hoursSinceTreatment: 60, signs: { itch: 'intense', peeling: true } },
          expect: { fired: ['clinic.itch-and-peeling'] },
        },
        {
          name: 'peeling only',
          input: { hoursSinceTreatment: 60, signs: { itch: 'none', peeling: true } },
          expect: { notFired: ['clinic.itch-and-peeling'] },
        },
      ],
    });
    const report = await mutateRules(ruleSet, cases, { only: ['clinic.'] });
    const survivors = report.mutants.filter((mutant) => mutant.status === 'survived').map((mutant) => mutant.description);
    expect(survivors).toContain('/conditions/all/1: condition dropped');
    expect(survivors).not.toContain('/conditions/all/0: condition dropped');
    expect(report.mutants.every((mutant) => mutant.ruleId === 'clinic.itch-and-peeling')).toBe(true);
  });
});

describe('decision diff between rule versions', () => {
  const base = createTriage({ now });

  it('reports a planted threshold change as down-triage and fails unless approved', async () => {
    const edited = cloneJson(builtinRuleSet);
    const timeline = edited.files['timeline.json'] as { rules: { id: string; conditions: { all: { fact: string; value: unknown }[] } }[] };
    const rule = timeline.rules.find((candidate) => candidate.id === 'timeline.redness.persisting-past-14-days');
    const hours = rule?.conditions.all.find((condition) => condition.fact === 'hoursSinceTreatment');
    if (hours) hours.value = 400;
    const head = createTriage({ ruleSet: { ...edited, version: '1.0.1' }, now });
    const cases = corpus.filter((entry) => entry.kind !== 'screening');

    const diff = await diffDecisions(base, head, cases);
    expect(diff.rules).toEqual({ added: [], removed: [], modified: ['timeline.redness.persisting-past-14-days'] });
    expect(diff.passed).toBe(false);
    const downNames = diff.downTriaged.map((change) => change.name);
    expect(downNames).toContain('mild redness: 337 h (above 336 h)');
    expect(diff.levels['contact-provider']?.['expected']).toBeGreaterThan(0);
    expect(diff.downTriaged.every((change) => change.changed.includes('grade') && change.base.grade === 'contact-provider')).toBe(true);

    const approved = await diffDecisions(base, head, cases, downNames);
    expect(approved.passed).toBe(true);
    expect(approved.unapproved).toEqual([]);
  });

  it('finds no change between identical rule sets', async () => {
    const diff = await diffDecisions(base, createTriage({ ruleSet: cloneJson(builtinRuleSet), now }), corpus);
    expect(diff.changed).toEqual([]);
    expect(diff.passed).toBe(true);
  });

  it('passes an up-triage, and reports added and removed rules', async () => {
    const stricter = withExtraRule(builtinRuleSet, {
      ...minimalRule('clinic.any-itch', { all: [{ fact: 'signs.itch', operator: 'in', value: ['mild', 'intense'] }] }),
    });
    const files = { ...stricter.files };
    const causes = files['causes.json'] as { rules: { id: string }[] };
    files['causes.json'] = { ...causes, rules: causes.rules.filter((candidate) => candidate.id !== 'causes.acne.breakout') };
    const head = createTriage({ ruleSet: { ...stricter, files }, now });
    const diff = await diffDecisions(base, head, [
      { name: 'itchy', input: { hoursSinceTreatment: 60, signs: { itch: 'mild' } } },
      { name: 'invalid', input: { signs: { itch: 'very' } } },
      { name: 'screening', kind: 'screening', input: { conditions: { pregnant: true } } },
    ]);
    expect(diff.rules.added).toEqual(['clinic.any-itch']);
    expect(diff.rules.removed).toEqual(['causes.acne.breakout']);
    expect(diff.changed.map((change) => change.name)).toEqual(['itchy']);
    expect(diff.passed).toBe(true);
    expect(diff.levels['invalid']?.['invalid']).toBe(1);
    expect(diff.decisions['postpone']?.['postpone']).toBe(1);
  });
});

describe('coverage and explanations', () => {
  it('the built-in cases cover every rule both ways and every condition both ways', async () => {
    const triage = createTriage({ now });
    const coverage = computeCoverage(await runCases(triage, corpus), triage.rules);
    expect(coverage.rules.uncovered).toEqual([]);
    expect(coverage.rules.percent).toBe(100);
    expect(coverage.conditions.percent).toBeGreaterThanOrEqual(95);
    expect(coverage.grades.missing).toEqual([]);
  });

  it('coverage observed in parts and merged (as on worker threads) is the coverage of the whole corpus, whatever the split', async () => {
    const triage = createTriage({ now });
    const results = await runCases(triage, corpus);
    const whole = computeCoverage(results, triage.rules);
    // A prefix of the corpus (`sample`) leaves gaps, so the gaps are compared as well as the covered parts.
    fc.assert(
      fc.property(fc.array(fc.nat(results.length), { minLength: 1, maxLength: 6 }), fc.nat(results.length), (cuts, sample) => {
        const part = results.slice(0, sample);
        const bounds = [...new Set([0, ...cuts, part.length].map((cut) => Math.min(cut, part.length)))].sort((a, b) => a - b);
        const pieces = bounds.slice(1).map((end, index) => part.slice(bounds[index], end));
        expect(coverageReport(mergeCoverage(pieces.map(observeCoverage)), triage.rules)).toEqual(computeCoverage(part, triage.rules));
      }),
      { numRuns: 30 },
    );
    expect(coverageReport(mergeCoverage([observeCoverage(results)]), triage.rules)).toEqual(whole);
    expect(coverageReport(mergeCoverage([]), triage.rules)).toEqual(computeCoverage([], triage.rules));
  });

  it('reports what a small corpus leaves uncovered', async () => {
    const triage = createTriage({ now });
    const results = await runCases(triage, [{ name: 'one', input: { hoursSinceTreatment: 30, signs: { fever: true } }, expect: {} }]);
    const coverage = computeCoverage(results, triage.rules);
    expect(coverage.rules.percent).toBe(0);
    expect(coverage.rules.uncovered).toContainEqual({ ruleId: 'infection-vs-normal.systemic.fever-or-chills', missing: 'not firing' });
    expect(coverage.rules.uncovered).toContainEqual({ ruleId: 'red-flags.blisters', missing: 'firing' });
    expect(coverage.conditions.uncovered).toContainEqual(
      expect.objectContaining({ ruleId: 'red-flags.blisters', path: '/all/0', missing: 'true' }),
    );
    expect(coverage.grades.missing).toEqual(['expected', 'monitor', 'contact-provider']);
  });

  it('explains a failure condition by condition, with the values seen', async () => {
    const triage = createTriage({ now });
    const entry = {
      name: 'wrong',
      input: { hoursSinceTreatment: 71, signs: { redness: 'moderate' } },
      expect: { fired: ['timeline.redness.moderate-after-day-3'], level: 'contact-provider' as const },
    };
    const [result] = await runCases(triage, [entry]);
    if (result === undefined) throw new Error('no result');
    const lines = explainFailure(result, entry.expect, triage.rules);
    expect(lines).toContain('rule timeline.redness.moderate-after-day-3 [monitor] did not fire');
    expect(lines).toContain('    ✗ hoursSinceTreatment ≥ 72   (saw 71)');
    expect(lines).toContain('    ✓ signs.redness = "moderate"   (saw "moderate")');
    expect(lines).toContain('  ✗ all');
    expect(lines).toContain(
      'rule infection-vs-normal.timing.worsening-after-48h [contact-provider] did not fire (could, if answered: signs.rednessTrend)',
    );
  });

  it('writes JUnit XML with failures escaped', () => {
    const xml = formatJUnit([
      {
        name: 'suite <1>',
        results: [
          { name: 'a & b', passed: false, failures: ['level: expected "x"'] },
          { name: 'ok', passed: true, failures: [] },
        ],
      },
    ]);
    expect(xml).toContain('<testsuite name="suite &lt;1&gt;" tests="2" failures="1">');
    expect(xml).toContain('<testcase classname="suite &lt;1&gt;" name="a &amp; b">');
    expect(xml).toContain('<failure message="level: expected &quot;x&quot;">');
    expect(xml).toContain('<testcase classname="suite &lt;1&gt;" name="ok"/>');
  });
});

describe('explaining the floor', () => {
  it('names the unanswered questions that hold a result at the floor', async () => {
    const triage = createTriage({ now });
    const entry = { name: 'floor', input: { hoursSinceTreatment: 30, signs: { redness: 'mild' } }, expect: { level: 'expected' as const } };
    const [result] = await runCases(triage, [entry]);
    if (result === undefined) throw new Error('no result');
    const lines = explainFailure(result, entry.expect, triage.rules);
    expect(lines[0]).toBe('rule red-flags.unanswered [monitor] fired');
    expect(lines.find((line) => line.startsWith('  unanswered: '))).toContain('signs.fever');
  });
});
