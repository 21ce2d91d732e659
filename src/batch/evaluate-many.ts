import { describeScalar, readShallow } from '../input/json-guard.js';
import { isObservationError, ObservationError } from '../input/observation-error.js';

/** One result of a batch: the result, or the input problems, with the input's position. */
export type BatchItem<T> =
  | { readonly index: number; readonly result: T; readonly error?: undefined }
  | { readonly index: number; readonly result?: undefined; readonly error: ObservationError };

/**
 * Evaluates inputs one after another, yielding each result in input order as soon as it is
 * ready. Works with arrays, generators and async iterables (e.g. lines of a file), holding one
 * input at a time. Invalid inputs yield their `ObservationError` and do not stop the batch.
 *
 * Each item is given to `evaluate` exactly as the iterable yields it: a Promise in an array is
 * an invalid input (as it is for `assess`), not awaited. An array is read item by item through
 * its descriptors, so an item that cannot be read is that item's `ObservationError`; `inputs`
 * that are not iterable reject with an `ObservationError` on the first `next()`.
 */
export async function* evaluateMany<T>(
  inputs: Iterable<unknown> | AsyncIterable<unknown>,
  evaluate: (input: unknown) => Promise<T>,
): AsyncGenerator<BatchItem<T>> {
  let index = 0;
  for await (const input of itemsOf(inputs)) {
    let item: BatchItem<T>;
    try {
      if (!input.ok) throw input.error;
      item = { index, result: await evaluate(input.value) };
    } catch (error) {
      if (!isObservationError(error)) throw error;
      item = { index, error };
    }
    yield item;
    index += 1;
  }
}

type Item = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: ObservationError };

/** The items as given: sync iterables are not awaited item by item (as `for await` would). */
async function* itemsOf(inputs: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<Item> {
  const length = arrayLength(inputs);
  if (length !== undefined) {
    for (let index = 0; index < length; index += 1) yield arrayItem(inputs as unknown[], index);
    return;
  }
  let asyncIterator: unknown;
  let syncIterator: unknown;
  try {
    asyncIterator = (inputs as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator];
    syncIterator = (inputs as Partial<Iterable<unknown>>)[Symbol.iterator];
  } catch {
    throw notIterable(inputs);
  }
  if (typeof asyncIterator === 'function') {
    for await (const value of inputs as AsyncIterable<unknown>) yield { ok: true, value };
  } else if (typeof syncIterator === 'function') {
    for (const value of inputs as Iterable<unknown>) yield { ok: true, value };
  } else {
    throw notIterable(inputs);
  }
}

/** The length of an array (undefined for anything else, or an array that cannot be read). */
function arrayLength(value: unknown): number | undefined {
  try {
    if (!Array.isArray(value)) return undefined;
    const length: unknown = Reflect.getOwnPropertyDescriptor(value, 'length')?.value;
    return typeof length === 'number' ? length : undefined;
  } catch {
    return undefined;
  }
}

/** One item of an array, read through its descriptor: a getter, a hole or a throwing Proxy is that item's error. */
function arrayItem(array: unknown[], index: number): Item {
  try {
    const descriptor = Reflect.getOwnPropertyDescriptor(array, String(index));
    if (descriptor !== undefined && 'value' in descriptor) return { ok: true, value: descriptor.value };
    const what = descriptor === undefined ? 'missing (a sparse array)' : 'a getter, not a plain value';
    return { ok: false, error: new ObservationError([{ path: '', code: 'not_json', message: `the input is ${what}` }]) };
  } catch {
    return { ok: false, error: new ObservationError([{ path: '', code: 'unreadable', message: 'the input cannot be read' }]) };
  }
}

function notIterable(inputs: unknown): ObservationError {
  const read = inputs !== null && typeof inputs === 'object' ? readShallow(inputs) : undefined;
  const what = read === undefined ? describeScalar(inputs) : read.ok ? 'an object' : read.problem;
  return new ObservationError([
    { path: '', code: 'invalid_type', message: `the inputs must be an array, an iterable or an async iterable, but are ${what}` },
  ]);
}
