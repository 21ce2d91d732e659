import type { core } from 'zod/mini';
import { ObservationError } from './observation-error.js';
import { keysAt } from '../facts/schema-leaves.js';
import { formatIssues } from './format-issues.js';
import { INPUT_LIMITS, readJson, type JsonLimits } from './json-guard.js';

/**
 * Validates `input` against a zod schema. The input is first read through {@link readJson} (plain
 * JSON only, no prototype keys, bounded size), and the schema sees that copy, so nothing the
 * caller holds is read twice. Rejects with {@link ObservationError} listing every problem with
 * its path; never throws anything else for bad input.
 */
export function parseInput<T>(schema: core.$ZodType<T>, input: unknown, limits: JsonLimits = INPUT_LIMITS): T {
  const read = readJson(input, limits);
  if (!read.ok) throw new ObservationError(read.issues);
  const result = schemaSafeParse(schema, read.value);
  if (result.success) return result.data;
  throw new ObservationError(formatIssues(result.error.issues, read.value, (path) => keysAt(schema, path)));
}

function schemaSafeParse<T>(schema: core.$ZodType<T>, input: unknown): core.util.SafeParseResult<T> {
  return (schema as unknown as { safeParse(value: unknown): core.util.SafeParseResult<T> }).safeParse(input);
}
