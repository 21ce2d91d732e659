// A small intake service on node:http: CDS Hooks 2.0 services (cards from the patient's latest
// check-in or screening QuestionnaireResponse, at chart opening and at the treatment decision),
// a plain JSON API (/assess, /screen, /questionnaire-response), FHIR SDC adaptive forms
// (POST /Questionnaire/$next-question, one question at a time), and a push path that puts a Flag
// and a Task (or Communication) for the treating practitioner on the clinic's FHIR server when a
// check-in comes out contact-provider or urgent.
// An example to copy from, not a hardened deployment: there is no authentication of callers.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTriage, parseScreening, type Triage } from 'microneedling-triage';
import { fromQuestionnaireResponse } from 'microneedling-triage/fhir';
import { recordFeedback, type FeedbackRecord } from './cds-feedback.js';
import { cdsService, DISCOVERY, SERVICES, type CdsContext, type CdsServiceOptions } from './cds-services.js';
import { corsHeaders, HttpError, readBody, requestTarget, send, sendError, type CorsOptions } from './http.js';
import { pushAlert, type PushOptions } from './push.js';
import {
  capabilityStatement,
  isFhirPath,
  NEXT_QUESTION_PATHS,
  nextQuestionRoute,
  sendFhir,
  sendOperationOutcome,
} from './next-question.js';

export type { FeedbackRecord } from './cds-feedback.js';
export type { CdsServiceOptions } from './cds-services.js';
export type { CorsOptions } from './http.js';
export type { PushOptions, PushOutcome } from './push.js';

/** Options of {@link createIntakeServer}. */
export interface IntakeServerOptions extends CdsServiceOptions {
  /** The triage to use; defaults to the built-in rules and the system clock. */
  readonly triage?: Triage;
  /** Largest accepted request body in bytes; defaults to 64 KiB. */
  readonly maxBodyBytes?: number;
  /** Time to receive a whole request, headers and body, in ms; defaults to 10 s (Node's own default is 300 s). */
  readonly requestTimeoutMs?: number;
  /** CORS for browser-based EHRs. Off by default. */
  readonly cors?: CorsOptions;
  /** The push path; without it nothing is written anywhere. */
  readonly push?: PushOptions;
}

/** The server, with the feedback it recorded. */
export type IntakeServer = Server & { readonly feedback: readonly FeedbackRecord[] };

interface Request {
  readonly body: unknown;
  readonly query: URLSearchParams;
}

interface Route {
  readonly method: 'GET' | 'POST';
  readonly handle: (request: Request) => Promise<unknown>;
}

/** Creates the server (not listening yet: see {@link startIntakeServer}). */
export function createIntakeServer(options: IntakeServerOptions = {}): IntakeServer {
  const context: CdsContext & { readonly options: IntakeServerOptions } = {
    triage: options.triage ?? createTriage(),
    options,
    issued: new Map(),
    feedback: [],
  };
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const requestTimeout = options.requestTimeoutMs ?? 10_000;
  const started = new Date();
  const routes = new Map<string, Route>([
    ['/cds-services', { method: 'GET', handle: () => Promise.resolve(DISCOVERY) }],
    ...SERVICES.flatMap((service): [string, Route][] => [
      [`/cds-services/${service.id}`, { method: 'POST', handle: ({ body }) => cdsService(context, service, body) }],
      [
        `/cds-services/${service.id}/feedback`,
        { method: 'POST', handle: ({ body }) => Promise.resolve(recordFeedback(context, service, body)) },
      ],
    ]),
    ['/assess', { method: 'POST', handle: (request) => assessRoute(context, request) }],
    // JSON of unknown shape: parsed (an ObservationError is answered 400 with its issues), then typed.
    ['/screen', { method: 'POST', handle: ({ body }) => context.triage.screen(parseScreening(body)) }],
    ['/questionnaire-response', { method: 'POST', handle: ({ body }) => questionnaireResponseRoute(context, body) }],
    ['/metadata', { method: 'GET', handle: () => Promise.resolve(capabilityStatement(started)) }],
    ...NEXT_QUESTION_PATHS.map((path): [string, Route] => [
      path,
      { method: 'POST', handle: ({ body }) => nextQuestionRoute(context.triage, body) },
    ]),
  ]);
  const server = createServer(
    {
      requestTimeout,
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeout / 4))),
    },
    (request, response) => {
      // Every error while answering is an answer (or, once the answer has started, a dropped
      // connection): never an exception out of the handler, which would stop the process.
      const fail = (error: unknown, cors: Readonly<Record<string, string>>, fhir: boolean): void => {
        try {
          if (response.headersSent) response.destroy();
          else (fhir ? sendOperationOutcome : sendError)(response, error, cors);
        } catch {
          response.destroy();
        }
      };
      let cors: Readonly<Record<string, string>> = {};
      try {
        cors = corsHeaders(request, options.cors);
        if (request.method === 'OPTIONS' && options.cors !== undefined) {
          response.writeHead(204, { ...cors, 'access-control-max-age': '600' });
          response.end();
          return;
        }
        const fhir = isFhirPath(request.url);
        route(request, routes, maxBodyBytes)
          .then((body) => {
            (fhir ? sendFhir : send)(response, 200, body, cors);
          })
          .catch((error: unknown) => {
            fail(error, cors, fhir);
          });
      } catch (error) {
        fail(error, cors, false);
      }
    },
  );
  return Object.assign(server, { feedback: context.feedback as readonly FeedbackRecord[] });
}

/**
 * Creates the server and listens, on 127.0.0.1 unless another host is given (for example
 * `0.0.0.0` behind a TLS proxy). Resolves with the server and its base URL.
 */
export async function startIntakeServer(
  options: IntakeServerOptions & { readonly port?: number; readonly host?: string } = {},
): Promise<{ server: IntakeServer; url: string }> {
  const server = createIntakeServer(options);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shown}:${String(address.port)}` };
}

async function route(request: IncomingMessage, routes: ReadonlyMap<string, Route>, maxBodyBytes: number): Promise<unknown> {
  const { pathname, searchParams } = requestTarget(request.url);
  const target = routes.get(pathname);
  if (target === undefined) throw new HttpError(404, `No endpoint at ${pathname}`);
  if (request.method !== target.method) throw new HttpError(405, `${pathname} accepts ${target.method} only`, { allow: target.method });
  if (target.method === 'GET') return target.handle({ body: undefined, query: searchParams });
  const type = request.headers['content-type'] ?? '';
  const [mediaType, ...parameters] = type.split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length);
  const json = mediaType === 'application/json' || mediaType === 'application/fhir+json';
  if (!json || (charset !== undefined && !['utf-8', 'utf8', '"utf-8"'].includes(charset))) {
    throw new HttpError(415, `Expected content-type application/json or application/fhir+json (UTF-8), got '${type}'`);
  }
  const text = await readBody(request, maxBodyBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `Invalid JSON: ${error instanceof Error ? error.message : 'unreadable body'}`);
  }
  return target.handle({ body, query: searchParams });
}

async function assessRoute(context: CdsContext & { readonly options: IntakeServerOptions }, { body, query }: Request): Promise<unknown> {
  // safeAssess takes JSON of unknown shape; its error is the one assess would reject with (answered 400).
  const checked = await context.triage.safeAssess(body);
  if (!checked.success) throw checked.error;
  const assessment = checked.data;
  if (context.options.push === undefined) return assessment;
  const patient = query.get('patient');
  const subject = patient === null || patient === '' ? undefined : patient.includes('/') ? patient : `Patient/${patient}`;
  return { ...assessment, push: await pushAlert(context.options.push, assessment, subject, undefined) };
}

/** A submitted QuestionnaireResponse: read, assessed or screened, and for check-ins pushed. */
async function questionnaireResponseRoute(
  context: CdsContext & { readonly options: IntakeServerOptions },
  body: unknown,
): Promise<unknown> {
  const mapped = fromQuestionnaireResponse(body);
  const result = mapped.kind === 'checkin' ? await context.triage.assess(mapped.input) : await context.triage.screen(mapped.input);
  const basis = mapped.response.id === undefined ? undefined : `QuestionnaireResponse/${mapped.response.id}`;
  const push =
    context.options.push === undefined || !('level' in result)
      ? undefined
      : await pushAlert(context.options.push, result, mapped.response.subject, basis);
  return { kind: mapped.kind, derived: mapped.derived, result, ...(push === undefined ? {} : { push }) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const push =
    process.env['PUSH_FHIR_SERVER'] !== undefined && process.env['PUSH_PRACTITIONER'] !== undefined
      ? {
          fhirServer: process.env['PUSH_FHIR_SERVER'],
          practitioner: process.env['PUSH_PRACTITIONER'],
          ...(process.env['PUSH_ACCESS_TOKEN'] === undefined ? {} : { accessToken: process.env['PUSH_ACCESS_TOKEN'] }),
          ...(process.env['PUSH_USE'] === 'communication' ? { use: 'communication' as const } : {}),
        }
      : undefined;
  const cors = process.env['CORS_ORIGINS'];
  const { url } = await startIntakeServer({
    port: Number(process.env['PORT'] ?? 3000),
    host: process.env['HOST'] ?? '127.0.0.1',
    ...(push === undefined ? {} : { push }),
    ...(cors === undefined ? {} : { cors: { origins: cors === '*' ? '*' : cors.split(',').map((origin) => origin.trim()) } }),
    ...(process.env['SOURCE_URL'] === undefined ? {} : { sourceUrl: process.env['SOURCE_URL'] }),
    ...(process.env['SMART_LAUNCH_URL'] === undefined ? {} : { smartLaunchUrl: process.env['SMART_LAUNCH_URL'] }),
  });
  console.log(
    `Intake server listening on ${url} (CDS Hooks discovery: /cds-services)${push === undefined ? '' : `; push path to ${push.fhirServer}`}`,
  );
}
