import type { core } from 'zod/mini';
import { ObservationError } from '../observation-error.js';
import { keysAt } from '../facts/schema-leaves.js';
import { formatIssues } from './format-issues.js';

/**
 * Validates `input` against a zod schema. Rejects with {@link ObservationError} listing every
 * problem with its path; never throws anything else for bad input.
 */
export function parseInput<T>(schema: core.$ZodType<T>, input: unknown): T {
  const result = schemaSafeParse(schema, input);
  if (result.success) return result.data;
  throw new ObservationError(formatIssues(result.error.issues, input, (path) => keysAt(schema, path)));
}

function schemaSafeParse<T>(schema: core.$ZodType<T>, input: unknown): core.util.SafeParseResult<T> {
  return (schema as unknown as { safeParse(value: unknown): core.util.SafeParseResult<T> }).safeParse(input);
}
