/** Orders ids so that results do not depend on the order of rules in their files. */
export function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
