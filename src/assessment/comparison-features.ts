import { COMPARISON_FEATURES } from '../contract.js';
import type { AssessmentKnowledge, LoadedAssessmentRule } from '../rules/load-rule-set.js';
import type { FeatureInfo } from '../rules/rule-set-schema.js';
import { factsOf } from '../rules/condition-tree.js';

/** A comparison feature with the rules that decide it and the facts they read. */
export interface IndexedFeature {
  readonly feature: FeatureInfo;
  readonly rules: readonly LoadedAssessmentRule[];
  readonly facts: readonly string[];
}

const indexes = new WeakMap<AssessmentKnowledge, readonly IndexedFeature[]>();

/** The comparison features in contract order, with their rules and facts (built once per rule set). */
export function indexedFeatures(knowledge: AssessmentKnowledge): readonly IndexedFeature[] {
  const cached = indexes.get(knowledge);
  if (cached !== undefined) return cached;
  const features = [...knowledge.features]
    .sort((a, b) => COMPARISON_FEATURES.indexOf(a.id) - COMPARISON_FEATURES.indexOf(b.id))
    .map((feature) => {
      const rules = knowledge.rules.filter((rule) => rule.event.params.comparison?.feature === feature.id);
      return { feature, rules, facts: [...new Set(rules.flatMap((rule) => factsOf(rule.conditions)))] };
    });
  indexes.set(knowledge, features);
  return features;
}
