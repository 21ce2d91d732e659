import type { core } from 'zod/mini';
import { MAX_ISSUES, ObservationError } from './observation-error.js';
import { keysAt } from '../facts/schema-leaves.js';
import { formatIssues } from './format-issues.js';
import { INPUT_LIMITS, readJson, type JsonLimits } from './json-guard.js';
import { schemaParse } from './schema-parse.js';
import { checkShape, schemaLimits } from './strict-shape.js';

/**
 * Validates `input` against a zod schema. The input is first read through {@link readJson} (plain
 * JSON only, no prototype keys, no larger than the schema's largest valid input allows, see
 * {@link schemaLimits}), and the schema sees that copy, so nothing the caller holds is read twice;
 * keys the schema does not have and array items beyond its bounds are reported before it runs
 * (see {@link checkShape}). Rejects with {@link ObservationError} listing the problems with their
 * paths (at most {@link MAX_ISSUES}, the rest counted); never throws anything else for bad input.
 * The cost is bounded by the schema, whatever the input.
 */
export function parseInput<T>(schema: core.$ZodType<T>, input: unknown, limits: JsonLimits = INPUT_LIMITS): T {
  const read = readJson(input, schemaLimits(schema, limits));
  if (!read.ok) throw new ObservationError(read.issues);
  const shape = checkShape(schema, read.value, MAX_ISSUES);
  const room = MAX_ISSUES - shape.issues.length;
  const result = schemaParse(schema, read.value, room);
  if (result.success && shape.issues.length === 0) return result.data;
  if (result.success) throw new ObservationError(shape.issues, shape.omitted);
  const issues = formatIssues(result.issues, read.value, (path) => keysAt(schema, path), room);
  throw new ObservationError([...shape.issues, ...issues], shape.omitted + result.omitted + (issues.omitted ?? 0));
}
