import { describe, expect, it } from 'vitest';
import { builtinRuleSet, createTriage } from '../src/index.js';
import { allClear } from './support/all-clear.js';

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
const advice = builtinRuleSet.files['advice.json'] as {
  levels: { monitor: { summary: unknown; summaries: { openQuestions: unknown; patternAndOpenQuestions: unknown } } };
};

describe('the monitor summary says why the level was reached', () => {
  it('only questions are open: the open-questions wording', async () => {
    const result = await triage.assess({ hoursSinceTreatment: 30, signs: { redness: 'mild' } });
    expect(result.reasons.filter((reason) => reason.level === 'monitor').map((reason) => reason.ruleId)).toEqual(['red-flags.unanswered']);
    expect(result.advice.summary).toEqual(advice.levels.monitor.summaries.openQuestions);
  });

  it('a pattern, every question answered: the pattern wording', async () => {
    const result = await triage.assess(allClear({ hoursSinceTreatment: 100, signs: { redness: 'moderate' }, patient: { fitzpatrick: 2 } }));
    expect(result.level).toBe('monitor');
    expect(result.reasons.map((reason) => reason.ruleId)).not.toContain('red-flags.unanswered');
    expect(result.advice.summary).toEqual(advice.levels.monitor.summary);
  });

  it('a pattern and open questions: the combined wording', async () => {
    const result = await triage.assess({ hoursSinceTreatment: 100, signs: { redness: 'moderate', breakout: true } });
    expect(result.level).toBe('monitor');
    expect(result.advice.summary).toEqual(advice.levels.monitor.summaries.patternAndOpenQuestions);
  });
});

describe('advice lines', () => {
  it('are given once each, by id, without lines that do not apply', async () => {
    const dry = await triage.assess(
      allClear({ hoursSinceTreatment: 120, signs: { redness: 'mild', discharge: 'none', heavyBleeding: true } }),
    );
    expect(dry.level).toBe('contact-provider');
    expect(dry.advice.nowIds).not.toContain('cover-drainage');
    const draining = await triage.assess(
      allClear({ hoursSinceTreatment: 120, signs: { redness: 'mild', discharge: 'clear', heavyBleeding: true } }),
    );
    expect(draining.advice.nowIds).toContain('cover-drainage');
    expect(draining.advice.now).toHaveLength(draining.advice.nowIds.length);
  });

  it('a stronger line replaces the ones it makes redundant', async () => {
    const result = await triage.assess(
      allClear({
        hoursSinceTreatment: 60,
        exposures: { newProductApplied: true, newProductKind: 'makeup' },
        signs: { redness: 'mild', itch: 'mild' },
      }),
    );
    expect(result.level).toBe('contact-provider');
    expect(result.reasons.map((reason) => reason.ruleId)).toContain('causes.contact-dermatitis.new-product');
    expect(result.advice.nowIds.filter((id) => id.startsWith('stop-'))).toEqual(['stop-all-products']);
  });
});
