import type { FactRoutes } from './fact-routes.js';

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
  /** How unanswered questions could still change the derived facts (see {@link FactRoutes}). */
  readonly routes?: FactRoutes;
}

type Catalog = ReadonlyMap<string, { readonly type: { readonly kind: string } }>;

interface FactPath {
  readonly id: string;
  /** Reads the value at the fact's dotted path (`undefined` when absent). */
  readonly read: (input: object) => unknown;
  /** A list of allowed values: a set, so sorted to keep results independent of input order. */
  readonly list: boolean;
}

/** A catalog's fact paths, and an object with every fact as a key, copied for each input (same key order, one shape). */
interface CatalogReader {
  readonly paths: readonly FactPath[];
  readonly template: Readonly<Record<string, FactValue>>;
}

const readers = new WeakMap<Catalog, CatalogReader>();

function readerOf(catalog: Catalog): CatalogReader {
  let reader = readers.get(catalog);
  if (reader === undefined) {
    const paths = [...catalog].map(([id, fact]) => ({ id, read: pathReader(id.split('.')), list: fact.type.kind === 'enum-array' }));
    reader = { paths, template: Object.fromEntries(paths.map(({ id }) => [id, null])) };
    readers.set(catalog, reader);
  }
  return reader;
}

const child = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;

/** A reader for one dotted path (most facts are one or two levels deep). */
function pathReader(segments: readonly string[]): (input: object) => unknown {
  const [first = '', second, ...rest] = segments;
  if (second === undefined) return (input) => child(input, first);
  if (rest.length === 0) return (input) => child(child(input, first), second);
  return (input) => rest.reduce(child, child(child(input, first), second));
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
  const { paths, template } = readerOf(catalog);
  const values: Record<string, FactValue> = { ...template };
  for (const { id, read, list } of paths) {
    const value = read(input);
    values[id] = toFact(list && Array.isArray(value) ? [...(value as readonly string[])].sort() : value);
  }
  return values;
}
