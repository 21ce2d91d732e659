import type { core } from 'zod/mini';
import { formatIssues } from './format-issues.js';
import type { JsonLimits, JsonShape } from './json-guard.js';
import type { InputIssue } from './observation-error.js';
import { schemaParse } from './schema-parse.js';
import { keysAt } from '../facts/schema-leaves.js';

/**
 * What the reader knows of a schema: the keys of its strict objects (a {@link JsonShape}, so that
 * the JSON door reads only those) and the schema of each array's items.
 */
interface Shape extends JsonShape {
  readonly keys?: ReadonlyMap<string, Shape | undefined>;
  readonly items?: Shape | undefined;
  /** For an array: its longest allowed length, and the schema of its items. */
  readonly maxLength?: number | undefined;
  readonly itemSchema?: core.$ZodType;
}

const shapes = new WeakMap<core.$ZodType, Shape | null>();

/** The shape of a schema (cached): strict objects and arrays, through optional and nullable; `undefined` for anything else. */
export function shapeOf(schema: core.$ZodType): Shape | undefined {
  const cached = shapes.get(schema);
  if (cached !== undefined) return cached ?? undefined;
  const shape = readShape(schema);
  shapes.set(schema, shape ?? null);
  return shape;
}

function readShape(schema: core.$ZodType): Shape | undefined {
  const def = unwrap(schema)._zod.def;
  if (def.type === 'object') {
    const objectDef = def as core.$ZodObjectDef;
    if (objectDef.catchall?._zod.def.type !== 'never') return undefined;
    return { keys: new Map(Object.entries(objectDef.shape).map(([key, child]) => [key, shapeOf(child)] as const)) };
  }
  if (def.type === 'array') {
    const arrayDef = def as core.$ZodArrayDef;
    const maxima = (arrayDef.checks ?? []).flatMap((check) => {
      const checkDef = check._zod.def as { check?: string; maximum?: unknown };
      return checkDef.check === 'max_length' && typeof checkDef.maximum === 'number' ? [checkDef.maximum] : [];
    });
    return {
      items: shapeOf(arrayDef.element),
      maxLength: maxima.length === 0 ? undefined : Math.min(...maxima),
      itemSchema: arrayDef.element,
    };
  }
  return undefined;
}

function unwrap(schema: core.$ZodType): core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def;
    if (def.type !== 'optional' && def.type !== 'nullable') return current;
    current = (def as core.$ZodOptionalDef).innerType;
  }
}

/** Room given beyond the largest valid input, so that a few stray keys are still reported one by one. */
const SLACK = 64;
/** Items an array may have beyond the schema's bound and still be read (and reported by the schema as too long). */
const ARRAY_SLACK = 8;

const limits = new WeakMap<core.$ZodType, { maxKeys: number; maxNodes: number; maxArrayLength: number; maxDepth: number }>();

/**
 * The limits `base` tightened to what the schema can ever accept, with room for a few mistakes:
 * an object may have at most {@link SLACK} keys more than the largest object of the schema, an
 * array at most {@link ARRAY_SLACK} items more than the schema's bound, the whole input at most
 * twice the values of the largest valid input (plus the slack), and nesting at most two levels
 * deeper than the schema. The JSON door then refuses junk at the size of the largest valid input,
 * not at the generic limits. A part of the schema the shape does not know (a record, a union,
 * `unknown`) leaves the limits as they are.
 */
export function schemaLimits(schema: core.$ZodType, base: JsonLimits): JsonLimits {
  let bounds = limits.get(schema);
  if (bounds === undefined) {
    const size = sizeOf(shapeOf(schema), schema);
    bounds = {
      maxKeys: size.keys + SLACK,
      maxNodes: 2 * size.nodes + SLACK,
      maxArrayLength: size.arrayLength + ARRAY_SLACK,
      maxDepth: size.depth + 2,
    };
    limits.set(schema, bounds);
  }
  return {
    maxStringLength: base.maxStringLength,
    maxKeys: Math.min(base.maxKeys, bounds.maxKeys),
    maxNodes: Math.min(base.maxNodes, bounds.maxNodes),
    maxArrayLength: Math.min(base.maxArrayLength, bounds.maxArrayLength),
    maxDepth: Math.min(base.maxDepth, bounds.maxDepth),
  };
}

interface Size {
  readonly nodes: number;
  readonly keys: number;
  readonly arrayLength: number;
  readonly depth: number;
}

const UNBOUNDED: Size = {
  nodes: Number.POSITIVE_INFINITY,
  keys: Number.POSITIVE_INFINITY,
  arrayLength: Number.POSITIVE_INFINITY,
  depth: Number.POSITIVE_INFINITY,
};
const SCALARS = new Set(['string', 'number', 'boolean', 'enum', 'literal', 'null']);

/** The largest valid input of a schema: values in all, keys of its largest object, its longest array, its depth. */
function sizeOf(shape: Shape | undefined, schema: core.$ZodType): Size {
  if (shape === undefined) return SCALARS.has(unwrap(schema)._zod.def.type) ? { nodes: 1, keys: 0, arrayLength: 0, depth: 0 } : UNBOUNDED;
  if (shape.keys === undefined) {
    const items = shape.itemSchema === undefined ? UNBOUNDED : sizeOf(shape.items, shape.itemSchema);
    const length = shape.maxLength ?? Number.POSITIVE_INFINITY;
    return { nodes: 1 + length * items.nodes, keys: items.keys, arrayLength: Math.max(length, items.arrayLength), depth: 1 + items.depth };
  }
  const def = unwrap(schema)._zod.def as core.$ZodObjectDef;
  let nodes = 1;
  let keys = shape.keys.size;
  let arrayLength = 0;
  let depth = 0;
  for (const [name, child] of shape.keys) {
    const childSchema = def.shape[name];
    const size = childSchema === undefined ? UNBOUNDED : sizeOf(child, childSchema);
    nodes += size.nodes;
    keys = Math.max(keys, size.keys);
    arrayLength = Math.max(arrayLength, size.arrayLength);
    depth = Math.max(depth, size.depth);
  }
  return { nodes, keys, arrayLength, depth: depth + 1 };
}

/**
 * Whether the items of the input's arrays of objects already hold more problems than an error
 * lists: each item is checked on its own, in order, and the check stops once `limit` problems are
 * found. Then those are the problems to report, and the whole input need not be parsed (which,
 * for a long list of wrong items, costs ten times what reporting a hundred problems does).
 */
export function itemProblems(
  schema: core.$ZodType,
  copy: unknown,
  limit: number,
): { readonly issues: InputIssue[]; readonly full: boolean } {
  const issues: InputIssue[] = [];
  const shape = shapeOf(schema);
  const context: ItemContext = { schema, root: copy, issues, limit };
  if (shape !== undefined && limit > 0) visitItems(copy, shape, [], context);
  return { issues, full: limit > 0 && issues.length >= limit };
}

interface ItemContext {
  readonly schema: core.$ZodType;
  readonly root: unknown;
  readonly issues: InputIssue[];
  readonly limit: number;
}

function visitItems(value: unknown, shape: Shape, path: readonly PropertyKey[], context: ItemContext): void {
  const { issues, limit } = context;
  if (issues.length >= limit || value === null || typeof value !== 'object') return;
  if (shape.keys !== undefined) {
    if (Array.isArray(value)) return;
    for (const [key, child] of shape.keys) {
      if (child !== undefined) visitItems((value as Record<string, unknown>)[key], child, [...path, key], context);
    }
    return;
  }
  const itemSchema = shape.itemSchema;
  if (!Array.isArray(value) || itemSchema === undefined || shape.items?.keys === undefined) return;
  for (const [index, item] of value.entries()) {
    if (issues.length >= limit) return;
    const result = schemaParse(itemSchema, item, limit - issues.length);
    if (result.success) continue;
    const prefixed = result.issues.map((issue) => ({ ...issue, path: [...path, index, ...issue.path] }));
    issues.push(...formatIssues(prefixed, context.root, (at) => keysAt(context.schema, at), limit - issues.length));
  }
}
