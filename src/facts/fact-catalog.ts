import type { core } from 'zod/mini';
import { schemaLeaves, type FactType } from './schema-leaves.js';

/** A fact the rules may test: where it comes from and what values it can take. */
export interface FactDefinition {
  /** The fact id used in rule conditions, e.g. `signs.redness`. */
  readonly id: string;
  readonly type: FactType;
  /**
   * `input`: copied from the input field of the same path; `derived`: computed by the
   * normaliser (possibly from an input field of the same path, when given).
   */
  readonly origin: 'input' | 'derived';
  /** False only for facts the normaliser always knows; negated conditions need this. */
  readonly nullable: boolean;
  /**
   * The input field accepts `null` for "never" (the screening's "how long ago" fields), which
   * the fact holds as `Infinity`: beyond any upper bound of its type.
   */
  readonly canBeNever?: boolean;
  /** What the fact means, for the rule validator and the docs. */
  readonly description?: string;
  /**
   * For a derived fact: the input fields it is worked out from, the fact's own field first (an
   * interview asks another of them when the person cannot answer the first).
   */
  readonly inputs?: readonly string[];
  /** False for facts no question answers (worked out from other answers): they need no question or role. */
  readonly answerable?: false;
  /**
   * The count of open floor questions (set by the floored evaluation, always known). Rules may
   * only test it with `greaterThan` or `greaterThanInclusive`, and a rule that holds the floor
   * may not test it at all: either would make the open-question analysis lie.
   */
  readonly counter?: true;
}

/** The facts a given kind of input makes available to rules. */
export interface FactCatalog {
  readonly facts: ReadonlyMap<string, FactDefinition>;
}

/** Input fields that are not facts themselves but feed derived ones. */
export interface CatalogSpec {
  readonly schema: core.$ZodType;
  /** Input paths that are consumed by derivations rather than exposed as facts. */
  readonly consumed: readonly string[];
  /** Facts computed by the normaliser; they replace an input leaf of the same id. */
  readonly derived: readonly FactDefinition[];
}

/** Builds a catalog from an input schema and the derived facts its normaliser adds. */
export function buildFactCatalog(spec: CatalogSpec): FactCatalog {
  const facts = new Map<string, FactDefinition>();
  for (const leaf of schemaLeaves(spec.schema)) {
    if (spec.consumed.some((prefix) => leaf.path === prefix || leaf.path.startsWith(`${prefix}.`))) continue;
    facts.set(leaf.path, {
      id: leaf.path,
      type: leaf.type,
      origin: 'input',
      nullable: true,
      ...(leaf.nullable ? { canBeNever: true } : {}),
    });
  }
  for (const fact of spec.derived) facts.set(fact.id, fact);
  return { facts };
}
