import { isObservationError, type ObservationError } from './observation-error.js';

/**
 * The outcome of a `safe…` function: the data, or the input's problems as the
 * {@link ObservationError} the throwing form would have thrown (the same issues). Anything else
 * (a broken clock, a bug) is still thrown.
 */
export type SafeResult<T> = { readonly success: true; readonly data: T } | { readonly success: false; readonly error: ObservationError };

/** `run()`'s value as a {@link SafeResult}: an ObservationError becomes `success: false`, anything else is thrown. */
export function safely<T>(run: () => T): SafeResult<T> {
  try {
    return { success: true, data: run() };
  } catch (error) {
    if (isObservationError(error)) return { success: false, error };
    throw error;
  }
}

/** {@link safely} for a promise: an ObservationError rejection becomes `success: false`, any other rejection stays one. */
export async function safelyAsync<T>(run: () => Promise<T>): Promise<SafeResult<T>> {
  try {
    return { success: true, data: await run() };
  } catch (error) {
    if (isObservationError(error)) return { success: false, error };
    throw error;
  }
}

/** The data of a {@link SafeResult}, or its ObservationError thrown (for callers that report errors where they catch them). */
export function orThrow<T>(result: SafeResult<T>): T {
  if (result.success) return result.data;
  throw result.error;
}
