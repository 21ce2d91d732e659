import { isObservationError, type ObservationError } from '../input/observation-error.js';

/** One result of a batch: the result, or the input problems, with the input's position. */
export type BatchItem<T> =
  | { readonly index: number; readonly result: T; readonly error?: undefined }
  | { readonly index: number; readonly result?: undefined; readonly error: ObservationError };

/**
 * Evaluates inputs one after another, yielding each result in input order as soon as it is
 * ready. Works with arrays, generators and async iterables (e.g. lines of a file), holding one
 * input at a time. Invalid inputs yield their `ObservationError` and do not stop the batch.
 */
export async function* evaluateMany<T>(
  inputs: Iterable<unknown> | AsyncIterable<unknown>,
  evaluate: (input: unknown) => Promise<T>,
): AsyncGenerator<BatchItem<T>> {
  let index = 0;
  for await (const input of inputs) {
    let item: BatchItem<T>;
    try {
      item = { index, result: await evaluate(input) };
    } catch (error) {
      if (!isObservationError(error)) throw error;
      item = { index, error };
    }
    yield item;
    index += 1;
  }
}
