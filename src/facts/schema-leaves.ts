import type { core } from 'zod/mini';

/** The type of a fact, as far as rules and the rule validator need to know it. */
export type FactType =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly values?: readonly number[] }
  | { readonly kind: 'enum-array'; readonly values: readonly string[] }
  | { readonly kind: 'string' };

/** A leaf field of an input schema, with its dotted path. */
export interface SchemaLeaf {
  readonly path: string;
  readonly type: FactType;
  /** The field accepts `null` (for "how long ago" fields: never). */
  readonly nullable: boolean;
}

type AnySchema = core.$ZodType;

/**
 * Lists the leaf fields of a zod object schema (descending into nested objects), with the type
 * of each. Arrays of objects are not descended into: they are not facts themselves.
 */
export function schemaLeaves(schema: AnySchema, prefix = ''): SchemaLeaf[] {
  const inner = unwrap(schema);
  const def = inner._zod.def;
  if (def.type !== 'object') return [];
  const shape = (def as core.$ZodObjectDef).shape;
  return Object.entries(shape).flatMap(([key, child]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const childInner = unwrap(child);
    if (childInner._zod.def.type === 'object') return schemaLeaves(childInner, path);
    const type = leafType(childInner);
    return type === undefined ? [] : [{ path, type, nullable: isNullable(child) }];
  });
}

/** Keys of the object schema found at a dotted path ('' is the root), for typo suggestions. */
export function keysAt(schema: AnySchema, path: string): string[] {
  let current: AnySchema | undefined = unwrap(schema);
  for (const segment of path === '' ? [] : path.split('.')) {
    if (current === undefined) return [];
    const def: core.$ZodTypeDef = current._zod.def;
    if (def.type === 'array') current = unwrap((def as core.$ZodArrayDef).element);
    if (/^\d+$/.test(segment)) continue;
    const objectDef: core.$ZodTypeDef = current._zod.def;
    if (objectDef.type !== 'object') return [];
    const child: AnySchema | undefined = (objectDef as core.$ZodObjectDef).shape[segment];
    current = child === undefined ? undefined : unwrap(child);
  }
  if (current === undefined) return [];
  let def = current._zod.def;
  if (def.type === 'array') def = unwrap((def as core.$ZodArrayDef).element)._zod.def;
  return def.type === 'object' ? Object.keys((def as core.$ZodObjectDef).shape) : [];
}

function isNullable(schema: AnySchema): boolean {
  let current = schema;
  for (;;) {
    const def = current._zod.def;
    if (def.type === 'nullable') return true;
    if (def.type !== 'optional') return false;
    current = (def as core.$ZodOptionalDef).innerType;
  }
}

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = current._zod.def;
    if (def.type === 'optional' || def.type === 'nullable') {
      current = (def as core.$ZodOptionalDef).innerType;
    } else {
      return current;
    }
  }
}

function leafType(schema: AnySchema): FactType | undefined {
  const def = schema._zod.def;
  switch (def.type) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'string':
      return { kind: 'string' };
    case 'enum':
      return { kind: 'enum', values: Object.values((def as core.$ZodEnumDef).entries).map(String) };
    case 'literal': {
      const values = (def as core.$ZodLiteralDef<core.util.Literal>).values;
      if (values.every((value) => typeof value === 'number')) {
        const numbers = values;
        return { kind: 'number', min: Math.min(...numbers), max: Math.max(...numbers), values: numbers };
      }
      return { kind: 'enum', values: values.map(String) };
    }
    case 'number':
      return numberType(def as core.$ZodNumberDef);
    case 'array': {
      const element = unwrap((def as core.$ZodArrayDef).element)._zod.def;
      if (element.type !== 'enum') return undefined;
      return { kind: 'enum-array', values: Object.values((element as core.$ZodEnumDef).entries).map(String) };
    }
    default:
      return undefined;
  }
}

function numberType(def: core.$ZodNumberDef): FactType {
  let min: number | undefined;
  let max: number | undefined;
  for (const check of def.checks ?? []) {
    const checkDef = check._zod.def as { check: string; value?: unknown };
    if (checkDef.check === 'greater_than' && typeof checkDef.value === 'number') min = checkDef.value;
    if (checkDef.check === 'less_than' && typeof checkDef.value === 'number') max = checkDef.value;
  }
  return { kind: 'number', ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}
