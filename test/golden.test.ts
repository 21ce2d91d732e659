import { describe, expect, it } from 'vitest';
import { CAUSE_IDS, createTriage, DECISIONS, LEVELS } from '../src/index.js';
import { runCases, type CaseResult } from '../src/testing/run-cases.js';
import { builtinRuleSet } from '../src/rules/builtin-rules.js';
import { loadGoldenCorpus } from './support/golden-corpus.js';
import { factsOf } from '../src/rules/condition-tree.js';
import type { TopLevelCondition } from '../src/rules/rule-set-schema.js';

const triage = createTriage();
const corpus = loadGoldenCorpus();

describe.each(corpus)('golden cases: $file', ({ cases }) => {
  it.each(cases.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const [result] = await runCases(triage, [entry]);
    expect(result?.failures).toEqual([]);
  });
});

describe('the golden corpus as a whole', () => {
  const allCases = corpus.flatMap(({ cases }) => cases);
  let results: CaseResult[] = [];

  it('runs', async () => {
    results = await runCases(triage, allCases);
    expect(results.length).toBe(allCases.length);
  });

  it.each(['assessment', 'screening'] as const)('sees every built-in %s rule both firing and not firing', (kind) => {
    const firedSets = results.flatMap((result) => {
      const reasons = kind === 'assessment' ? result.assessment?.reasons : result.screening?.reasons;
      return reasons === undefined ? [] : [new Set(reasons.map((reason) => reason.ruleId))];
    });
    const ruleIds = rulesOf(builtinRuleSet.files, kind).map((rule) => rule.id);
    expect(ruleIds.length).toBeGreaterThan(10);
    expect(ruleIds.filter((id) => !firedSets.some((fired) => fired.has(id)))).toEqual([]);
    expect(ruleIds.filter((id) => firedSets.every((fired) => fired.has(id)))).toEqual([]);
  });

  it('reaches every screening decision', () => {
    const decisions = new Set(results.flatMap((result) => (result.screening === undefined ? [] : [result.screening.decision])));
    expect(decisions).toEqual(new Set(DECISIONS));
  });

  it('reaches every level and suspects every cause', () => {
    const assessed = results.flatMap((result) => (result.assessment === undefined ? [] : [result.assessment]));
    expect(new Set(assessed.map((assessment) => assessment.level))).toEqual(new Set(LEVELS));
    const causes = new Set(assessed.flatMap((assessment) => assessment.causes.map((cause) => cause.id)));
    expect([...CAUSE_IDS].filter((id) => !causes.has(id))).toEqual([]);
  });

  it('has a case on both sides of every hours threshold in the rules', () => {
    const thresholds = new Set<number>();
    for (const rule of rulesOf(builtinRuleSet.files, 'assessment')) collectHourThresholds(rule.conditions, thresholds);
    const hours = allCases.flatMap((entry) => {
      const value = (entry.input as { hoursSinceTreatment?: unknown } | null)?.hoursSinceTreatment;
      return typeof value === 'number' ? [value] : [];
    });
    const unpaired = [...thresholds].filter(
      (threshold) =>
        threshold > 0 &&
        !(hours.some((h) => h < threshold && h >= threshold - 2) && hours.some((h) => h > threshold && h <= threshold + 2)),
    );
    expect(unpaired).toEqual([]);
  });
});

interface RawRule {
  id: string;
  conditions: TopLevelCondition;
}

function rulesOf(files: Readonly<Record<string, unknown>>, kind: 'assessment' | 'screening'): RawRule[] {
  return Object.values(files)
    .filter((file) => (file as { kind?: string }).kind === kind)
    .flatMap((file) => ((file as { rules?: RawRule[] }).rules ?? []).filter((rule) => factsOf(rule.conditions).length > 0));
}

function collectHourThresholds(node: unknown, out: Set<number>): void {
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (record['fact'] === 'hoursSinceTreatment' && typeof record['value'] === 'number') out.add(record['value']);
  for (const key of ['all', 'any']) {
    const children = record[key];
    if (Array.isArray(children)) for (const child of children) collectHourThresholds(child, out);
  }
  if (record['not'] !== undefined) collectHourThresholds(record['not'], out);
}
