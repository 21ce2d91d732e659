// HTTP plumbing of the intake server: errors, bodies, JSON answers, CORS.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObservationError } from 'microneedling-triage';

/** CORS for browser-based EHRs: the allowed origins, or `'*'`. */
export interface CorsOptions {
  readonly origins: readonly string[] | '*';
}

/** An error answered with its status and message as is. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** How much of an oversized body is read (and discarded) before the connection is dropped. */
const DRAIN_BYTES = 1024 * 1024;

/** The CORS headers for a request from an allowed origin (none otherwise, or without CORS). */
export function corsHeaders(request: IncomingMessage, cors: CorsOptions | undefined): Record<string, string> {
  const origin = request.headers.origin;
  if (cors === undefined || origin === undefined) return {};
  if (cors.origins !== '*' && !cors.origins.includes(origin)) return {};
  return {
    'access-control-allow-origin': cors.origins === '*' ? '*' : origin,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type',
    vary: 'origin',
  };
}

/**
 * The body as UTF-8 text. Past the limit it rejects with 413 at once and keeps nothing more; it
 * reads and discards up to {@link DRAIN_BYTES} further bytes so that a client still sending gets to
 * read the 413 (closing on unread data resets the connection), then drops the connection.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const rejectTooLarge = (): void => {
      tooLarge = true;
      chunks.length = 0;
      reject(new HttpError(413, `Body larger than ${String(limit)} bytes`));
    };
    if (Number(request.headers['content-length']) > limit) rejectTooLarge();
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (!tooLarge && size > limit) rejectTooLarge();
      if (!tooLarge) chunks.push(chunk);
      else if (size > limit + DRAIN_BYTES) request.destroy();
    });
    request.on('error', () => {
      reject(new HttpError(400, 'The request was aborted')); // the client is gone: nothing to log
    });
    request.on('end', () => {
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
      } catch {
        reject(new HttpError(400, 'Invalid JSON: the body is not valid UTF-8'));
      }
    });
  });
}

/** Answers an error: its own status for HttpError, 422 with the issues for bad input, else a bare 500 (details logged). */
export function sendError(response: ServerResponse, error: unknown, headers: Readonly<Record<string, string>>): void {
  if (error instanceof HttpError) {
    send(response, error.status, { error: error.message }, { ...headers, ...error.headers });
  } else if (isObservationError(error)) {
    send(response, 422, { error: error.message, issues: error.issues }, headers);
  } else {
    console.error(error); // the details stay in the server log
    send(response, 500, { error: 'Internal server error' }, headers);
  }
}

/**
 * The path and query of a request target, read without ever throwing on what a client sends: a
 * target that is not a path (`*`, `http://...`) or that no URL parser reads is a 400. A target
 * such as `//x` is a path here (it names no host), so it is answered 404 like any unknown path.
 */
export function requestTarget(url: string | undefined): { readonly pathname: string; readonly searchParams: URLSearchParams } {
  if (url?.startsWith('/') !== true) throw new HttpError(400, 'The request target must be a path');
  try {
    const { pathname, searchParams } = new URL(`http://localhost${url}`);
    return { pathname, searchParams };
  } catch {
    throw new HttpError(400, 'The request target cannot be read');
  }
}

/** Answers JSON (UTF-8) with a content-length. */
export function send(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  response.end(json);
}
