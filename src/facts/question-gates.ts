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
 * Fills each gated fact left unanswered while its gate is closed with the gate's value, the
 * fact's least concerning answer (gates do not hang on gated questions: the validator refuses
 * both). An answer given anyway is used as given: a contradiction is read toward concern.
 * Returns how each was filled.
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
