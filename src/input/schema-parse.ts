import type { core } from 'zod/mini';
import { $ZodAsyncError, config, util } from 'zod/v4/core';

/** The outcome of {@link schemaParse}: the data, or the first issues and how many more there were. */
export type SchemaParse<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly issues: readonly core.$ZodIssue[]; readonly omitted: number };

/**
 * zod's `safeParse`, without the cost of reporting every issue: `safeParse` finalises each issue
 * and serialises all of them into its error's message, which made a thousand wrong values cost
 * ten times what parsing them does. This runs the schema the way `safeParse` does (zod 4's
 * `_zod.run`, as its own `safeParse` calls it; zod is pinned to an exact version) and finalises
 * only the first `limit` issues. (Imported from `zod/v4/core` by name: the `core` namespace of
 * `zod/mini` would bring every locale into the bundle.)
 */
export function schemaParse<T>(schema: core.$ZodType<T>, value: unknown, limit: number): SchemaParse<T> {
  const context = { async: false } as core.ParseContextInternal;
  const result = schema._zod.run({ value, issues: [] }, context);
  if (result instanceof Promise) throw new $ZodAsyncError();
  if (result.issues.length === 0) return { success: true, data: result.value as T };
  const issues = result.issues.slice(0, limit).map((issue) => util.finalizeIssue(issue, context, config()));
  return { success: false, issues, omitted: Math.max(0, result.issues.length - limit) };
}
