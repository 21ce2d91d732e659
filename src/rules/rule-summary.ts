import type { CauseId, ComparisonFeature, Decision, Level } from '../contract.js';
import type { LoadedRuleSet } from './load-rule-set.js';
import type { TopLevelCondition } from './rule-set-schema.js';
import { factsOf } from './condition-tree.js';

/** What tools need to know about a rule without evaluating it. */
export interface RuleSummary {
  readonly id: string;
  readonly kind: 'assessment' | 'screening';
  /** The rule's level (assessment) or decision (screening). */
  readonly grade: Level | Decision;
  /** Red flag (assessment) or blocking (screening). */
  readonly flagged: boolean;
  readonly causes: readonly CauseId[];
  /** The comparison feature the rule decides, if any. */
  readonly feature?: ComparisonFeature;
  /** Whether the rule sets the timeline phase. */
  readonly phase: boolean;
  /** Facts the conditions test. */
  readonly facts: readonly string[];
  readonly file: string;
  readonly conditions: TopLevelCondition;
  /** The rule as written in its file. */
  readonly definition: unknown;
}

/** Summaries of every assessment and screening rule, in rule order. */
export function summariseRules(ruleSet: LoadedRuleSet): RuleSummary[] {
  const assessment = ruleSet.assessment.rules.map((rule): RuleSummary => {
    const { file, graded: _graded, sources, ...rest } = rule;
    const definition = {
      ...rest,
      sources: sources.map(({ title: _title, kind: _kind, ...ref }) => ref),
    };
    const feature = rule.event.params.comparison?.feature;
    return {
      id: rule.id,
      kind: 'assessment',
      grade: rule.event.params.level,
      flagged: rule.graded.flagged,
      causes: rule.event.params.causes ?? [],
      ...(feature === undefined ? {} : { feature }),
      phase: rule.event.params.phase !== undefined,
      facts: [...new Set(factsOf(rule.conditions))],
      file,
      conditions: rule.conditions,
      definition,
    };
  });
  const screening = ruleSet.screening.rules.map((rule): RuleSummary => {
    const { file, graded: _graded, sources, ...rest } = rule;
    const definition = {
      ...rest,
      sources: sources.map(({ title: _title, kind: _kind, ...ref }) => ref),
    };
    return {
      id: rule.id,
      kind: 'screening',
      grade: rule.event.params.decision,
      flagged: rule.graded.flagged,
      causes: [],
      phase: false,
      facts: [...new Set(factsOf(rule.conditions))],
      file,
      conditions: rule.conditions,
      definition,
    };
  });
  return [...assessment, ...screening];
}
