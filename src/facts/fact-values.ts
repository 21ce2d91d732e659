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

/** Facts just read from one input: a fresh object, which the evaluation completes with its floor counter. */
export interface FreshFacts extends FactSnapshot {
  readonly values: Record<string, FactValue>;
}

type Catalog = ReadonlyMap<string, { readonly type: { readonly kind: string } }>;

interface FactPath {
  readonly id: string;
  readonly segments: readonly string[];
  /** A list of allowed values: a set, so sorted to keep results independent of input order. */
  readonly list: boolean;
}

const catalogPaths = new WeakMap<Catalog, readonly FactPath[]>();

function pathsOf(catalog: Catalog): readonly FactPath[] {
  let paths = catalogPaths.get(catalog);
  if (paths === undefined) {
    paths = [...catalog].map(([id, fact]) => ({ id, segments: id.split('.'), list: fact.type.kind === 'enum-array' }));
    catalogPaths.set(catalog, paths);
  }
  return paths;
}

/**
 * Reads every fact of a catalog from a validated input, following its dotted id as a path.
 * `toFact` turns what is there (`undefined` when absent) into the fact's value; lists of
 * allowed values come out sorted.
 */
export function readFacts(
  input: object,
  catalog: Catalog,
  toFact: (value: unknown) => FactValue = (value) => (value ?? null) as FactValue,
): Record<string, FactValue> {
  const values: Record<string, FactValue> = {};
  for (const { id, segments, list } of pathsOf(catalog)) {
    let value: unknown = input;
    for (const segment of segments)
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
    values[id] = toFact(list && Array.isArray(value) ? [...(value as readonly string[])].sort() : value);
  }
  return values;
}
