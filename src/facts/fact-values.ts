/**
 * "Never" for how-long-ago facts (a medication never taken, a first session): infinitely long
 * ago, so every "within N" comparison is false and every "at least N ago" is true, in
 * json-rules-engine and in the three-valued analysis alike.
 */
export const NEVER = Number.POSITIVE_INFINITY;

/** A fact value as rules see it; `null` means unknown (the question was not answered). */
export type FactValue = string | number | boolean | readonly string[] | null;

/** The facts of one input, ready for the rules. */
export interface FactSnapshot {
  /** Every fact of the catalog, `null` when unknown. */
  readonly values: Readonly<Record<string, FactValue>>;
  /** For derived facts, how the value was obtained (shown in explanations). */
  readonly derivations: Readonly<Record<string, string>>;
}

/** Flattens nested input objects into dotted fact ids (arrays stay whole). */
export function flattenInput(input: object, prefix = ''): Record<string, FactValue> {
  const out: Record<string, FactValue> = {};
  for (const [key, value] of Object.entries(input)) {
    const id = prefix === '' ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      Object.assign(out, flattenInput(value as object, id));
    } else if (value !== undefined) {
      out[id] = value as FactValue;
    }
  }
  return out;
}

/**
 * Sorts the list-valued facts of a catalog in place: lists of allowed values are sets, so their
 * order in the input must not change any result.
 */
export function sortListFacts(
  values: Record<string, FactValue>,
  catalog: ReadonlyMap<string, { readonly type: { readonly kind: string } }>,
): void {
  for (const [id, fact] of catalog) {
    const value = values[id];
    if (fact.type.kind === 'enum-array' && Array.isArray(value)) values[id] = [...(value as readonly string[])].sort();
  }
}
