// A small intake service on node:http: a CDS Hooks service (patient-view cards from the latest
// check-in or screening QuestionnaireResponse) and a plain JSON API (/assess, /screen).
// An example to copy from, not a hardened deployment: there is no authentication.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTriage, isObservationError, type Triage } from 'microneedling-triage';
import { fromQuestionnaireResponse, QUESTIONNAIRE_URLS, toCdsHooksCards, type QuestionnaireKind } from 'microneedling-triage/fhir';

/** Options of {@link createIntakeServer}. */
export interface IntakeServerOptions {
  /** The triage to use; defaults to the built-in rules and the system clock. */
  readonly triage?: Triage;
  /** Largest accepted request body in bytes; defaults to 64 KiB. */
  readonly maxBodyBytes?: number;
}

const SERVICES = [
  {
    id: 'microneedling-check-in',
    kind: 'checkin',
    title: 'Microneedling check-in triage',
    description: "Triage of the patient's latest post-microneedling check-in: normal healing or a reason to act.",
  },
  {
    id: 'microneedling-screening',
    kind: 'screening',
    title: 'Microneedling pre-treatment screening',
    description: "Whether the patient's latest screening allows microneedling: proceed, with caution, postpone or contraindicated.",
  },
] as const;

const DISCOVERY = {
  services: SERVICES.map(({ id, kind, title, description }) => ({
    id,
    hook: 'patient-view',
    title,
    description,
    prefetch: {
      [kind]: `QuestionnaireResponse?subject={{context.patientId}}&questionnaire=${QUESTIONNAIRE_URLS[kind]}&_sort=-authored&_count=1`,
    },
  })),
};

/** An error answered with its status and message as is. */
class HttpError extends Error {
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

interface Route {
  readonly method: 'GET' | 'POST';
  readonly handle: (body: unknown) => Promise<unknown>;
}

/** Creates the server (not listening yet). */
export function createIntakeServer(options: IntakeServerOptions = {}): Server {
  const triage = options.triage ?? createTriage();
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const routes = new Map<string, Route>([
    ['/cds-services', { method: 'GET', handle: () => Promise.resolve(DISCOVERY) }],
    ...SERVICES.map(({ id, kind }): [string, Route] => [
      `/cds-services/${id}`,
      { method: 'POST', handle: (body) => cdsService(triage, kind, body) },
    ]),
    ['/assess', { method: 'POST', handle: (body) => triage.assess(body) }],
    ['/screen', { method: 'POST', handle: (body) => triage.screen(body) }],
  ]);
  return createServer((request, response) => {
    route(request, routes, maxBodyBytes)
      .then((body) => {
        send(response, 200, body);
      })
      .catch((error: unknown) => {
        sendError(response, error);
      });
  });
}

async function route(request: IncomingMessage, routes: ReadonlyMap<string, Route>, maxBodyBytes: number): Promise<unknown> {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  const target = routes.get(pathname);
  if (target === undefined) throw new HttpError(404, `No endpoint at ${pathname}`);
  if (request.method !== target.method) throw new HttpError(405, `${pathname} accepts ${target.method} only`, { allow: target.method });
  if (target.method === 'GET') return target.handle(undefined);
  const type = request.headers['content-type'] ?? '';
  const [mediaType, ...parameters] = type.split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length);
  if (mediaType !== 'application/json' || (charset !== undefined && !['utf-8', 'utf8', '"utf-8"'].includes(charset))) {
    throw new HttpError(415, `Expected content-type application/json (UTF-8), got '${type}'`);
  }
  const text = await readBody(request, maxBodyBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `Invalid JSON: ${error instanceof Error ? error.message : 'unreadable body'}`);
  }
  return target.handle(body);
}

/**
 * The body as UTF-8 text. Past the limit it rejects with 413 at once and keeps nothing more; it
 * reads and discards up to {@link DRAIN_BYTES} further bytes so that a client still sending gets to
 * read the 413 (closing on unread data resets the connection), then drops the connection.
 */
function readBody(request: IncomingMessage, limit: number): Promise<string> {
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

/** A CDS Hooks service: the latest QuestionnaireResponse from the prefetch (or the context) to cards. */
async function cdsService(triage: Triage, kind: QuestionnaireKind, request: unknown): Promise<unknown> {
  if (!isRecord(request)) throw new HttpError(400, 'Expected a CDS Hooks request (a JSON object)');
  const prefetched = isRecord(request['prefetch']) ? request['prefetch'][kind] : undefined;
  const context = isRecord(request['context']) ? request['context'] : {};
  const response = unwrapBundle(prefetched) ?? context['questionnaireResponse'];
  if (response === undefined || response === null) {
    // The prefetch search ran and found nothing: the patient has no answers on file, so no card.
    if (isRecord(prefetched) && prefetched['resourceType'] === 'Bundle') return { cards: [] };
    throw new HttpError(412, `Prefetch not available: send prefetch.${kind} or context.questionnaireResponse (a QuestionnaireResponse)`);
  }
  // A response to the other questionnaire is rejected by the library (code 'wrong_questionnaire').
  const mapped = fromQuestionnaireResponse(response, kind);
  const result = kind === 'checkin' ? await triage.assess(mapped.input) : await triage.screen(mapped.input);
  const instance = typeof request['hookInstance'] === 'string' ? request['hookInstance'] : undefined;
  return { cards: toCdsHooksCards(result, instance === undefined ? {} : { instance }) };
}

/** A resource as is, or the first QuestionnaireResponse of a Bundle (`undefined` when it has none). */
function unwrapBundle(value: unknown): unknown {
  if (!isRecord(value) || value['resourceType'] !== 'Bundle') return value ?? undefined;
  const entries: unknown[] = Array.isArray(value['entry']) ? value['entry'] : [];
  return entries
    .map((entry) => (isRecord(entry) ? entry['resource'] : undefined))
    .find((resource) => isRecord(resource) && resource['resourceType'] === 'QuestionnaireResponse');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sendError(response: ServerResponse, error: unknown): void {
  if (error instanceof HttpError) {
    send(response, error.status, { error: error.message }, error.headers);
  } else if (isObservationError(error)) {
    send(response, 422, { error: error.message, issues: error.issues });
  } else {
    console.error(error); // the details stay in the server log
    send(response, 500, { error: 'Internal server error' });
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  response.end(json);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const server = createIntakeServer();
  server.listen(Number(process.env['PORT'] ?? 3000), () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    console.log(`Intake server listening on http://localhost:${String(port)} (CDS Hooks discovery: /cds-services)`);
  });
}
