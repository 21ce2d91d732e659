import type { Triage } from '../../src/index.js';
import { untyped } from './untyped.js';
import { valueAt, withValueAt } from '../../src/input/dotted-path.js';

/** What an interview came to when a patient answered from a full set of answers. */
export interface SimulatedInterview<G extends string> {
  readonly grade: G;
  /** Questions asked (each "I don't know" counts). */
  readonly asked: number;
  readonly fields: readonly string[];
}

/** What the app already knows when an interview starts: when it happens, and the earlier check-ins on record. */
const CONTEXT = ['assessedAt', 'screenedAt', 'previous'];

/**
 * Runs an interview as a patient who knows `answers`: each step, the first question asked is
 * answered from them, or with "I don't know" when they do not hold it, until the interview is done.
 * The time of the interview and the earlier check-ins are known from the start.
 */
export async function simulateInterview(
  triage: Triage,
  kind: 'checkin' | 'screening',
  answers: unknown,
): Promise<SimulatedInterview<string>> {
  let partial: unknown = Object.fromEntries(
    CONTEXT.flatMap((field) => (valueAt(answers, field) === undefined ? [] : [[field, valueAt(answers, field)]])),
  );
  const unknown: string[] = [];
  const fields: string[] = [];
  for (;;) {
    // The partial is built field by field from answers of unknown shape. Not parsed here: parsing
    // checks the times against a clock (the system's), the interview against the triage's, and
    // generated answers sit in 2026; the interview validates the partial itself.
    const step =
      kind === 'checkin'
        ? await triage.interview(untyped(partial), { unknown })
        : await triage.screeningInterview(untyped(partial), { unknown });
    const grade = 'level' in step.result ? step.result.level : step.result.decision;
    const [question] = step.next;
    if (step.done || question === undefined) return { grade, asked: fields.length, fields };
    if (fields.length > 200) throw new Error('the interview does not end');
    fields.push(question.field);
    const value = valueAt(answers, question.field);
    if (value === undefined) unknown.push(question.field);
    else partial = withValueAt(partial, question.field, value);
  }
}
