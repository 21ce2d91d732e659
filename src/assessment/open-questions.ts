import { levelRank, type Level } from '../contract.js';
import { evaluateTriState, type TriStateOutcome } from '../engine/tri-state.js';
import type { FactValue } from '../facts/fact-values.js';
import type { AssessmentKnowledge, LoadedAssessmentRule } from '../rules/load-rule-set.js';
import type { MissingQuestion } from './assessment-types.js';

/** Each rule's status under three-valued logic, for the facts of one check-in. */
export type RuleStatuses = ReadonlyMap<string, TriStateOutcome>;

/** Evaluates every rule under three-valued logic: which could still fire on unanswered questions. */
export function ruleStatuses(rules: readonly LoadedAssessmentRule[], facts: Readonly<Record<string, FactValue>>): RuleStatuses {
  return new Map(rules.map((rule) => [rule.id, evaluateTriState(rule.conditions, facts)]));
}

/** Unanswered facts that could still fire a red-flag rule. */
export function openRedFlagFacts(rules: readonly LoadedAssessmentRule[], statuses: RuleStatuses): Set<string> {
  const open = new Set<string>();
  for (const rule of rules) {
    if (rule.redFlag !== true) continue;
    for (const fact of statuses.get(rule.id)?.openFacts ?? []) open.add(fact);
  }
  return open;
}

/**
 * The unanswered questions whose answers could raise the level above `level`: the open facts of
 * every rule that could still fire with a higher level. Red-flag questions come first, then the
 * highest possible level, then the order of the questions file.
 */
export function missingQuestions(knowledge: AssessmentKnowledge, statuses: RuleStatuses, level: Level): MissingQuestion[] {
  const byFact = new Map<string, { couldRaiseTo: Level; redFlag: boolean; rules: string[] }>();
  for (const rule of knowledge.rules) {
    const ruleLevel = rule.event.params.level;
    if (levelRank(ruleLevel) <= levelRank(level)) continue;
    for (const fact of statuses.get(rule.id)?.openFacts ?? []) {
      const entry = byFact.get(fact) ?? { couldRaiseTo: ruleLevel, redFlag: false, rules: [] };
      if (levelRank(ruleLevel) > levelRank(entry.couldRaiseTo)) entry.couldRaiseTo = ruleLevel;
      entry.redFlag ||= rule.redFlag === true;
      entry.rules.push(rule.id);
      byFact.set(fact, entry);
    }
  }
  const questions = [...byFact].map(([fact, entry]): MissingQuestion => {
    const question = knowledge.questions.get(fact);
    return {
      id: fact,
      question:
        question === undefined
          ? { patient: `Please answer: ${fact}`, clinician: fact }
          : { patient: question.patient, clinician: question.clinician },
      couldRaiseTo: entry.couldRaiseTo,
      redFlag: entry.redFlag,
      rules: entry.rules,
    };
  });
  const order = (id: string): number => knowledge.questions.get(id)?.order ?? Number.MAX_SAFE_INTEGER;
  return questions.sort(
    (a, b) =>
      Number(b.redFlag) - Number(a.redFlag) ||
      levelRank(b.couldRaiseTo) - levelRank(a.couldRaiseTo) ||
      order(a.id) - order(b.id) ||
      (a.id < b.id ? -1 : 1),
  );
}
