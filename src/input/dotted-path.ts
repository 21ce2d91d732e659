/** The value at a dotted path of an input (`undefined` when absent or not reachable). */
export function valueAt(input: unknown, path: string): unknown {
  let node: unknown = input;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A copy of an input with `value` at a dotted path (the input itself is not changed). */
export function withValueAt(input: unknown, path: string, value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = input !== null && typeof input === 'object' ? { ...(input as Record<string, unknown>) } : {};
  const keys = path.split('.');
  let node = root;
  keys.forEach((key, index) => {
    if (index === keys.length - 1) {
      Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
      return;
    }
    const child = node[key];
    const copy = child !== null && typeof child === 'object' ? { ...(child as Record<string, unknown>) } : {};
    Object.defineProperty(node, key, { value: copy, enumerable: true, writable: true, configurable: true });
    node = copy;
  });
  return root;
}
