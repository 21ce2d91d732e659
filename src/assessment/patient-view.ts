import type { Level } from '../contract.js';
import { evaluateTriState } from '../engine/tri-state.js';
import type { FiredRule } from '../evaluation/fired-rules.js';
import type { FactSnapshot } from '../facts/fact-values.js';
import type { AssessmentKnowledge, LoadedAssessmentRule } from '../rules/load-rule-set.js';
import type { AdviceLine, RuleMessage } from '../rules/rule-set-schema.js';
import { explanationOf } from '../evaluation/grade-wording.js';
import type { PatientView } from './assessment-types.js';

/**
 * Advice lines by id, each once in the order asked: without the lines whose condition does not
 * hold for the check-in, and without the lines that a kept line replaces.
 */
export function applyingLines(knowledge: AssessmentKnowledge, ids: Iterable<string>, facts: FactSnapshot): AdviceLine[] {
  const applying = [...new Set(ids)].flatMap((id) => {
    const line = knowledge.adviceLines.get(id);
    return line !== undefined && (line.when === undefined || evaluateTriState(line.when, facts.values).status === true) ? [line] : [];
  });
  const replaced = new Set(applying.flatMap((line) => line.replaces ?? []));
  return applying.filter((line) => !replaced.has(line.id));
}

/**
 * What a patient reads: the level's headline (its summary, with its time frame), the actions of
 * the level and of the rules that decided it, what to watch for, and why: the messages of the
 * rules at the result's level (see `explanationOf`).
 */
export function patientView(
  knowledge: AssessmentKnowledge,
  level: Level,
  ranked: readonly FiredRule<LoadedAssessmentRule>[],
  summary: RuleMessage,
  facts: FactSnapshot,
): PatientView {
  const base = knowledge.advice[level];
  const deciding = ranked.filter(({ rule }) => rule.event.params.level === level).map(({ rule }) => rule);
  const actions = applyingLines(knowledge, [...base.now, ...deciding.flatMap((rule) => rule.event.params.advice ?? [])], facts);
  return {
    headline: summary.patient,
    actions: actions.map((line) => line.text),
    watchFor: [...base.callBackIf],
    explanation: explanationOf(deciding),
  };
}
