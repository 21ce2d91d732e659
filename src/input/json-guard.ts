import { closestName } from './closest-name.js';
import { fieldPath } from './field-path.js';
import type { InputIssue } from './observation-error.js';
import { shortName } from './short-text.js';

/** Limits on the shape of JSON received from outside. */
export interface JsonLimits {
  readonly maxDepth: number;
  readonly maxArrayLength: number;
  /** Longest string, value or key. */
  readonly maxStringLength: number;
  readonly maxKeys: number;
  /**
   * Most values in all, counting an object that appears in several places once per place: what
   * any reader walking the value as a tree will visit. Bounds objects that share children.
   */
  readonly maxNodes: number;
}

/** Limits for a check-in, screening or aftercare input, or a QuestionnaireResponse. */
export const INPUT_LIMITS: JsonLimits = { maxDepth: 16, maxArrayLength: 1_000, maxStringLength: 10_000, maxKeys: 500, maxNodes: 20_000 };
/** Limits for case files (and the base of the rule-file limits). */
export const FILE_LIMITS: JsonLimits = {
  maxDepth: 64,
  maxArrayLength: 20_000,
  maxStringLength: 20_000,
  maxKeys: 2_000,
  maxNodes: 200_000,
};
/**
 * Limits for one rule file: at most 20,000 values (the largest built-in file has about 1,100,
 * the whole built-in rule set about 4,300), so that loading any rule set that can be accepted
 * costs at most a few times loading the built-in rules.
 */
export const RULE_FILE_LIMITS: JsonLimits = { ...FILE_LIMITS, maxNodes: 20_000 };

/** An array index with no property (a sparse array). */
const HOLE = Symbol('hole');

/** Keys that can reach an object's prototype when copied by assignment; never valid in our formats. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What the reader may know of the value's format: the keys a strict object may have (any other
 * key is reported as unknown and its value is never read) and the shape of an array's items.
 */
export interface JsonShape {
  readonly keys?: ReadonlyMap<string, JsonShape | undefined>;
  readonly items?: JsonShape | undefined;
  /** For an array: the most items the format allows (named in the message when the array is far longer). */
  readonly maxLength?: number | undefined;
}

/** Unknown keys found (when a shape is given): reported, not fatal to the read; at most `limit`, the rest counted. */
export interface UnknownKeys {
  readonly issues: InputIssue[];
  omitted: number;
}

/**
 * The value read as plain JSON data (with the keys of a given shape only, the others in
 * `unknown`), or the problems that prevent it.
 */
export type JsonRead =
  | { readonly ok: true; readonly value: unknown; readonly unknown: UnknownKeys }
  | { readonly ok: false; readonly issues: InputIssue[]; readonly unknown: UnknownKeys };

/** Options of {@link readJson}. */
export interface ReadJsonOptions {
  /** Problems reported at most (the read stops there). */
  readonly maxIssues?: number;
  /** The format, when known: unknown keys are reported, not read. */
  readonly shape?: JsonShape | undefined;
  /** Unknown keys reported at most. */
  readonly maxUnknown?: number;
  /** Unknown keys that get a "did you mean" at most. */
  readonly suggestions?: number;
}

/** What a finished object stands for, so that a shared object is read once (per shape). */
interface Visited {
  /** Read, or rejected (already reported). */
  state: 'read' | 'rejected';
  copy: unknown;
  /** Values in it, counted as a tree. */
  nodes: number;
  /** Levels of objects in it (1 for an object holding only scalars). */
  height: number;
}

interface Walk {
  readonly limits: JsonLimits;
  readonly maxIssues: number;
  readonly issues: InputIssue[];
  /** Objects read, by the shape they were read with. */
  readonly visited: Map<object, Map<JsonShape | undefined, Visited>>;
  /** Objects being read (on the current path), with the depth of the path where each was met: met again, a cycle. */
  readonly reading: Map<object, number>;
  readonly path: PropertyKey[];
  /** Values counted so far, as a tree. */
  nodes: number;
  readonly unknown: UnknownKeys;
  readonly maxUnknown: number;
  suggestions: number;
}

/** A value read: its copy, the values it counts as a tree, and its height in objects. */
interface Read {
  readonly copy: unknown;
  readonly nodes: number;
  readonly height: number;
}

/**
 * The single door for untrusted data: reads a value as plain JSON and returns a copy of it made
 * of plain objects, arrays, strings, finite numbers, booleans and null, or the problems found
 * (at most `maxIssues`), each naming its path:
 *
 * - `not_json`: anything JSON cannot hold (a Map, Set, Date, RegExp, Error, Promise, class
 *   instance, function, symbol, BigInt, NaN, a sparse array or one with extra properties, a
 *   getter, a non-enumerable or symbol key, a value that reads differently twice);
 * - `unreadable`: reading threw (a throwing getter or Proxy trap, a revoked Proxy);
 * - `cycle`: an object that contains itself;
 * - `forbidden_key`: `__proto__`, `constructor`, `prototype`;
 * - `too_deep`, `too_large`: beyond the limits (each checked before descending; an object shared
 *   by several parents counts in every place, but is read once).
 *
 * With a `shape` (the format's strict objects), a key the format does not have is reported in
 * `unknown` (`unknown_key`, with a "did you mean" while the `suggestions` last) and its value is
 * never read: junk under a wrong key costs nothing, and cannot throw. Unknown keys do not stop the
 * read, so the caller can report them together with what its schema finds.
 *
 * Every property is read once, through its descriptor, so what the rest of the library reads is
 * the copy: nothing can change, throw or be read differently afterwards. The cost is linear in
 * the number of distinct objects and their keys. A key that is `undefined` is left out, as
 * `JSON.stringify` does.
 */
export function readJson(value: unknown, limits: JsonLimits, options: ReadJsonOptions = {}): JsonRead {
  const walk: Walk = {
    limits,
    maxIssues: options.maxIssues ?? 10,
    issues: [],
    visited: new Map(),
    reading: new Map(),
    path: [],
    nodes: 0,
    unknown: { issues: [], omitted: 0 },
    maxUnknown: options.maxUnknown ?? 100,
    suggestions: options.suggestions ?? 20,
  };
  const read = visit(walk, value, 0, options.shape);
  if (read !== null && walk.issues.length === 0) return { ok: true, value: read.copy, unknown: walk.unknown };
  if (walk.issues.length === 0) report(walk, 'unreadable', (field) => `${field} cannot be read as JSON`);
  return { ok: false, issues: walk.issues, unknown: walk.unknown };
}

/**
 * The problems {@link readJson} finds in a value (none when it is plain JSON within the limits).
 * Prefer `readJson` and read its copy: a value checked here can still change when read again.
 */
export function guardJson(value: unknown, limits: JsonLimits, maxIssues = 10): InputIssue[] {
  const read = readJson(value, limits, { maxIssues });
  return read.ok ? [] : read.issues;
}

function report(walk: Walk, code: InputIssue['code'], message: (field: string) => string, at = fieldPath(walk.path)): null {
  if (walk.issues.length < walk.maxIssues) walk.issues.push({ path: at, code, message: message(at === '' ? 'the input' : `'${at}'`) });
  return null;
}

function count(walk: Walk, nodes: number): boolean {
  walk.nodes += nodes;
  if (walk.nodes <= walk.limits.maxNodes) return true;
  report(
    walk,
    'too_large',
    (field) =>
      `${field} makes the input larger than the ${String(walk.limits.maxNodes)} values allowed (an object used in several places counts in each)`,
  );
  return false;
}

function visit(walk: Walk, node: unknown, depth: number, shape: JsonShape | undefined): Read | null {
  if (walk.issues.length >= walk.maxIssues) return null;
  switch (typeof node) {
    case 'string':
      if (node.length > walk.limits.maxStringLength)
        return report(
          walk,
          'too_large',
          (field) =>
            `${field} is a string of ${String(node.length)} characters, more than the ${String(walk.limits.maxStringLength)} allowed`,
        );
      return count(walk, 1) ? { copy: node, nodes: 1, height: 0 } : null;
    case 'number':
      if (!Number.isFinite(node)) return report(walk, 'not_json', (field) => `${field} is ${String(node)}, which JSON cannot hold`);
      return count(walk, 1) ? { copy: node, nodes: 1, height: 0 } : null;
    case 'boolean':
      return count(walk, 1) ? { copy: node, nodes: 1, height: 0 } : null;
    case 'undefined':
      return { copy: undefined, nodes: 0, height: 0 };
    case 'bigint':
      return report(walk, 'not_json', (field) => `${field} is a BigInt, not a plain JSON value (give a number)`);
    case 'symbol':
      return report(walk, 'not_json', (field) => `${field} is a symbol, not a plain JSON value`);
    case 'function':
      return report(walk, 'not_json', (field) => `${field} is a function, not a plain JSON value`);
    case 'object':
      if (node === null) return count(walk, 1) ? { copy: null, nodes: 1, height: 0 } : null;
      return visitObject(walk, node, depth, shape);
  }
}

function visitObject(walk: Walk, node: object, depth: number, shape: JsonShape | undefined): Read | null {
  const first = walk.reading.get(node);
  if (first !== undefined) {
    const at = fieldPath(walk.path.slice(0, first));
    return report(
      walk,
      'cycle',
      (field) => `${field} refers back to ${at === '' ? 'the input itself' : `'${at}'`}, which contains it: JSON cannot hold a cycle`,
    );
  }
  const seen = walk.visited.get(node)?.get(shape);
  if (seen !== undefined) {
    if (seen.state === 'rejected') return null;
    if (depth + seen.height - 1 > walk.limits.maxDepth) return tooDeep(walk);
    return count(walk, seen.nodes) ? { copy: seen.copy, nodes: seen.nodes, height: seen.height } : null;
  }
  if (depth > walk.limits.maxDepth) return tooDeep(walk);
  if (!count(walk, 1)) return null;
  const before = walk.nodes;
  walk.reading.set(node, walk.path.length);
  let read: { copy: object; height: number } | null = null;
  try {
    read = Array.isArray(node) ? readArray(walk, node as unknown[], depth, shape) : readRecord(walk, node, depth, shape);
  } catch (error) {
    report(walk, 'unreadable', (field) => `${field} cannot be read: ${errorText(error)}`);
  } finally {
    walk.reading.delete(node);
  }
  const entry: Visited =
    read === null
      ? { state: 'rejected', copy: undefined, nodes: 0, height: 0 }
      : { state: 'read', copy: read.copy, nodes: 1 + walk.nodes - before, height: read.height };
  let byShape = walk.visited.get(node);
  if (byShape === undefined) {
    byShape = new Map();
    walk.visited.set(node, byShape);
  }
  byShape.set(shape, entry);
  return read === null ? null : { copy: read.copy, nodes: entry.nodes, height: read.height };
}

function tooDeep(walk: Walk): null {
  return report(walk, 'too_deep', (field) => `${field} is nested more than ${String(walk.limits.maxDepth)} levels deep`);
}

function readArray(walk: Walk, node: unknown[], depth: number, shape: JsonShape | undefined): { copy: object; height: number } | null {
  const prototype: unknown = Reflect.getPrototypeOf(node);
  if (prototype !== Array.prototype) return notPlain(walk, node);
  const length = Reflect.getOwnPropertyDescriptor(node, 'length')?.value ?? 0;
  if (length > walk.limits.maxArrayLength)
    return report(
      walk,
      'too_large',
      (field) => `${field} has ${String(length)} items, more than the ${String(shape?.maxLength ?? walk.limits.maxArrayLength)} allowed`,
    );
  const keys = Reflect.ownKeys(node);
  if (keys.length !== length + 1) {
    const extra = keys.find((key) => typeof key === 'symbol' || (key !== 'length' && !/^(?:0|[1-9]\d*)$/.test(key)));
    if (extra !== undefined)
      return report(
        walk,
        'not_json',
        (field) => `${field} is an array with ${describeKey(extra)} besides its items, which JSON cannot hold`,
      );
  }
  const copy: unknown[] = [];
  let height = 1;
  let ok = true;
  for (let index = 0; index < length && walk.issues.length < walk.maxIssues; index += 1) {
    walk.path.push(index);
    try {
      const item = readProperty(walk, node, String(index), depth, shape?.items);
      if (item === HOLE) report(walk, 'not_json', (field) => `${field} is missing: a sparse array, which JSON cannot hold`);
      else if (item !== null && item.copy === undefined)
        report(walk, 'not_json', (field) => `${field} is undefined, which JSON cannot hold (use null)`);
      if (item === null || item === HOLE || item.copy === undefined) {
        ok = false;
        continue;
      }
      copy.push(item.copy);
      height = Math.max(height, item.height + 1);
    } finally {
      walk.path.pop();
    }
  }
  return ok ? { copy, height } : null;
}

function readRecord(walk: Walk, node: object, depth: number, shape: JsonShape | undefined): { copy: object; height: number } | null {
  const prototype: unknown = Reflect.getPrototypeOf(node);
  if (prototype !== Object.prototype && prototype !== null) return notPlain(walk, node);
  const keys = Reflect.ownKeys(node);
  if (keys.length > walk.limits.maxKeys)
    return report(
      walk,
      'too_large',
      (field) => `${field} has ${String(keys.length)} keys, more than the ${String(walk.limits.maxKeys)} allowed`,
    );
  const copy: Record<string, unknown> = {};
  let height = 1;
  let ok = true;
  for (const key of keys) {
    if (typeof key === 'symbol') {
      report(walk, 'not_json', (field) => `${field} has ${describeKey(key)}, which JSON cannot hold`);
      ok = false;
      continue;
    }
    walk.path.push(key);
    try {
      if (key.length > walk.limits.maxStringLength) {
        report(
          walk,
          'too_large',
          (field) => `${field} is a key of ${String(key.length)} characters, more than the ${String(walk.limits.maxStringLength)} allowed`,
        );
        ok = false;
        continue;
      }
      if (FORBIDDEN_KEYS.has(key)) {
        report(walk, 'forbidden_key', (field) => `${field}: the key '${key}' is not allowed`);
        ok = false;
        continue;
      }
      const known = shape?.keys;
      if (known !== undefined && !known.has(key)) {
        // Not part of the format: reported, and its value never read (it cannot matter).
        unknownKey(walk, key, known);
        continue;
      }
      const item = readProperty(walk, node, key, depth, known?.get(key));
      if (item === HOLE) report(walk, 'not_json', (field) => `${field} is listed as a key but holds nothing, not a plain value`);
      if (item === null || item === HOLE) {
        ok = false;
        if (walk.issues.length >= walk.maxIssues) return null;
        continue;
      }
      if (item.copy !== undefined) copy[key] = item.copy;
      height = Math.max(height, item.height + 1);
    } finally {
      walk.path.pop();
    }
  }
  return ok ? { copy, height } : null;
}

/** A key the format does not have (the path names it), with a "did you mean" while the budget lasts. */
function unknownKey(walk: Walk, key: string, known: ReadonlyMap<string, unknown>): void {
  if (walk.unknown.issues.length >= walk.maxUnknown) {
    walk.unknown.omitted += 1;
    return;
  }
  const at = fieldPath(walk.path);
  walk.suggestions -= 1;
  const suggestion = walk.suggestions >= 0 ? closestName(key, [...known.keys()]) : undefined;
  const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
  walk.unknown.issues.push({ path: at, code: 'unknown_key', message: `'${at}' is not a known field${hint}` });
}

/** One own property, read once through its descriptor (the path already names it). */
function readProperty(walk: Walk, node: object, key: string, depth: number, shape: JsonShape | undefined): Read | typeof HOLE | null {
  let value: unknown;
  try {
    const descriptor = Reflect.getOwnPropertyDescriptor(node, key);
    if (descriptor === undefined) return HOLE;
    if (descriptor.get !== undefined || descriptor.set !== undefined || !('value' in descriptor))
      return report(walk, 'not_json', (field) => `${field} is a getter or setter, not a plain value`);
    if (descriptor.enumerable !== true)
      return report(walk, 'not_json', (field) => `${field} is not enumerable, so JSON would leave it out`);
    value = descriptor.value;
    if (!Object.is(Reflect.get(node, key), value))
      return report(walk, 'not_json', (field) => `${field} reads differently each time it is read, not a plain value`);
  } catch (error) {
    return report(walk, 'unreadable', (field) => `${field} cannot be read: ${errorText(error)}`);
  }
  return visit(walk, value, depth + 1, shape);
}

function notPlain(walk: Walk, node: object): null {
  const [what, hint] = describeObject(node);
  return report(walk, 'not_json', (field) => `${field} is ${what}, not a plain JSON value${hint}`);
}

const BUILT_INS: readonly [unknown, string, string][] = [
  [Promise, 'a Promise', ' (await it first)'],
  [Date, 'a Date', ' (give it as an ISO 8601 string)'],
  [Map, 'a Map', ' (give a plain object)'],
  [Set, 'a Set', ' (give an array)'],
  [WeakMap, 'a WeakMap', ''],
  [WeakSet, 'a WeakSet', ''],
  [RegExp, 'a RegExp', ''],
  [Error, 'an Error', ''],
  [String, 'a String object', ' (give the string itself)'],
  [Number, 'a Number object', ' (give the number itself)'],
  [Boolean, 'a Boolean object', ' (give true or false)'],
  [ArrayBuffer, 'an ArrayBuffer', ''],
  [Array, 'an array of a subclass of Array', ''],
];

/** What a non-plain object is, and a hint, for a message (reads only prototypes; never throws). */
function describeObject(node: object): [what: string, hint: string] {
  try {
    if (ArrayBuffer.isView(node)) return ['a typed array', ' (give an array)'];
    for (const [type, what, hint] of BUILT_INS) if (node instanceof (type as new () => unknown)) return [what, hint];
    const prototype = Reflect.getPrototypeOf(node);
    const constructor: unknown = prototype === null ? undefined : Reflect.getOwnPropertyDescriptor(prototype, 'constructor')?.value;
    const name: unknown = typeof constructor === 'function' ? Reflect.getOwnPropertyDescriptor(constructor, 'name')?.value : undefined;
    const what = typeof name === 'string' && name !== '' ? `an instance of ${shortName(name)}` : 'an object with a prototype of its own';
    return [what, ' (give a plain object)'];
  } catch {
    return ['an object that cannot be inspected', ''];
  }
}

function describeKey(key: string | symbol): string {
  return typeof key === 'symbol' ? 'a symbol key' : `a property '${shortName(key)}'`;
}

/** The message of a thrown value, whatever was thrown (reading it may throw too). */
function errorText(error: unknown): string {
  try {
    const message: unknown = error instanceof Error ? error.message : error;
    return typeof message === 'string' ? shortName(message, 200) : typeof message;
  } catch {
    return 'an error that cannot be read';
  }
}

/** The own entries of a plain object or array, read once each; or why they cannot be. */
export type ShallowRead =
  | { readonly ok: true; readonly kind: 'object' | 'array'; readonly entries: readonly (readonly [string, unknown])[] }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads one level of a plain object or array (its own enumerable data properties, each through
 * its descriptor), for options objects whose values are read by their own rules. Never throws:
 * anything else (a class instance, a getter, a throwing Proxy) gives a `problem` that completes
 * "… is" / "… has" in a sentence, e.g. `a Map, not a plain JSON value`.
 */
export function readShallow(value: unknown): ShallowRead {
  if (value === null || typeof value !== 'object') return { ok: false, problem: describeScalar(value) };
  try {
    const isArray = Array.isArray(value);
    const prototype: unknown = Reflect.getPrototypeOf(value);
    if (isArray ? prototype !== Array.prototype : prototype !== Object.prototype && prototype !== null) {
      const [what, hint] = describeObject(value);
      return { ok: false, problem: `${what}, not a plain JSON value${hint}` };
    }
    const entries: [string, unknown][] = [];
    for (const key of Reflect.ownKeys(value)) {
      if (isArray && key === 'length') continue;
      if (typeof key === 'symbol') return { ok: false, problem: 'an object with a symbol key' };
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (descriptor === undefined || !('value' in descriptor) || descriptor.get !== undefined)
        return { ok: false, problem: `an object whose '${shortName(key)}' is a getter or setter, not a plain value` };
      if (descriptor.enumerable !== true) return { ok: false, problem: `an object whose '${shortName(key)}' is not enumerable` };
      entries.push([key, descriptor.value]);
    }
    const length: unknown = Reflect.getOwnPropertyDescriptor(value, 'length')?.value;
    if (isArray && entries.length !== length) return { ok: false, problem: 'a sparse array, or one with extra properties' };
    return { ok: true, kind: isArray ? 'array' : 'object', entries };
  } catch (error) {
    return { ok: false, problem: `an object that cannot be read (${errorText(error)})` };
  }
}

/** A short description of a value that is not an object, for messages. */
export function describeScalar(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `a string of ${String(value.length)} characters` : `the string ${JSON.stringify(value)}`;
    case 'number':
    case 'boolean':
      return `the ${typeof value} ${String(value)}`;
    case 'bigint':
      return 'a BigInt';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'undefined':
      return 'nothing';
    default:
      return value === null ? 'null' : 'an object';
  }
}
