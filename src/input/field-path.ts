import { shortName } from './short-text.js';

/**
 * The location of a field, in the one notation both error kinds use (`InputIssue.path` and
 * `Diagnostic.path`): keys and array indices joined by `.`, e.g. `signs.redness`,
 * `previous.2.hoursSinceTreatment`, `rules.3.conditions.all.0.fact`; `''` is the whole input
 * or file. A very long key is shortened (see {@link shortName}).
 */
export function fieldPath(segments: readonly PropertyKey[]): string {
  return segments.map((segment) => shortName(String(segment))).join('.');
}
