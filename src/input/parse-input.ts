import type { core } from 'zod/mini';
import { ObservationError } from './observation-error.js';
import { keysAt } from '../facts/schema-leaves.js';
import { formatIssues } from './format-issues.js';
import { guardJson, INPUT_LIMITS, type JsonLimits } from './json-guard.js';

/**
 * Validates `input` against a zod schema, after checking its shape (no prototype keys, bounded
 * size). Rejects with {@link ObservationError} listing every problem with its path; never
 * throws anything else for bad input.
 */
export function parseInput<T>(schema: core.$ZodType<T>, input: unknown, limits: JsonLimits = INPUT_LIMITS): T {
  const shape = guardJson(input, limits);
  if (shape.length > 0) throw new ObservationError(shape);
  const result = schemaSafeParse(schema, input);
  if (result.success) return result.data;
  throw new ObservationError(formatIssues(result.error.issues, input, (path) => keysAt(schema, path)));
}

function schemaSafeParse<T>(schema: core.$ZodType<T>, input: unknown): core.util.SafeParseResult<T> {
  return (schema as unknown as { safeParse(value: unknown): core.util.SafeParseResult<T> }).safeParse(input);
}
