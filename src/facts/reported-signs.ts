import type { InputIssue } from '../input/observation-error.js';
import { valueAt } from '../input/dotted-path.js';
import type { FactRole } from '../rules/rule-set-schema.js';

/** A sign an answer of the question of what brought the person reports present. */
export interface ReportedSign {
  /** The field of the question of what brought them (`complaint`). */
  readonly field: string;
  /** The answer that reports the sign (`pain`). */
  readonly value: string;
  /** The sign's field (`signs.pain`). */
  readonly sign: string;
  /** The sign's answers that say it is absent: the least concerning tier of its order of concern. */
  readonly absent: readonly (string | boolean)[];
}

/**
 * The signs reported by the answers of the questions that declare `reports` (by fact: the field
 * that answers it and its reports), with each sign's declared role.
 */
export function reportedSigns(
  declared: ReadonlyMap<string, { readonly field: string; readonly reports: Readonly<Record<string, string>> }>,
  roles: ReadonlyMap<string, FactRole>,
): ReportedSign[] {
  return [...declared.values()].flatMap(({ field, reports }) =>
    Object.entries(reports).map(([value, sign]) => {
      const role = roles.get(sign);
      const absent = typeof role === 'object' && Array.isArray(role.concern) ? [role.concern[0] ?? []].flat() : [];
      return { field, value, sign, absent };
    }),
  );
}

/** The signs the input's answers report present (each field once). */
export function signsReportedIn(input: unknown, reported: readonly ReportedSign[]): ReportedSign[] {
  return reported.filter((entry) => {
    const answer = valueAt(input, entry.field);
    return Array.isArray(answer) ? answer.includes(entry.value) : answer === entry.value;
  });
}

/**
 * A sign reported present and answered absent ("pain" among what brought them, and "no pain"):
 * both fields, `inconsistent_answer`. Neither answer is guessed away.
 */
export function reportConflicts(input: unknown, reported: readonly ReportedSign[]): InputIssue[] {
  return signsReportedIn(input, reported).flatMap((entry) => {
    const answer = valueAt(input, entry.sign);
    if (!entry.absent.includes(answer as string | boolean)) return [];
    const message = `'${entry.field}' reports ${JSON.stringify(entry.value)}, but '${entry.sign}' is ${JSON.stringify(answer)}: a sign that brought the person cannot be absent`;
    return [
      { path: entry.field, code: 'inconsistent_answer' as const, message },
      { path: entry.sign, code: 'inconsistent_answer' as const, message },
    ];
  });
}
