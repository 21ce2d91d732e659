import type { InputIssue } from '../input/observation-error.js';
import { valueAt } from '../input/dotted-path.js';
import type { BandDerivation } from '../rules/rule-set-schema.js';
import type { FactValue } from './fact-values.js';

/**
 * Fills a fact that was not given from a numeric fact, using the bands of a rule set
 * (e.g. needle depth in mm onto superficial / medium / deep). A given value always wins (the
 * input door refuses one that its source contradicts, see {@link derivationConflicts}).
 * Returns an explanation when a value was derived.
 */
export function applyBand(values: Record<string, FactValue>, derivation: BandDerivation): string | undefined {
  if ((values[derivation.fact] ?? null) !== null) return undefined;
  const source = values[derivation.from];
  if (typeof source !== 'number') return undefined;
  const band = bandOf(source, derivation);
  if (band === undefined) return undefined;
  values[derivation.fact] = band.value;
  const range = band.upTo === undefined ? 'above the last band' : `at most ${String(band.upTo)}`;
  return `${derivation.from} ${String(source)} is ${range}: '${band.value}'`;
}

function bandOf(source: number, derivation: BandDerivation): BandDerivation['bands'][number] | undefined {
  return derivation.bands.find((candidate) => candidate.upTo === undefined || source <= candidate.upTo);
}

/**
 * A fact given directly beside the value it is banded from, when the bands give another value
 * (a depth class that the needle length contradicts): both fields, `inconsistent_answer`.
 */
export function derivationConflicts(input: unknown, derivations: readonly BandDerivation[]): InputIssue[] {
  return derivations.flatMap((derivation) => {
    const given = valueAt(input, derivation.fact);
    const source = valueAt(input, derivation.from);
    if (given === undefined || typeof source !== 'number') return [];
    const band = bandOf(source, derivation);
    if (band === undefined || band.value === given) return [];
    const message = `'${derivation.fact}' is ${JSON.stringify(given)} but '${derivation.from}' (${String(source)}) gives '${band.value}' by the rules' bands: give one of them, or make them agree`;
    return [
      { path: derivation.fact, code: 'inconsistent_answer' as const, message },
      { path: derivation.from, code: 'inconsistent_answer' as const, message },
    ];
  });
}
