// The CDS Hooks 2.0 services: discovery, request checks, prefetch or FHIR server access, cards.
import { randomUUID } from 'node:crypto';
import {
  needsCareTeam,
  fromQuestionnaireResponse,
  QUESTIONNAIRE_URLS,
  toCdsHooksCards,
  toTask,
  type CdsCard,
  type CdsLink,
  type CdsSuggestion,
  type Coding,
  type QuestionnaireInput,
  type QuestionnaireKind,
} from 'microneedling-triage/fhir';
import type { Assessment, Screening, Triage } from 'microneedling-triage';
import type { FeedbackRecord } from './cds-feedback.js';
import { entriesOf, isBundle, isRecord, operationOutcomeOnly } from './fhir-json.js';
import { HttpError } from './http.js';

/** Options of the CDS Hooks services. */
export interface CdsServiceOptions {
  /** The cards' `source.url` (e.g. this deployment's rule catalog). */
  readonly sourceUrl?: string;
  /** A SMART app launch URL: every card then links to it (`type: 'smart'`). */
  readonly smartLaunchUrl?: string;
  /** The `fhirServer` values this service may call (URL prefixes); by default any http(s) server. */
  readonly allowedFhirServers?: readonly string[];
  /** How long a FHIR request may take, in ms; defaults to 5 s. */
  readonly fhirTimeoutMs?: number;
  /** Codings that mark an order or appointment as microneedling (besides the word in its text). */
  readonly procedureCodes?: readonly Coding[];
  /** Called with each feedback entry recorded (they are also kept in `server.feedback`). */
  readonly onFeedback?: (record: FeedbackRecord) => void;
}

/** What the services share: the triage, the options, the cards issued and the feedback received. */
export interface CdsContext {
  readonly triage: Triage;
  readonly options: CdsServiceOptions;
  readonly issued: Map<string, { readonly service: string; readonly suggestions: readonly string[] }>;
  readonly feedback: FeedbackRecord[];
}

export type Hook = 'patient-view' | 'appointment-book' | 'order-sign';

/** A CDS service of this server. */
export interface Service {
  readonly id: string;
  readonly hook: Hook;
  readonly kind: QuestionnaireKind;
  readonly title: string;
  readonly description: string;
}

export const SERVICES: readonly Service[] = [
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

/** The discovery document (GET /cds-services). */
export const DISCOVERY = {
  services: SERVICES.map(({ id, hook, kind, title, description }) => ({
    id,
    hook,
    title,
    description,
    prefetch: { [PREFETCH_KEY[kind]]: prefetchTemplate(kind) },
  })),
};

/** How many issued cards are remembered for feedback. */
const REMEMBERED_CARDS = 10_000;
const FINAL_STATUSES = new Set(['completed', 'amended']);

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
function checkHookRequest(service: Service, body: unknown, options: CdsServiceOptions): HookRequest {
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
export async function cdsService(context: CdsContext, service: Service, body: unknown): Promise<unknown> {
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
  context: CdsContext,
  service: Service,
  request: HookRequest,
  mapped: QuestionnaireInput,
  result: Assessment | Screening,
): CdsCard[] {
  const responseId = mapped.response.id;
  const links: CdsLink[] = [];
  // A FHIR id is letters, digits, '-' and '.' (at most 64): anything else names no resource to open.
  if (request.fhirServer !== undefined && responseId !== undefined && /^[A-Za-z0-9\-.]{1,64}$/.test(responseId)) {
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
  const [card] = toCdsHooksCards(result, {
    instance: `${service.id}|${request.hookInstance}`,
    ...(context.options.sourceUrl === undefined ? {} : { sourceUrl: context.options.sourceUrl }),
    links,
    suggestions,
    notes: mapped.derived.map((entry) => entry.note),
  });
  return card === undefined ? [] : [card];
}

function couldNotLoad(context: CdsContext, service: Service, request: HookRequest, outcome: readonly string[]): CdsCard {
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

function remember(context: CdsContext, service: string, card: CdsCard): void {
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
async function fetchLatest(options: CdsServiceOptions, kind: QuestionnaireKind, request: HookRequest): Promise<unknown> {
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
