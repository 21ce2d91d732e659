import { Engine, Fact } from 'json-rules-engine';
import { EnginePool } from '../src/engine/engine-pool.js';
import { describe, expect, it } from 'vitest';
import { createTriage, RuleSetError, type AssessInput } from '../src/index.js';
import { EngineRuleRunner } from '../src/engine/json-rules-engine-runner.js';
import { builtinRuleSet } from '../src/rules/builtin-rules.js';
import type { TopLevelCondition } from '../src/rules/rule-set-schema.js';
import { withExtraRule, minimalRule } from './support/rule-sets.js';

const negated: TopLevelCondition = { all: [{ fact: 'signs.discharge', operator: 'notEqual', value: 'none' }] };

describe('json-rules-engine trap 1: negated conditions on missing facts', () => {
  it('a bare engine fires notEqual when the fact is null (the trap is real)', async () => {
    const engine = new Engine([{ name: 'r', conditions: negated, event: { type: 'fired' } }]);
    const { events } = await engine.run({ 'signs.discharge': null });
    expect(events).toHaveLength(1);
  });

  it('our runner does not fire notEqual, notIn or doesNotContain on an unknown fact', async () => {
    const runner = new EngineRuleRunner([
      { id: 'not-equal', conditions: negated },
      { id: 'not-in', conditions: { all: [{ fact: 'signs.discharge', operator: 'notIn', value: ['none', 'clear'] }] } },
      { id: 'does-not-contain', conditions: { all: [{ fact: 'treatment.adjuncts', operator: 'doesNotContain', value: 'prp' }] } },
    ]);
    const unknown = await runner.run({ 'signs.discharge': null, 'treatment.adjuncts': null });
    expect(unknown.filter((outcome) => outcome.fired)).toEqual([]);
    const known = await runner.run({ 'signs.discharge': 'purulent', 'treatment.adjuncts': ['serum'] });
    expect(
      known
        .filter((outcome) => outcome.fired)
        .map((outcome) => outcome.ruleId)
        .sort(),
    ).toEqual(['does-not-contain', 'not-equal', 'not-in']);
  });

  it('a rule set that negates a fact which may be unanswered is rejected at load', () => {
    const ruleSet = withExtraRule(builtinRuleSet, minimalRule('custom.negated', negated));
    expect(() => createTriage({ ruleSet })).toThrow(RuleSetError);
    try {
      createTriage({ ruleSet });
    } catch (error) {
      expect((error as RuleSetError).diagnostics.map((diagnostic) => diagnostic.code)).toContain('negated-unknown');
    }
  });

  it("a 'not' over a fact that may be unanswered is rejected at load", () => {
    const ruleSet = withExtraRule(
      builtinRuleSet,
      minimalRule('custom.not', { not: { fact: 'signs.fever', operator: 'equal', value: true } }),
    );
    expect(() => createTriage({ ruleSet })).toThrow(/negat|not/);
  });
});

describe('json-rules-engine trap 2: overlapping runs on one engine (its issue #303)', () => {
  const tiered = [
    { name: 'high', priority: 10, conditions: { all: [{ fact: 'x', operator: 'equal', value: 1 }] }, event: { type: 'high' } },
    { name: 'low', priority: 1, conditions: { all: [{ fact: 'x', operator: 'equal', value: 1 }] }, event: { type: 'low' } },
  ];

  it('a bare shared engine skips lower-priority rules when runs overlap (the trap is real)', async () => {
    const engine = new Engine(tiered);
    const slowX = new Fact('x', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 1;
    });
    // The fast run finishes and marks the shared engine FINISHED while the slow one is still in
    // its first priority tier: the slow run's lower tier is then skipped.
    const [slow, fast] = await Promise.all([engine.run({ x: slowX }), engine.run({ x: 1 })]);
    expect(fast.events.map((event) => event.type)).toEqual(['high', 'low']);
    expect(slow.events.map((event) => event.type)).toEqual(['high']);
  });

  it('the pool never lends one engine to two overlapping runs', async () => {
    const pool = new EnginePool([]);
    const inUse = new Set<Engine>();
    let overlaps = 0;
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        pool.use(async (engine) => {
          if (inUse.has(engine)) overlaps += 1;
          inUse.add(engine);
          await new Promise((resolve) => setTimeout(resolve, index % 5));
          inUse.delete(engine);
        }),
      ),
    );
    expect(overlaps).toBe(0);
  });

  it('our runner gives every overlapping run its own engine', async () => {
    const runner = new EngineRuleRunner(
      tiered.map((rule) => ({ id: rule.name, priority: rule.priority, conditions: rule.conditions as TopLevelCondition })),
    );
    const runs = await Promise.all(Array.from({ length: 200 }, () => runner.run({ x: 1 })));
    for (const outcomes of runs)
      expect(
        outcomes
          .filter((outcome) => outcome.fired)
          .map((outcome) => outcome.ruleId)
          .sort(),
      ).toEqual(['high', 'low']);
  });

  it('concurrent assessments equal sequential ones, also with priority tiers in the rules', async () => {
    const tieredRules = withPriorities(builtinRuleSet);
    const triage = createTriage({ ruleSet: tieredRules, now: () => new Date('2026-03-10T12:00:00Z'), evaluator: 'json-rules-engine' });
    const inputs = Array.from({ length: 300 }, (_, index) => checkInFor(index));
    const sequential = [];
    for (const input of inputs) sequential.push(await triage.assess(input));
    const concurrent = await Promise.all(inputs.map((input) => triage.assess(input)));
    expect(concurrent).toEqual(sequential);
    expect(new Set(sequential.map((assessment) => assessment.level)).size).toBeGreaterThan(2);
  });
});

function checkInFor(index: number): AssessInput {
  const redness = (['none', 'mild', 'moderate', 'severe'] as const)[index % 4];
  const hours = [2, 30, 60, 100, 200, 400][index % 6];
  return {
    hoursSinceTreatment: hours,
    signs: {
      redness,
      // A sign that is absent is not worsening (the input contract refuses the pair).
      rednessTrend: index % 5 === 0 && redness !== 'none' ? 'worsening' : 'improving',
      fever: index % 7 === 0,
      discharge: index % 11 === 0 ? 'purulent' : 'none',
      pain: 'mild',
      painTrend: 'stable',
      itch: index % 3 === 0 ? 'intense' : 'none',
    },
  };
}

/** The built-in rules with a different priority on every third rule: several priority tiers. */
function withPriorities(source: typeof builtinRuleSet): typeof builtinRuleSet {
  const files = Object.fromEntries(
    Object.entries(source.files).map(([name, content]) => {
      const file = content as { rules?: { priority?: number }[] };
      if (file.rules === undefined) return [name, content];
      return [name, { ...file, rules: file.rules.map((rule, index) => ({ ...rule, priority: 1 + (index % 3) })) }];
    }),
  );
  return { ...source, files };
}
