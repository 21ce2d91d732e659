/**
 * A corpus of hostile input, shared by every entry point's test: JavaScript values that are not
 * plain JSON (for the library), and JSON texts (for the library, the CLI and the HTTP example).
 * Each entry says what a correct answer is: rejected as bad input at a given path, or accepted.
 * Values are made fresh for every use (a revoked Proxy, a throwing getter, a cycle).
 */

/** A JavaScript value given to the library: never JSON, always an `ObservationError` at `path`. */
export interface HostileValue {
  readonly name: string;
  readonly make: () => unknown;
  /** The code the guard reports (for the size attacks, which limit is met first depends on where the value is put). */
  readonly code: 'not_json' | 'unreadable' | 'cycle' | 'size';
}

class Candidate {
  readonly fever = true;
}
class Items extends Array<unknown> {}

function throwingProxy(trap: keyof ProxyHandler<object>, target: object = { fever: true }): object {
  return new Proxy(target, {
    [trap]: () => {
      throw new Error(`the ${trap} trap failed`);
    },
  });
}

function revoked(target: object = { fever: true }): object {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

/** Objects sharing their children: a tree of 2^levels leaves made of `levels` objects. */
export function sharedChildren(levels: number, width = 2): unknown {
  let node: unknown = { fever: true };
  for (let level = 0; level < levels; level += 1) {
    const next: Record<string, unknown> = {};
    for (let key = 0; key < width; key += 1) next[`k${String(key)}`] = node;
    node = next;
  }
  return node;
}

/** Objects sharing their children through arrays (the shape a rule condition built in code has). */
export function sharedArrays(levels: number): unknown {
  let node: unknown = { fact: 'signs.fever', operator: 'equal', value: true };
  for (let level = 0; level < levels; level += 1) node = { any: [node, node] };
  return node;
}

export const HOSTILE_VALUES: readonly HostileValue[] = [
  { name: 'a Map', make: () => new Map([['fever', true]]), code: 'not_json' },
  { name: 'a Set', make: () => new Set(['fever']), code: 'not_json' },
  { name: 'a Date', make: () => new Date('2026-03-01T00:00:00Z'), code: 'not_json' },
  { name: 'a RegExp', make: () => /fever/, code: 'not_json' },
  { name: 'an Error', make: () => new Error('fever'), code: 'not_json' },
  { name: 'a Promise', make: () => Promise.resolve({ fever: true }), code: 'not_json' },
  { name: 'a class instance', make: () => new Candidate(), code: 'not_json' },
  { name: 'an array subclass', make: () => Items.from([1]), code: 'not_json' },
  { name: 'a typed array', make: () => new Uint8Array([1]), code: 'not_json' },
  { name: 'a String object', make: () => new String('fever'), code: 'not_json' },
  { name: 'an object inheriting its answers', make: () => Object.create({ fever: true }) as unknown, code: 'not_json' },
  { name: 'a function', make: () => () => true, code: 'not_json' },
  { name: 'a symbol', make: () => Symbol('fever'), code: 'not_json' },
  { name: 'a BigInt', make: () => 10n, code: 'not_json' },
  { name: 'NaN', make: () => Number.NaN, code: 'not_json' },
  { name: 'Infinity', make: () => Number.POSITIVE_INFINITY, code: 'not_json' },
  // eslint-disable-next-line no-sparse-arrays
  { name: 'a sparse array', make: () => [1, , 3], code: 'not_json' },
  { name: 'an array with a named property', make: () => Object.assign([1], { extra: true }), code: 'not_json' },
  { name: 'undefined in an array', make: () => [undefined], code: 'not_json' },
  { name: 'a symbol key', make: () => ({ [Symbol('fever')]: true }), code: 'not_json' },
  { name: 'a non-enumerable key', make: () => Object.defineProperty({}, 'fever', { value: true, enumerable: false }), code: 'not_json' },
  {
    name: 'a getter',
    make: () => ({
      get fever() {
        return true;
      },
    }),
    code: 'not_json',
  },
  {
    name: 'a throwing getter',
    make: () => ({
      get fever(): boolean {
        throw new Error('getter failed');
      },
    }),
    code: 'not_json',
  },
  {
    name: 'a throwing getter on an array item',
    make: () =>
      Object.defineProperty([0], 0, {
        get: () => {
          throw new Error('x');
        },
      }),
    code: 'not_json',
  },
  { name: 'a Proxy whose get trap throws', make: () => throwingProxy('get'), code: 'unreadable' },
  { name: 'a Proxy whose ownKeys trap throws', make: () => throwingProxy('ownKeys'), code: 'unreadable' },
  { name: 'a Proxy whose getOwnPropertyDescriptor trap throws', make: () => throwingProxy('getOwnPropertyDescriptor'), code: 'unreadable' },
  { name: 'a Proxy whose getPrototypeOf trap throws', make: () => throwingProxy('getPrototypeOf'), code: 'unreadable' },
  { name: 'a Proxy of an array whose get trap throws', make: () => throwingProxy('get', [true]), code: 'unreadable' },
  { name: 'a revoked Proxy', make: () => revoked(), code: 'unreadable' },
  { name: 'a revoked Proxy of an array', make: () => revoked([]), code: 'unreadable' },
  {
    name: 'a Proxy that answers differently each time',
    // Its descriptor says false, a read says true.
    make: () => new Proxy({ fever: false }, { get: () => true }),
    code: 'not_json',
  },
  {
    name: 'an object that contains itself',
    make: () => {
      const node: Record<string, unknown> = {};
      node['self'] = node;
      return node;
    },
    code: 'cycle',
  },
  {
    name: 'two objects that contain each other',
    make: () => {
      const a: Record<string, unknown> = {};
      a['b'] = { a };
      return a;
    },
    code: 'cycle',
  },
  { name: '80 objects sharing their children (2^80 paths)', make: () => sharedChildren(80), code: 'size' },
  { name: '4 levels of objects sharing 90 children each (65 million paths)', make: () => sharedChildren(4, 90), code: 'size' },
  { name: 'a 2-million-character key', make: () => ({ ['k'.repeat(2_000_000)]: true }), code: 'size' },
  { name: 'a 50 MB string', make: () => 'x'.repeat(50 * 1024 * 1024), code: 'size' },
  { name: 'a million-item array', make: () => new Array<number>(1_000_000).fill(0), code: 'size' },
  {
    name: '100,000 keys',
    make: () => Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`k${String(index)}`, true])),
    code: 'size',
  },
];

/** A JSON text given to any entry point, with what the check-in entry points must answer. */
export interface HostileText {
  readonly name: string;
  readonly text: () => string;
  /** `rejected` by `assess` as bad input (ObservationError, exit 2, HTTP 422 or 400), or `accepted`. */
  readonly assess: 'rejected' | 'accepted';
}

const longKey = (length: number): string => JSON.stringify({ hoursSinceTreatment: 30, signs: { ['k'.repeat(length)]: true } });

export const HOSTILE_TEXTS: readonly HostileText[] = [
  { name: 'prototype keys', text: () => '{"__proto__": {"signs": {"fever": true}}, "constructor": {"prototype": {}}}', assess: 'rejected' },
  { name: 'a nested __proto__', text: () => '{"signs": {"__proto__": {"fever": true}}}', assess: 'rejected' },
  { name: 'a 60 KiB unknown key (one request just under the HTTP limit)', text: () => longKey(60 * 1024), assess: 'rejected' },
  { name: 'a 9,000-character unknown key (under the key limit)', text: () => longKey(9_000), assess: 'rejected' },
  {
    name: '400 near-miss unknown keys',
    text: () => JSON.stringify({ signs: Object.fromEntries(Array.from({ length: 400 }, (_, index) => [`fevr${String(index)}`, true])) }),
    assess: 'rejected',
  },
  {
    name: 'nesting 1,000 levels deep',
    text: () => `${'{"signs":'.repeat(1_000)}{}${'}'.repeat(1_000)}`,
    assess: 'rejected',
  },
  {
    name: 'a 1,001-item previous array',
    text: () => JSON.stringify({ previous: Array.from({ length: 1_001 }, () => ({})) }),
    assess: 'rejected',
  },
  { name: 'a treatment in 1970', text: () => JSON.stringify({ treatedAt: '1970-01-01T00:00:00Z' }), assess: 'rejected' },
  { name: 'a timestamp without a zone', text: () => JSON.stringify({ treatedAt: '2026-03-01T10:00:00' }), assess: 'rejected' },
  { name: 'a wrong type', text: () => JSON.stringify({ signs: { fever: 'yes' } }), assess: 'rejected' },
  { name: 'an array', text: () => '[1, 2, 3]', assess: 'rejected' },
  { name: 'null', text: () => 'null', assess: 'rejected' },
  { name: 'a number', text: () => '1e309', assess: 'rejected' },
  {
    name: 'a plausible check-in',
    text: () => JSON.stringify({ hoursSinceTreatment: 30, signs: { redness: 'mild', fever: false } }),
    assess: 'accepted',
  },
  { name: 'an empty check-in', text: () => '{}', assess: 'accepted' },
];
