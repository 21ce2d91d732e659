import type { InputIssue } from '../input/observation-error.js';
import { valueAt } from '../input/dotted-path.js';
import type { Question, QuestionGate } from '../rules/rule-set-schema.js';
import type { FactValue } from './fact-values.js';

/** A question with a gate, by the fact it answers. */
export interface GatedQuestion {
  readonly fact: string;
  readonly gate: QuestionGate;
}

/** The gated questions among `questions`. */
export function gatedQuestions(questions: Iterable<Question>): GatedQuestion[] {
  return [...questions].flatMap(({ fact, gate }) => (gate === undefined ? [] : [{ fact, gate }]));
}

/** Whether an answer to the gate's question closes the gate. */
export function closesGate(gate: QuestionGate, answer: unknown): boolean {
  return gate.closedBy.some((value) => value === answer);
}

/**
 * Fills each gated fact left unanswered while its gate is closed with the gate's value (gates do
 * not hang on gated questions: the validator refuses that). Returns how each was filled.
 */
export function applyGates(values: Record<string, FactValue>, gated: readonly GatedQuestion[]): Record<string, string> {
  const notes: Record<string, string> = {};
  for (const { fact, gate } of gated) {
    const answer = values[gate.fact];
    if ((values[fact] ?? null) !== null || !closesGate(gate, answer)) continue;
    values[fact] = gate.value;
    notes[fact] = `not asked: '${gate.fact}' is ${JSON.stringify(answer)} (${gate.id})`;
  }
  return notes;
}

/**
 * An answer to a gated question that the answer closing its gate contradicts ("no blisters" and
 * "clusters of small blisters"): both fields, `inconsistent_answer`, never a guess at which is meant.
 */
export function gateConflicts(input: unknown, gated: readonly GatedQuestion[]): InputIssue[] {
  return gated.flatMap(({ fact, gate }) => {
    const given = valueAt(input, fact);
    const answer = valueAt(input, gate.fact);
    if (given === undefined || given === null || given === gate.value || !closesGate(gate, answer)) return [];
    const message = `'${gate.fact}' is ${JSON.stringify(answer)}, so '${fact}' can only be ${JSON.stringify(gate.value)} (${gate.id}), but it is ${JSON.stringify(given)}: give one of them, or make them agree`;
    return [
      { path: gate.fact, code: 'inconsistent_answer' as const, message },
      { path: fact, code: 'inconsistent_answer' as const, message },
    ];
  });
}
