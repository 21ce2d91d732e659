import type { FactValue } from '../../../src/facts/fact-values.js';

/** A JSON-like value as the peers read it. */
export type Nested = { [key: string]: Nested } | FactValue;

/**
 * The flat facts the rules read (`signs.redness`) as the nested object a user of json-logic or
 * zen passes (`{ signs: { redness } }`): both read dotted names as paths. `mapValue` lets a peer
 * encode values it cannot take as they are. Throws when a fact id is also a prefix of another.
 */
export function nestFacts(
  facts: Readonly<Record<string, FactValue>>,
  mapValue: (value: FactValue) => FactValue = (value) => value,
): Nested {
  const root: Record<string, Nested> = {};
  for (const [id, value] of Object.entries(facts)) {
    const segments = id.split('.');
    const last = segments.pop() ?? id;
    let node = root;
    for (const segment of segments) {
      const child = node[segment] ?? (node[segment] = {});
      if (typeof child !== 'object' || Array.isArray(child)) throw new Error(`fact ${id}: '${segment}' is a fact too`);
      node = child as Record<string, Nested>;
    }
    if (last in node) throw new Error(`fact ${id} is a prefix of another fact`);
    node[last] = mapValue(value);
  }
  return root;
}
