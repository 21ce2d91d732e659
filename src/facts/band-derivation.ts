import type { BandDerivation } from '../rules/rule-set-schema.js';
import type { FactValue } from './fact-values.js';

/**
 * Fills a fact that was not given from a numeric fact, using the bands of a rule set
 * (e.g. needle depth in mm onto superficial / medium / deep). A given value always wins.
 * Returns an explanation when a value was derived.
 */
export function applyBand(values: Record<string, FactValue>, derivation: BandDerivation): string | undefined {
  if ((values[derivation.fact] ?? null) !== null) return undefined;
  const source = values[derivation.from];
  if (typeof source !== 'number') return undefined;
  const band = derivation.bands.find((candidate) => candidate.upTo === undefined || source <= candidate.upTo);
  if (band === undefined) return undefined;
  values[derivation.fact] = band.value;
  const range = band.upTo === undefined ? 'above the last band' : `at most ${String(band.upTo)}`;
  return `${derivation.from} ${String(source)} is ${range}: '${band.value}'`;
}
