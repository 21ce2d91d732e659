/**
 * A plain dotted path resolver for json-rules-engine (`a.b.0`), used instead of its default
 * JSONPath evaluator so that rule-supplied paths are never evaluated as expressions. Only own
 * properties are followed.
 */
export function dottedPathResolver(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const segment of path.replace(/^\$\.?/, '').split('.')) {
    if (segment === '') continue;
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
