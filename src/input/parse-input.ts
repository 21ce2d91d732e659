import type { core } from 'zod/mini';
import { MAX_ISSUES, ObservationError } from './observation-error.js';
import { keysAt } from '../facts/schema-leaves.js';
import { formatIssues, MAX_SUGGESTIONS } from './format-issues.js';
import { INPUT_LIMITS, readJson, type JsonLimits } from './json-guard.js';
import { schemaParse } from './schema-parse.js';
import { itemProblems, schemaLimits, shapeOf } from './strict-shape.js';

/**
 * Validates `input` against a zod schema, at a cost bounded by the schema whatever the input:
 *
 * 1. The input is read through {@link readJson}, the one door for untrusted data: plain JSON
 *    only, no prototype keys, no larger than the schema's largest valid input allows (see
 *    {@link schemaLimits}); keys the schema does not have are reported and their values never
 *    read. The rest of the work uses that copy, so nothing the caller holds is read twice.
 * 2. The items of arrays of objects are checked one by one, stopping once more problems are
 *    found than an error lists (see {@link itemProblems}).
 * 3. The schema parses the copy; only the problems an error lists are finalised.
 *
 * Rejects with {@link ObservationError} listing the problems with their paths (at most
 * {@link MAX_ISSUES}, the rest counted); never throws anything else for bad input.
 */
export function parseInput<T>(schema: core.$ZodType<T>, input: unknown, limits: JsonLimits = INPUT_LIMITS): T {
  const read = readJson(input, schemaLimits(schema, limits), {
    shape: shapeOf(schema),
    maxUnknown: MAX_ISSUES,
    suggestions: MAX_SUGGESTIONS,
  });
  if (!read.ok) throw new ObservationError(read.issues);
  const unknown = read.unknown;
  const room = MAX_ISSUES - unknown.issues.length;
  const items = itemProblems(schema, read.value, room);
  // More problems than are listed: the items checked so far say enough (the rest is not counted).
  if (items.full) throw new ObservationError([...unknown.issues, ...items.issues], Number.POSITIVE_INFINITY);
  const result = schemaParse(schema, read.value, room);
  if (result.success && unknown.issues.length === 0) return result.data;
  if (result.success) throw new ObservationError(unknown.issues, unknown.omitted);
  const issues = formatIssues(result.issues, read.value, (path) => keysAt(schema, path), room);
  throw new ObservationError([...unknown.issues, ...issues], unknown.omitted + result.omitted + (issues.omitted ?? 0));
}
