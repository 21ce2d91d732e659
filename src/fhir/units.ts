import { UCUM_SYSTEM } from './fhir-codes.js';
import type { Quantity } from './fhir-types.js';

/** A UCUM unit this package converts, with its size in the base unit of its dimension. */
interface UcumUnit {
  readonly dimension: 'time' | 'length';
  /** Seconds (time) or metres (length), as UCUM defines the unit. */
  readonly size: number;
  readonly display: string;
}

const DAY = 86_400;
/** UCUM's year `a` is the Julian year (365.25 d); its month `mo` is a twelfth of it. */
const JULIAN_YEAR = 365.25 * DAY;

/** The UCUM time and length units accepted in `valueQuantity` answers, by UCUM code. */
const UNITS: Readonly<Record<string, UcumUnit>> = {
  s: { dimension: 'time', size: 1, display: 'seconds' },
  min: { dimension: 'time', size: 60, display: 'minutes' },
  h: { dimension: 'time', size: 3600, display: 'hours' },
  d: { dimension: 'time', size: DAY, display: 'days' },
  wk: { dimension: 'time', size: 7 * DAY, display: 'weeks' },
  mo: { dimension: 'time', size: JULIAN_YEAR / 12, display: 'months' },
  a: { dimension: 'time', size: JULIAN_YEAR, display: 'years' },
  um: { dimension: 'length', size: 1e-6, display: 'micrometres' },
  mm: { dimension: 'length', size: 1e-3, display: 'millimetres' },
  cm: { dimension: 'length', size: 1e-2, display: 'centimetres' },
};

/** The UCUM codes {@link convertQuantity} knows. */
export const UCUM_CODES: readonly string[] = Object.keys(UNITS);

/** The display name of a UCUM code this package uses (e.g. `h` → `hours`). */
export function unitDisplay(code: string): string {
  return UNITS[code]?.display ?? code;
}

/** The value in `target` units, or an error sentence when the quantity cannot be read as such. */
export function convertQuantity(quantity: Quantity, target: string): { value: number } | { error: string } {
  const wanted = UNITS[target];
  if (wanted === undefined) return { error: `has a unit, but this question takes a plain number (valueDecimal)` };
  if (typeof quantity.value !== 'number') return { error: 'is a valueQuantity without a value' };
  if (quantity.comparator !== undefined)
    return { error: `is a valueQuantity with comparator ${JSON.stringify(quantity.comparator)}: give the value itself` };
  if (quantity.system !== undefined && quantity.system !== UCUM_SYSTEM)
    return { error: `is a valueQuantity in ${JSON.stringify(quantity.system)}: the unit must be a UCUM code (${UCUM_SYSTEM})` };
  if (quantity.code !== undefined && quantity.system === undefined)
    return { error: `is a valueQuantity with a code but no system: give system '${UCUM_SYSTEM}' (qty-3)` };
  const code = quantity.code ?? quantity.unit;
  if (typeof code !== 'string')
    return { error: `is a valueQuantity without a unit: give the UCUM code (system '${UCUM_SYSTEM}', code '${target}')` };
  const unit = UNITS[code];
  if (unit?.dimension !== wanted.dimension) {
    const known = UCUM_CODES.filter((key) => UNITS[key]?.dimension === wanted.dimension).map((key) => `'${key}'`);
    return { error: `has unit '${code}', which is not a UCUM ${wanted.dimension} unit this package converts (${known.join(', ')})` };
  }
  const display = quantity.code === undefined ? undefined : quantity.unit;
  const displayed = display === undefined ? undefined : UNITS[display];
  if (displayed !== undefined && displayed !== unit) return { error: `has code '${code}' but unit '${String(display)}': the two disagree` };
  return { value: code === target ? quantity.value : (quantity.value * unit.size) / wanted.size };
}
