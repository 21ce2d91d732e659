import type { Triage } from '../../src/index.js';
import { untyped } from './untyped.js';
import { valueAt, withValueAt } from '../../src/input/dotted-path.js';

/** What an interview came to when a patient answered it screen by screen from a full set of answers. */
export interface ScreenedInterview {
  readonly grade: string;
  /** Screens shown (a checklist counts once). */
  readonly screens: number;
  /** Every field shown, in order, each once per time it was shown. */
  readonly fields: readonly string[];
  /** Each field shown, with the answers given and the fields answered "I don't know" before its screen. */
  readonly asked: readonly {
    readonly field: string;
    readonly screen: number;
    readonly before: unknown;
    readonly unknown: readonly string[];
  }[];
}

/** What the app already knows when an interview starts: when it happens, and the earlier check-ins on record. */
const CONTEXT = ['assessedAt', 'screenedAt', 'previous'];

/**
 * Runs an interview as a patient who knows `answers`, one screen at a time: each step, the first
 * screen is answered whole (every item of a checklist) from them, or "I don't know" for a field
 * they do not hold, until the interview is done.
 */
export async function simulateScreens(triage: Triage, kind: 'checkin' | 'screening', answers: unknown): Promise<ScreenedInterview> {
  let partial: unknown = Object.fromEntries(
    CONTEXT.flatMap((field) => (valueAt(answers, field) === undefined ? [] : [[field, valueAt(answers, field)]])),
  );
  const unknown: string[] = [];
  const fields: string[] = [];
  const asked: { field: string; screen: number; before: unknown; unknown: string[] }[] = [];
  let screens = 0;
  for (;;) {
    const step =
      kind === 'checkin'
        ? await triage.interview(untyped(partial), { unknown })
        : await triage.screeningInterview(untyped(partial), { unknown });
    const grade = 'level' in step.result ? step.result.level : step.result.decision;
    const [screen] = step.screens;
    if (step.done || screen === undefined) return { grade, screens, fields, asked };
    if (screens > 100) throw new Error('the interview does not end');
    screens += 1;
    for (const field of screen.fields) asked.push({ field, screen: screens, before: partial, unknown: [...unknown] });
    for (const field of screen.fields) {
      fields.push(field);
      const value = valueAt(answers, field);
      if (value === undefined) unknown.push(field);
      else partial = withValueAt(partial, field, value);
    }
  }
}
