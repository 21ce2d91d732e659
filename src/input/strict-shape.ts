import type { core } from 'zod/mini';
import { closestName } from './closest-name.js';
import { fieldPath } from './field-path.js';
import type { JsonLimits } from './json-guard.js';
import type { InputIssue } from './observation-error.js';

/** What the shape pass knows of a schema: the keys of its strict objects and the bounds of its arrays. */
type Shape =
  | {
      readonly kind: 'object';
      readonly keys: ReadonlyMap<string, Shape | undefined>;
      readonly names: readonly string[];
      readonly schemas: ReadonlyMap<string, core.$ZodType>;
    }
  | {
      readonly kind: 'array';
      readonly maxLength: number | undefined;
      readonly element: Shape | undefined;
      readonly elementSchema: core.$ZodType;
    };

const shapes = new WeakMap<core.$ZodType, Shape | null>();

/** Unknown keys given a "did you mean" at most, per input. */
const MAX_SUGGESTIONS = 20;

/** The problems the shape pass found; `omitted` counts those beyond the limit. */
export interface ShapeCheck {
  readonly issues: InputIssue[];
  omitted: number;
}

/**
 * Before the schema reads a copy of the input, removes what the schema would only report: keys a
 * strict object does not have (each an `unknown_key` issue, with a "did you mean" for the first
 * few). The schema then parses only what it knows, so that hundreds of unknown keys cost what a
 * few do. Only the copy is changed; nothing here accepts an input the schema would refuse: every
 * removal is reported, so the input is rejected.
 */
export function checkShape(schema: core.$ZodType, copy: unknown, limit: number): ShapeCheck {
  const check: ShapeCheck = { issues: [], omitted: 0 };
  const shape = shapeOf(schema);
  if (shape !== undefined) visit(copy, shape, [], check, limit, { suggestions: 0 });
  return check;
}

function visit(
  value: unknown,
  shape: Shape,
  path: PropertyKey[],
  check: ShapeCheck,
  limit: number,
  counter: { suggestions: number },
): void {
  const add = (issue: InputIssue): void => {
    if (check.issues.length < limit) check.issues.push(issue);
    else check.omitted += 1;
  };
  if (shape.kind === 'array') {
    if (!Array.isArray(value)) return;
    const element = shape.element;
    if (element !== undefined)
      value.forEach((item, index) => {
        visit(item, element, [...path, index], check, limit, counter);
      });
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (shape.keys.has(key)) {
      const child = shape.keys.get(key);
      if (child !== undefined) visit(record[key], child, [...path, key], check, limit, counter);
      continue;
    }
    const at = fieldPath([...path, key]);
    counter.suggestions += 1;
    const suggestion = counter.suggestions <= MAX_SUGGESTIONS && check.issues.length < limit ? closestName(key, shape.names) : undefined;
    add({
      path: at,
      code: 'unknown_key',
      message: `'${at}' is not a known field${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
    });
    // The copy only: the schema need not report it again.
    Reflect.deleteProperty(record, key);
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
 * array at most {@link ARRAY_SLACK} items more than the schema's bound, and the whole input at most twice the values of the
 * largest valid input (plus the slack); nesting at most two levels deeper than the schema. The
 * guard then refuses junk at the size of the largest valid input, not at the generic limits.
 * A schema part the shape pass does not know (a record, a union, `unknown`) leaves the limits as
 * they are.
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

/** The largest valid input of a shape: values in all, keys of its largest object, its longest array, its depth. */
function sizeOf(shape: Shape | undefined, schema?: core.$ZodType): { nodes: number; keys: number; arrayLength: number; depth: number } {
  if (shape === undefined) {
    // A leaf (a scalar) counts one value; anything else the shape pass does not know is unbounded.
    const leaf = schema === undefined || isScalar(schema);
    return leaf ? { nodes: 1, keys: 0, arrayLength: 0, depth: 0 } : UNBOUNDED;
  }
  if (shape.kind === 'array') {
    const element = sizeOf(shape.element, shape.elementSchema);
    const length = shape.maxLength ?? Number.POSITIVE_INFINITY;
    return {
      nodes: 1 + length * element.nodes,
      keys: element.keys,
      arrayLength: Math.max(length, element.arrayLength),
      depth: 1 + element.depth,
    };
  }
  let nodes = 1;
  let keys = shape.keys.size;
  let arrayLength = 0;
  let depth = 0;
  for (const [name, child] of shape.keys) {
    const size = sizeOf(child, shape.schemas.get(name));
    nodes += size.nodes;
    keys = Math.max(keys, size.keys);
    arrayLength = Math.max(arrayLength, size.arrayLength);
    depth = Math.max(depth, size.depth);
  }
  return { nodes, keys, arrayLength, depth: depth + 1 };
}

const UNBOUNDED = {
  nodes: Number.POSITIVE_INFINITY,
  keys: Number.POSITIVE_INFINITY,
  arrayLength: Number.POSITIVE_INFINITY,
  depth: Number.POSITIVE_INFINITY,
};

const SCALARS = new Set(['string', 'number', 'boolean', 'enum', 'literal', 'null']);

function isScalar(schema: core.$ZodType): boolean {
  return SCALARS.has(unwrap(schema)._zod.def.type);
}

/** The shape of a schema (cached): strict objects and arrays, through optional and nullable. */
function shapeOf(schema: core.$ZodType): Shape | undefined {
  const cached = shapes.get(schema);
  if (cached !== undefined) return cached ?? undefined;
  const shape = readShape(schema);
  shapes.set(schema, shape ?? null);
  return shape;
}

function readShape(schema: core.$ZodType): Shape | undefined {
  const inner = unwrap(schema);
  const def = inner._zod.def;
  if (def.type === 'object') {
    const objectDef = def as core.$ZodObjectDef;
    if (objectDef.catchall?._zod.def.type !== 'never') return undefined;
    const keys = new Map(Object.entries(objectDef.shape).map(([key, child]) => [key, shapeOf(child)] as const));
    return { kind: 'object', keys, names: [...keys.keys()], schemas: new Map(Object.entries(objectDef.shape)) };
  }
  if (def.type === 'array') {
    const arrayDef = def as core.$ZodArrayDef;
    const maxima = (arrayDef.checks ?? []).flatMap((check) => {
      const checkDef = check._zod.def as { check?: string; maximum?: unknown };
      return checkDef.check === 'max_length' && typeof checkDef.maximum === 'number' ? [checkDef.maximum] : [];
    });
    return {
      kind: 'array',
      maxLength: maxima.length === 0 ? undefined : Math.min(...maxima),
      element: shapeOf(arrayDef.element),
      elementSchema: arrayDef.element,
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
