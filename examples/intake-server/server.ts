// A small intake service on node:http: CDS Hooks 2.0 services (cards from the patient's latest
// check-in or screening QuestionnaireResponse, at chart opening and at the treatment decision),
// a plain JSON API (/assess, /screen, /questionnaire-response), and a push path that puts a Flag
// and a Task (or Communication) for the treating practitioner on the clinic's FHIR server when a
// check-in comes out contact-provider or urgent.
// An example to copy from, not a hardened deployment: there is no authentication of callers.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTriage, isObservationError, type Assessment, type Screening, type Triage } from 'microneedling-triage';
import {
  fromQuestionnaireResponse,
  needsCareTeam,
  QUESTIONNAIRE_URLS,
  toCareTeamBundle,
  toCdsHooksCards,
  toTask,
  type CdsCard,
  type CdsLink,
  type CdsSuggestion,
  type Coding,
  type QuestionnaireInput,
  type QuestionnaireKind,
  type Reference,
} from 'microneedling-triage/fhir';

/** Where and how the push path writes the care team's alerts. */
export interface PushOptions {
  /** Base URL of the clinic's FHIR R4 server (the transaction is POSTed there). */
  readonly fhirServer: string;
  /** The treating practitioner who gets the Task or Communication (`Practitioner/<id>` or `PractitionerRole/<id>`). */
  readonly practitioner: string;
  /** A bearer token for the FHIR server. */
  readonly accessToken?: string;
  /** `task` (default) or `communication`, beside the Flag. */
  readonly use?: 'task' | 'communication';
  /** Recorded as the Flag's author and the Task's requester (e.g. `Device/microneedling-triage`). */
  readonly author?: string;
}

/** Options of {@link createIntakeServer}. */
export interface IntakeServerOptions {
  /** The triage to use; defaults to the built-in rules and the system clock. */
  readonly triage?: Triage;
  /** Largest accepted request body in bytes; defaults to 64 KiB. */
  readonly maxBodyBytes?: number;
  /** Time to receive a whole request, headers and body, in ms; defaults to 10 s (Node's own default is 300 s). */
  readonly requestTimeoutMs?: number;
  /** CORS for browser-based EHRs: the allowed origins, or `'*'`. Off by default. */
  readonly cors?: { readonly origins: readonly string[] | '*' };
  /** The cards' `source.url` (e.g. this deployment's rule catalog). */
  readonly sourceUrl?: string;
  /** A SMART app launch URL: every card then links to it (`type: 'smart'`). */
  readonly smartLaunchUrl?: string;
  /** The `fhirServer` values this service may call (URL prefixes); by default any http(s) server. */
  readonly allowedFhirServers?: readonly string[];
  /** How long a FHIR request may take, in ms; defaults to 5 s. */
  readonly fhirTimeoutMs?: number;
  /** The push path; without it nothing is written anywhere. */
  readonly push?: PushOptions;
  /** Codings that mark an order or appointment as microneedling (besides the word in its text). */
  readonly procedureCodes?: readonly Coding[];
  /** Called with each feedback entry recorded (they are also kept in `server.feedback`). */
  readonly onFeedback?: (record: FeedbackRecord) => void;
}

/** One CDS Hooks feedback entry, as recorded. */
export interface FeedbackRecord {
  readonly service: string;
  readonly card: string;
  readonly outcome: 'accepted' | 'overridden';
  readonly outcomeTimestamp: string;
  readonly acceptedSuggestions: readonly string[];
  readonly overrideReason?: { readonly reason?: Coding; readonly userComment?: string };
  /** Whether this service issued the card (since it started). */
  readonly known: boolean;
}

/** The server, with the feedback it recorded. */
export type IntakeServer = Server & { readonly feedback: readonly FeedbackRecord[] };

type Hook = 'patient-view' | 'appointment-book' | 'order-sign';

interface Service {
  readonly id: string;
  readonly hook: Hook;
  readonly kind: QuestionnaireKind;
  readonly title: string;
  readonly description: string;
}

const SERVICES: readonly Service[] = [
  {
    id: 'microneedling-check-in',
    hook: 'patient-view',
    kind: 'checkin',
    title: 'Microneedling check-in triage',
    description: "Triage of the patient's latest post-microneedling check-in: normal healing or a reason to act.",
  },
  {
    id: 'microneedling-screening',
    hook: 'patient-view',
    kind: 'screening',
    title: 'Microneedling pre-treatment screening',
    description: "Whether the patient's latest screening allows microneedling: proceed, with caution, postpone or contraindicated.",
  },
  {
    id: 'microneedling-screening-appointment',
    hook: 'appointment-book',
    kind: 'screening',
    title: 'Microneedling screening when booking',
    description: "When a microneedling appointment is booked: whether the patient's latest screening allows the treatment on that date.",
  },
  {
    id: 'microneedling-screening-order',
    hook: 'order-sign',
    kind: 'screening',
    title: 'Microneedling screening when ordering',
    description: "When a microneedling procedure order is signed: whether the patient's latest screening allows the treatment.",
  },
];

const PREFETCH_KEY: Readonly<Record<QuestionnaireKind, string>> = { checkin: 'checkin', screening: 'screening' };
const WHAT: Readonly<Record<QuestionnaireKind, string>> = { checkin: 'check-in', screening: 'screening' };

/** The prefetch template: the latest final response of the patient to that questionnaire. */
function prefetchTemplate(kind: QuestionnaireKind): string {
  return `QuestionnaireResponse?patient={{context.patientId}}&questionnaire=${QUESTIONNAIRE_URLS[kind]}&status=completed,amended&_sort=-authored&_count=1`;
}

const DISCOVERY = {
  services: SERVICES.map(({ id, hook, kind, title, description }) => ({
    id,
    hook,
    title,
    description,
    prefetch: { [PREFETCH_KEY[kind]]: prefetchTemplate(kind) },
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
/** How many issued cards are remembered for feedback. */
const REMEMBERED_CARDS = 10_000;
const FINAL_STATUSES = new Set(['completed', 'amended']);

interface Request {
  readonly body: unknown;
  readonly query: URLSearchParams;
}

interface Route {
  readonly method: 'GET' | 'POST';
  readonly handle: (request: Request) => Promise<unknown>;
}

interface Context {
  readonly triage: Triage;
  readonly options: IntakeServerOptions;
  readonly issued: Map<string, { readonly service: string; readonly suggestions: readonly string[] }>;
  readonly feedback: FeedbackRecord[];
}

/** Creates the server (not listening yet: see {@link startIntakeServer}). */
export function createIntakeServer(options: IntakeServerOptions = {}): IntakeServer {
  const context: Context = { triage: options.triage ?? createTriage(), options, issued: new Map(), feedback: [] };
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const requestTimeout = options.requestTimeoutMs ?? 10_000;
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
    ['/screen', { method: 'POST', handle: ({ body }) => context.triage.screen(body) }],
    ['/questionnaire-response', { method: 'POST', handle: ({ body }) => questionnaireResponseRoute(context, body) }],
  ]);
  const server = createServer(
    {
      requestTimeout,
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeout / 4))),
    },
    (request, response) => {
      const cors = corsHeaders(request, options.cors);
      if (request.method === 'OPTIONS' && options.cors !== undefined) {
        response.writeHead(204, { ...cors, 'access-control-max-age': '600' });
        response.end();
        return;
      }
      route(request, routes, maxBodyBytes)
        .then((body) => {
          send(response, 200, body, cors);
        })
        .catch((error: unknown) => {
          sendError(response, error, cors);
        });
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

function corsHeaders(request: IncomingMessage, cors: IntakeServerOptions['cors']): Record<string, string> {
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

async function route(request: IncomingMessage, routes: ReadonlyMap<string, Route>, maxBodyBytes: number): Promise<unknown> {
  const { pathname, searchParams } = new URL(request.url ?? '/', 'http://localhost');
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

// ---------------------------------------------------------------------------------------------
// CDS Hooks

interface HookRequest {
  readonly hookInstance: string;
  readonly patientId: string;
  readonly userId?: string;
  readonly context: Record<string, unknown>;
  readonly fhirServer?: string;
  readonly accessToken?: string;
  readonly prefetch: Record<string, unknown>;
}

/** Checks a CDS Hooks request against the spec and this service; every problem is a 400. */
function checkHookRequest(service: Service, body: unknown, options: IntakeServerOptions): HookRequest {
  if (!isRecord(body)) throw new HttpError(400, 'Expected a CDS Hooks request (a JSON object)');
  if (body['hook'] !== service.hook) {
    throw new HttpError(400, `This service answers the '${service.hook}' hook, not ${JSON.stringify(body['hook'] ?? null)}`);
  }
  const hookInstance = body['hookInstance'];
  if (typeof hookInstance !== 'string' || hookInstance === '') throw new HttpError(400, "'hookInstance' is required (a string, a UUID)");
  const context = body['context'];
  if (!isRecord(context)) throw new HttpError(400, "'context' is required (an object)");
  const patientId = context['patientId'];
  if (typeof patientId !== 'string' || patientId === '') throw new HttpError(400, "'context.patientId' is required (the Patient's id)");
  const userId = context['userId'];
  if (userId !== undefined && typeof userId !== 'string') throw new HttpError(400, "'context.userId' must be a string");
  if (service.hook === 'order-sign' && !isBundle(context['draftOrders']))
    throw new HttpError(400, "'context.draftOrders' is required for order-sign (a Bundle)");
  if (service.hook === 'appointment-book' && !isBundle(context['appointments']))
    throw new HttpError(400, "'context.appointments' is required for appointment-book (a Bundle)");
  const fhirServer = body['fhirServer'];
  if (fhirServer !== undefined && (typeof fhirServer !== 'string' || !/^https?:\/\//.test(fhirServer)))
    throw new HttpError(400, "'fhirServer' must be an http(s) URL");
  if (
    typeof fhirServer === 'string' &&
    options.allowedFhirServers !== undefined &&
    !options.allowedFhirServers.some((prefix) => fhirServer.startsWith(prefix))
  )
    throw new HttpError(400, `'fhirServer' ${fhirServer} is not one this service is configured to call`);
  const authorization = body['fhirAuthorization'];
  let accessToken: string | undefined;
  if (authorization !== undefined) {
    if (!isRecord(authorization) || typeof authorization['access_token'] !== 'string' || authorization['token_type'] !== 'Bearer')
      throw new HttpError(400, "'fhirAuthorization' must have an 'access_token' and token_type 'Bearer'");
    if (fhirServer === undefined) throw new HttpError(400, "'fhirAuthorization' is given without 'fhirServer'");
    accessToken = authorization['access_token'];
  }
  const prefetch = body['prefetch'] ?? {};
  if (!isRecord(prefetch)) throw new HttpError(400, "'prefetch' must be an object");
  return {
    hookInstance,
    patientId,
    ...(userId === undefined ? {} : { userId }),
    context,
    ...(typeof fhirServer === 'string' ? { fhirServer: fhirServer.replace(/\/+$/, '') } : {}),
    ...(accessToken === undefined ? {} : { accessToken }),
    prefetch,
  };
}

/** A CDS Hooks service: the patient's latest final QuestionnaireResponse to cards. */
async function cdsService(context: Context, service: Service, body: unknown): Promise<unknown> {
  const request = checkHookRequest(service, body, context.options);
  if (service.hook !== 'patient-view' && !concernsMicroneedling(service.hook, request.context, context.options.procedureCodes ?? [])) {
    return { cards: [] };
  }
  const key = PREFETCH_KEY[service.kind];
  const found = key in request.prefetch ? request.prefetch[key] : await fetchLatest(context.options, service.kind, request);
  // null: the client looked and the patient has nothing on file.
  if (found === null) return { cards: [] };
  const outcome = operationOutcomeOnly(found);
  if (outcome !== undefined) return { cards: [couldNotLoad(context, service, request, outcome)] };
  const response = latestFinal(found);
  if (response === undefined) return { cards: [] };
  checkSubject(response, request.patientId);
  // A response to the other questionnaire is rejected by the library (code 'wrong_questionnaire').
  const mapped = fromQuestionnaireResponse(response, { kind: service.kind });
  const result = service.kind === 'checkin' ? await context.triage.assess(mapped.input) : await context.triage.screen(mapped.input);
  const cards = cardsFor(context, service, request, mapped, result);
  for (const card of cards) remember(context, service.id, card);
  return { cards };
}

function cardsFor(
  context: Context,
  service: Service,
  request: HookRequest,
  mapped: QuestionnaireInput,
  result: Assessment | Screening,
): CdsCard[] {
  const responseId = mapped.response.id;
  const links: CdsLink[] = [];
  if (request.fhirServer !== undefined && responseId !== undefined) {
    links.push({
      label: `Open the ${WHAT[service.kind]} (QuestionnaireResponse)`,
      url: `${request.fhirServer}/QuestionnaireResponse/${encodeURIComponent(responseId)}`,
      type: 'absolute',
    });
  }
  if (context.options.smartLaunchUrl !== undefined) {
    links.push({
      label: 'Open in the microneedling triage app',
      url: context.options.smartLaunchUrl,
      type: 'smart',
      appContext: JSON.stringify({
        patient: request.patientId,
        ...(responseId === undefined ? {} : { questionnaireResponse: `QuestionnaireResponse/${responseId}` }),
      }),
    });
  }
  const suggestions: CdsSuggestion[] = [];
  const practitioner =
    request.userId !== undefined && /^(Practitioner|PractitionerRole)\/[^/]+$/.test(request.userId) ? request.userId : undefined;
  if ('level' in result && needsCareTeam(result) && practitioner !== undefined) {
    const task = toTask(result, {
      subject: { reference: `Patient/${request.patientId}` },
      practitioner: { reference: practitioner },
      ...(responseId === undefined ? {} : { basis: { reference: `QuestionnaireResponse/${responseId}` } }),
    });
    suggestions.push({
      label: 'Create a task to contact the patient today',
      uuid: `${request.hookInstance}-task`,
      isRecommended: true,
      actions: [{ type: 'create', description: 'A Task to contact the patient about this check-in', resource: task }],
    });
  }
  const notes = mapped.derived.map((entry) => entry.note);
  const [card] = toCdsHooksCards(result, {
    instance: `${service.id}|${request.hookInstance}`,
    ...(context.options.sourceUrl === undefined ? {} : { sourceUrl: context.options.sourceUrl }),
    links,
    suggestions,
  });
  if (card === undefined) return [];
  return [
    notes.length === 0
      ? card
      : { ...card, detail: `${card.detail}\n\n**Time of the ${WHAT[service.kind]}**\n\n${notes.map((note) => `- ${note}`).join('\n')}` },
  ];
}

function couldNotLoad(context: Context, service: Service, request: HookRequest, outcome: readonly string[]): CdsCard {
  const detail = [
    `The ${WHAT[service.kind]} QuestionnaireResponse could not be loaded, so this patient's ${WHAT[service.kind]} was not assessed.`,
    '',
    ...outcome.map((text) => `- ${text}`),
    '',
    `Open the patient's ${WHAT[service.kind]} directly, or ask the patient.`,
  ].join('\n');
  const card: CdsCard = {
    uuid: randomUUID(),
    summary: `Could not load the ${WHAT[service.kind]}: not assessed`,
    detail,
    indicator: 'warning',
    source: { label: 'microneedling-triage', ...(context.options.sourceUrl === undefined ? {} : { url: context.options.sourceUrl }) },
  };
  remember(context, service.id, card);
  return card;
}

function remember(context: Context, service: string, card: CdsCard): void {
  context.issued.set(card.uuid, {
    service,
    suggestions: (card.suggestions ?? []).flatMap((entry) => (entry.uuid === undefined ? [] : [entry.uuid])),
  });
  if (context.issued.size > REMEMBERED_CARDS) {
    const oldest = context.issued.keys().next().value;
    if (oldest !== undefined) context.issued.delete(oldest);
  }
}

/** GET the latest final response from the client's FHIR server with its bearer token, or 412. */
async function fetchLatest(options: IntakeServerOptions, kind: QuestionnaireKind, request: HookRequest): Promise<unknown> {
  if (request.fhirServer === undefined) {
    throw new HttpError(
      412,
      `Prefetch not available: send prefetch.${PREFETCH_KEY[kind]} (null when there is none), or fhirServer and fhirAuthorization`,
    );
  }
  const query = new URLSearchParams({
    patient: request.patientId,
    questionnaire: QUESTIONNAIRE_URLS[kind],
    status: 'completed,amended',
    _sort: '-authored',
    _count: '1',
  });
  const url = `${request.fhirServer}/QuestionnaireResponse?${query.toString()}`;
  let reply: Response;
  try {
    reply = await fetch(url, {
      headers: {
        accept: 'application/fhir+json',
        ...(request.accessToken === undefined ? {} : { authorization: `Bearer ${request.accessToken}` }),
      },
      signal: AbortSignal.timeout(options.fhirTimeoutMs ?? 5000),
    });
  } catch (error) {
    throw new HttpError(
      412,
      `Could not reach the FHIR server for the ${WHAT[kind]}: ${error instanceof Error ? error.message : 'unknown error'}`,
    );
  }
  if (!reply.ok) throw new HttpError(412, `The FHIR server answered ${String(reply.status)} to the ${WHAT[kind]} search`);
  try {
    return await reply.json();
  } catch {
    throw new HttpError(412, `The FHIR server's answer to the ${WHAT[kind]} search is not JSON`);
  }
}

/** The diagnostics of an OperationOutcome, or of a Bundle holding nothing but OperationOutcomes. */
function operationOutcomeOnly(value: unknown): string[] | undefined {
  const resources = isBundle(value) ? entriesOf(value) : [value];
  if (resources.length === 0 || !resources.every((resource) => isRecord(resource) && resource['resourceType'] === 'OperationOutcome'))
    return undefined;
  return resources.flatMap((resource) => {
    const issues = (resource as Record<string, unknown>)['issue'];
    return (Array.isArray(issues) ? issues : []).map((issue: unknown) => {
      if (!isRecord(issue)) return 'an issue without details';
      const details = isRecord(issue['details']) ? issue['details']['text'] : undefined;
      const text = typeof issue['diagnostics'] === 'string' ? issue['diagnostics'] : typeof details === 'string' ? details : 'no details';
      return `${typeof issue['severity'] === 'string' ? issue['severity'] : 'error'}: ${text}`;
    });
  });
}

/**
 * The latest `completed` or `amended` QuestionnaireResponse in a search Bundle (or the resource
 * itself). Drafts and withdrawn responses are never used; `undefined` when none is left.
 */
function latestFinal(value: unknown): unknown {
  const resources = isBundle(value) ? entriesOf(value) : [value];
  const responses = resources.filter(
    (resource): resource is Record<string, unknown> =>
      isRecord(resource) && resource['resourceType'] === 'QuestionnaireResponse' && FINAL_STATUSES.has(String(resource['status'])),
  );
  if (!isBundle(value) && responses.length === 0 && !(isRecord(value) && value['resourceType'] === 'QuestionnaireResponse'))
    throw new HttpError(400, 'The prefetched value must be a QuestionnaireResponse, a search Bundle, an OperationOutcome or null');
  return responses.sort((a, b) => authoredMs(b) - authoredMs(a))[0];
}

function authoredMs(resource: Record<string, unknown>): number {
  const parsed = typeof resource['authored'] === 'string' ? Date.parse(resource['authored']) : Number.NaN;
  return Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
}

/** The response must be about the patient in context: anything else is a 400, never a card. */
function checkSubject(response: unknown, patientId: string): void {
  const subject = isRecord(response) && isRecord(response['subject']) ? response['subject']['reference'] : undefined;
  if (typeof subject !== 'string')
    throw new HttpError(400, `The QuestionnaireResponse has no subject: it cannot be matched to context.patientId '${patientId}'`);
  const expected = `Patient/${patientId}`;
  if (subject !== expected && !subject.endsWith(`/${expected}`))
    throw new HttpError(400, `The QuestionnaireResponse's subject '${subject}' is not context.patientId '${patientId}'`);
}

/** Whether an appointment or a draft order is for microneedling (by a configured code or by its text). */
function concernsMicroneedling(hook: Hook, context: Record<string, unknown>, codes: readonly Coding[]): boolean {
  const bundle = hook === 'order-sign' ? context['draftOrders'] : context['appointments'];
  const fields = hook === 'order-sign' ? ['code'] : ['serviceType', 'appointmentType', 'reasonCode', 'serviceCategory', 'description'];
  const resourceType = hook === 'order-sign' ? 'ServiceRequest' : 'Appointment';
  return entriesOf(bundle).some((resource) => {
    if (!isRecord(resource) || resource['resourceType'] !== resourceType) return false;
    return fields.some((field) => concepts(resource[field]).some((concept) => matches(concept, codes)));
  });
}

function concepts(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function matches(concept: unknown, codes: readonly Coding[]): boolean {
  if (typeof concept === 'string') return /micro-?needl|collagen induction/i.test(concept);
  if (!isRecord(concept)) return false;
  const codings = Array.isArray(concept['coding']) ? (concept['coding'] as unknown[]) : [];
  const texts = [concept['text'], ...codings.map((coding) => (isRecord(coding) ? coding['display'] : undefined))];
  if (texts.some((text) => typeof text === 'string' && /micro-?needl|collagen induction/i.test(text))) return true;
  return codings.some(
    (coding) => isRecord(coding) && codes.some((code) => code.system === coding['system'] && code.code === coding['code']),
  );
}

/** Records CDS Hooks 2.0 feedback: `{ feedback: [{ card, outcome, outcomeTimestamp, ... }] }`. */
function recordFeedback(context: Context, service: Service, body: unknown): unknown {
  if (!isRecord(body) || !Array.isArray(body['feedback']) || body['feedback'].length === 0)
    throw new HttpError(400, 'Expected a feedback request: { "feedback": [ { "card", "outcome", "outcomeTimestamp" } ] }');
  const records = (body['feedback'] as unknown[]).map((entry, index): FeedbackRecord => {
    const where = `feedback[${String(index)}]`;
    if (!isRecord(entry)) throw new HttpError(400, `${where} must be an object`);
    const { card, outcome, outcomeTimestamp, acceptedSuggestions, overrideReason } = entry;
    if (typeof card !== 'string' || card === '') throw new HttpError(400, `${where}.card is required (the card's uuid)`);
    if (outcome !== 'accepted' && outcome !== 'overridden') throw new HttpError(400, `${where}.outcome must be 'accepted' or 'overridden'`);
    if (
      typeof outcomeTimestamp !== 'string' ||
      Number.isNaN(Date.parse(outcomeTimestamp)) ||
      !/T.*(Z|[+-]\d\d:\d\d)$/.test(outcomeTimestamp)
    )
      throw new HttpError(400, `${where}.outcomeTimestamp is required (an ISO 8601 date-time)`);
    const issued = context.issued.get(card);
    const accepted = acceptedSuggestions === undefined ? [] : acceptedSuggestions;
    if (!Array.isArray(accepted) || !accepted.every((suggestion) => isRecord(suggestion) && typeof suggestion['id'] === 'string'))
      throw new HttpError(400, `${where}.acceptedSuggestions must be a list of { "id": <suggestion uuid> }`);
    const ids = accepted.map((suggestion) => String((suggestion as Record<string, unknown>)['id']));
    if (outcome === 'overridden' && ids.length > 0) throw new HttpError(400, `${where}: an overridden card has no accepted suggestions`);
    if (outcome === 'accepted' && overrideReason !== undefined)
      throw new HttpError(400, `${where}: an accepted card has no override reason`);
    if (outcome === 'accepted' && issued !== undefined && issued.suggestions.length > 0 && ids.length === 0)
      throw new HttpError(400, `${where}.acceptedSuggestions is required: the card has suggestions`);
    const unknownIds = issued === undefined ? [] : ids.filter((id) => !issued.suggestions.includes(id));
    if (unknownIds.length > 0) throw new HttpError(400, `${where}: the card has no suggestion ${unknownIds.join(', ')}`);
    if (issued !== undefined && issued.service !== service.id)
      throw new HttpError(400, `${where}: card ${card} was issued by ${issued.service}`);
    const reason = overrideReason === undefined ? undefined : checkOverrideReason(overrideReason, where);
    return {
      service: service.id,
      card,
      outcome,
      outcomeTimestamp,
      acceptedSuggestions: ids,
      ...(reason === undefined ? {} : { overrideReason: reason }),
      known: issued !== undefined,
    };
  });
  for (const record of records) {
    context.feedback.push(record);
    context.options.onFeedback?.(record);
  }
  return { recorded: records.length };
}

function checkOverrideReason(value: unknown, where: string): NonNullable<FeedbackRecord['overrideReason']> {
  if (!isRecord(value)) throw new HttpError(400, `${where}.overrideReason must be an object`);
  const { reason, userComment } = value;
  if (reason !== undefined && !(isRecord(reason) && typeof reason['code'] === 'string'))
    throw new HttpError(400, `${where}.overrideReason.reason must be a Coding with a code`);
  if (userComment !== undefined && typeof userComment !== 'string')
    throw new HttpError(400, `${where}.overrideReason.userComment must be a string`);
  return {
    ...(reason === undefined ? {} : { reason: reason as Coding }),
    ...(userComment === undefined ? {} : { userComment }),
  };
}

// ---------------------------------------------------------------------------------------------
// The JSON API and the push path

/** What the push path did for one result. */
export type PushOutcome =
  | { readonly status: 'not-needed' }
  | { readonly status: 'created'; readonly resources: readonly string[] }
  | { readonly status: 'failed'; readonly error: string };

async function assessRoute(context: Context, { body, query }: Request): Promise<unknown> {
  const assessment = await context.triage.assess(body);
  if (context.options.push === undefined) return assessment;
  const patient = query.get('patient');
  const subject = patient === null || patient === '' ? undefined : patient.includes('/') ? patient : `Patient/${patient}`;
  return { ...assessment, push: await pushAlert(context.options.push, assessment, subject, undefined) };
}

/** A submitted QuestionnaireResponse: read, assessed or screened, and for check-ins pushed. */
async function questionnaireResponseRoute(context: Context, body: unknown): Promise<unknown> {
  const mapped = fromQuestionnaireResponse(body);
  const result = mapped.kind === 'checkin' ? await context.triage.assess(mapped.input) : await context.triage.screen(mapped.input);
  const basis = mapped.response.id === undefined ? undefined : `QuestionnaireResponse/${mapped.response.id}`;
  const push =
    context.options.push === undefined || !('level' in result)
      ? undefined
      : await pushAlert(context.options.push, result, mapped.response.subject, basis);
  return { kind: mapped.kind, derived: mapped.derived, result, ...(push === undefined ? {} : { push }) };
}

/** Posts the Flag and Task (or Communication) for a contact-provider or urgent assessment. */
async function pushAlert(
  push: PushOptions,
  assessment: Assessment,
  subject: string | undefined,
  basis: string | undefined,
): Promise<PushOutcome> {
  if (!needsCareTeam(assessment)) return { status: 'not-needed' };
  if (subject === undefined) {
    const error = 'the care team was not alerted: no patient (pass ?patient=<Patient id>, or a QuestionnaireResponse with a subject)';
    console.error(`push: ${error}`);
    return { status: 'failed', error };
  }
  const reference = (value: string): Reference => ({ reference: value });
  const bundle = toCareTeamBundle(assessment, {
    subject: reference(subject),
    practitioner: reference(push.practitioner),
    ...(basis === undefined ? {} : { basis: reference(basis) }),
    ...(push.author === undefined ? {} : { author: reference(push.author) }),
    ...(push.use === undefined ? {} : { use: push.use }),
  });
  if (bundle === undefined) return { status: 'not-needed' };
  try {
    const reply = await fetch(push.fhirServer.replace(/\/+$/, ''), {
      method: 'POST',
      headers: {
        'content-type': 'application/fhir+json',
        accept: 'application/fhir+json',
        ...(push.accessToken === undefined ? {} : { authorization: `Bearer ${push.accessToken}` }),
      },
      body: JSON.stringify(bundle),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = await reply.json().catch(() => undefined);
    if (!reply.ok) throw new Error(`the FHIR server answered ${String(reply.status)}${describeOutcome(answer)}`);
    const locations = entriesOfResponse(answer);
    return { status: 'created', resources: locations };
  } catch (error) {
    const message = `the care team was not alerted: ${error instanceof Error ? error.message : 'unknown error'}`;
    console.error(`push: ${message}`);
    return { status: 'failed', error: message };
  }
}

function entriesOfResponse(answer: unknown): string[] {
  if (!isRecord(answer) || !Array.isArray(answer['entry'])) return [];
  return (answer['entry'] as unknown[]).flatMap((entry) => {
    const response = isRecord(entry) ? entry['response'] : undefined;
    return isRecord(response) && typeof response['location'] === 'string' ? [response['location']] : [];
  });
}

function describeOutcome(answer: unknown): string {
  const texts = operationOutcomeOnly(answer);
  return texts === undefined || texts.length === 0 ? '' : ` (${texts.join('; ')})`;
}

// ---------------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBundle(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && value['resourceType'] === 'Bundle';
}

function entriesOf(bundle: unknown): unknown[] {
  if (!isRecord(bundle) || !Array.isArray(bundle['entry'])) return [];
  return (bundle['entry'] as unknown[]).map((entry) => (isRecord(entry) ? entry['resource'] : undefined));
}

function sendError(response: ServerResponse, error: unknown, headers: Readonly<Record<string, string>>): void {
  if (error instanceof HttpError) {
    send(response, error.status, { error: error.message }, { ...headers, ...error.headers });
  } else if (isObservationError(error)) {
    send(response, 422, { error: error.message, issues: error.issues }, headers);
  } else {
    console.error(error); // the details stay in the server log
    send(response, 500, { error: 'Internal server error' }, headers);
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  response.end(json);
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
