import { connect, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ReadableStream } from 'node:stream/web';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTriage } from 'microneedling-triage';
import { OVERRIDE_REASONS, QUESTIONNAIRE_URLS } from 'microneedling-triage/fhir';
import { createIntakeServer, startIntakeServer, type FeedbackRecord, type IntakeServerOptions } from '../examples/intake-server/server.js';
import { startFhirStub, type FhirStub } from './support/fhir-stub-server.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const AUTHORED = '2026-03-10T11:00:00Z';
const PATIENT = 'p-1';
const CHECK_IN = '/cds-services/microneedling-check-in';
const SCREENING = '/cds-services/microneedling-screening';

const feverCheckIn = {
  resourceType: 'QuestionnaireResponse',
  id: 'qr-fever',
  questionnaire: QUESTIONNAIRE_URLS.checkin,
  status: 'completed',
  subject: { reference: `Patient/${PATIENT}` },
  authored: AUTHORED,
  item: [
    { linkId: 'hoursSinceTreatment', answer: [{ valueDecimal: 120 }] },
    {
      linkId: 'signs',
      item: [
        { linkId: 'signs.fever', answer: [{ valueBoolean: true }] },
        { linkId: 'signs.redness', answer: [{ valueCoding: { code: 'severe' } }] },
      ],
    },
  ],
};

const mildCheckIn = {
  ...feverCheckIn,
  id: 'qr-mild',
  authored: '2026-03-09T11:00:00Z',
  item: [
    { linkId: 'hoursSinceTreatment', answer: [{ valueDecimal: 30 }] },
    { linkId: 'signs', item: [{ linkId: 'signs.redness', answer: [{ valueCoding: { code: 'mild' } }] }] },
  ],
};

const pregnantCandidate = {
  resourceType: 'QuestionnaireResponse',
  id: 'qr-screening',
  questionnaire: QUESTIONNAIRE_URLS.screening,
  status: 'completed',
  subject: { reference: `Patient/${PATIENT}` },
  authored: AUTHORED,
  item: [{ linkId: 'conditions', item: [{ linkId: 'conditions.pregnant', answer: [{ valueBoolean: true }] }] }],
};

const hookRequest = (
  prefetch: Record<string, unknown> | undefined,
  context: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  hook: 'patient-view',
  hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
  context: { userId: 'Practitioner/dr-1', patientId: PATIENT, ...context },
  ...(prefetch === undefined ? {} : { prefetch }),
  ...extra,
});

const bundleOf = (...resources: unknown[]): Record<string, unknown> => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource })),
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

async function close(server: Server): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    });
    server.closeAllConnections();
  });
}

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

async function request(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  const text = await response.text();
  expect(response.headers.get('content-type')).toBe(JSON_TYPE);
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as Record<string, unknown> };
}

const post = (url: string, body: unknown, contentType = 'application/json', headers: Record<string, string> = {}): Promise<Reply> =>
  request(url, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

interface Card {
  uuid: string;
  summary: string;
  detail: string;
  indicator: string;
  source: { label: string; url?: string };
  links?: { label: string; url: string; type: string; appContext?: string }[];
  suggestions?: { label: string; uuid: string; actions: { type: string; description: string; resource: Record<string, unknown> }[] }[];
  selectionBehavior?: string;
  overrideReasons?: { system: string; code: string; display: string }[];
}

/** The cards of a CDS Hooks response, checked against the CDS Hooks 2.0 card rules as a client reads them. */
function cardsOf(reply: Reply): Card[] {
  expect(reply.status).toBe(200);
  expect(Object.keys(reply.body)).toEqual(['cards']);
  const cards = reply.body['cards'] as Card[];
  for (const card of cards) {
    expect(card.summary.length).toBeLessThan(140);
    expect(['info', 'warning', 'critical']).toContain(card.indicator);
    expect(typeof card.source.label).toBe('string');
    expect(card.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(card.suggestions === undefined).toBe(card.selectionBehavior === undefined);
    if (card.selectionBehavior !== undefined) expect(['at-most-one', 'any']).toContain(card.selectionBehavior);
    for (const reason of card.overrideReasons ?? []) expect(typeof reason.display).toBe('string');
    for (const link of card.links ?? []) {
      expect(['absolute', 'smart']).toContain(link.type);
      expect(() => new URL(link.url)).not.toThrow();
      if (link.type === 'absolute') expect(link.appContext).toBeUndefined();
    }
  }
  return cards;
}

describe('the intake server', () => {
  let stub: FhirStub;
  let base = '';
  const feedback: FeedbackRecord[] = [];
  let server: ReturnType<typeof createIntakeServer>;

  beforeAll(async () => {
    stub = await startFhirStub();
    server = createIntakeServer({
      sourceUrl: 'https://clinic.example/microneedling-rules',
      smartLaunchUrl: 'https://app.clinic.example/launch',
      procedureCodes: [{ system: 'https://clinic.example/procedures', code: 'MN-1' }],
      onFeedback: (record) => feedback.push(record),
    });
    base = await listen(server);
  });

  afterAll(async () => {
    await close(server);
    await stub.close();
  });

  beforeEach(() => {
    stub.requests.length = 0;
    stub.responses = [];
    stub.token = undefined;
    stub.failWith = undefined;
  });

  describe('CDS Hooks discovery', () => {
    it('lists a check-in service for patient-view and screening services for patient-view, appointment-book and order-sign', async () => {
      const { status, body } = await request(`${base}/cds-services`);
      expect(status).toBe(200);
      const checkin = `QuestionnaireResponse?patient={{context.patientId}}&questionnaire=${QUESTIONNAIRE_URLS.checkin}&status=completed,amended&_sort=-authored&_count=1`;
      const screening = `QuestionnaireResponse?patient={{context.patientId}}&questionnaire=${QUESTIONNAIRE_URLS.screening}&status=completed,amended&_sort=-authored&_count=1`;
      expect(body['services']).toEqual([
        expect.objectContaining({ id: 'microneedling-check-in', hook: 'patient-view', prefetch: { checkin } }),
        expect.objectContaining({ id: 'microneedling-screening', hook: 'patient-view', prefetch: { screening } }),
        expect.objectContaining({ id: 'microneedling-screening-appointment', hook: 'appointment-book', prefetch: { screening } }),
        expect.objectContaining({ id: 'microneedling-screening-order', hook: 'order-sign', prefetch: { screening } }),
      ]);
      for (const service of body['services'] as Record<string, unknown>[]) {
        expect(Object.keys(service).sort()).toEqual(['description', 'hook', 'id', 'prefetch', 'title']);
      }
    });
  });

  describe('a patient-view request', () => {
    it('answers a check-in with fever with one critical card a clinician can act on', async () => {
      const reply = await post(`${base}${CHECK_IN}`, hookRequest({ checkin: feverCheckIn }, {}, { fhirServer: stub.url }));
      const [card, ...rest] = cardsOf(reply);
      expect(rest).toEqual([]);
      expect(card?.indicator).toBe('critical');
      expect(card?.summary).toMatch(/^Urgent care now/);
      expect(card?.source.url).toBe('https://clinic.example/microneedling-rules');
      expect(card?.overrideReasons).toEqual(OVERRIDE_REASONS);
      expect(card?.links).toEqual([
        { label: 'Open the check-in (QuestionnaireResponse)', url: `${stub.url}/QuestionnaireResponse/qr-fever`, type: 'absolute' },
        {
          label: 'Open in the microneedling triage app',
          url: 'https://app.clinic.example/launch',
          type: 'smart',
          appContext: JSON.stringify({ patient: PATIENT, questionnaireResponse: 'QuestionnaireResponse/qr-fever' }),
        },
      ]);
      expect(card?.selectionBehavior).toBe('at-most-one');
      const task = card?.suggestions?.[0]?.actions[0]?.resource;
      expect(task).toMatchObject({
        resourceType: 'Task',
        priority: 'stat',
        owner: { reference: 'Practitioner/dr-1' },
        for: { reference: `Patient/${PATIENT}` },
        focus: { reference: 'QuestionnaireResponse/qr-fever' },
      });
      expect(card?.detail).toContain('What Microneedling Redness Means And When It’s Abnormal §');
    });

    it('reads the latest completed or amended response of a search Bundle, never a draft or a withdrawn one', async () => {
      const withdrawn = { ...feverCheckIn, id: 'qr-withdrawn', status: 'entered-in-error', authored: '2026-03-10T12:00:00Z' };
      const draft = { ...feverCheckIn, id: 'qr-draft', status: 'in-progress', authored: '2026-03-10T12:30:00Z' };
      const older = cardsOf(await post(`${base}${CHECK_IN}`, hookRequest({ checkin: bundleOf(withdrawn, draft, mildCheckIn) })));
      expect(older.map((card) => card.indicator)).toEqual(['info']);
      const amended = { ...feverCheckIn, status: 'amended' };
      const latest = cardsOf(await post(`${base}${CHECK_IN}`, hookRequest({ checkin: bundleOf(mildCheckIn, amended) })));
      expect(latest.map((card) => card.indicator)).toEqual(['critical']);
      for (const prefetched of [withdrawn, draft, { ...feverCheckIn, status: 'stopped' }, bundleOf(withdrawn, draft)]) {
        expect(cardsOf(await post(`${base}${CHECK_IN}`, hookRequest({ checkin: prefetched })))).toEqual([]);
      }
    });

    it('answers no cards when the client found nothing: prefetch null, or an empty search Bundle', async () => {
      for (const checkin of [null, bundleOf()]) {
        expect(cardsOf(await post(`${base}${CHECK_IN}`, hookRequest({ checkin })))).toEqual([]);
      }
      expect(stub.requests).toEqual([]);
    });

    it('answers a warning card, not "nothing on file", when the prefetch holds only an OperationOutcome', async () => {
      const outcome = {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'timeout', diagnostics: 'search timed out' }],
      };
      for (const checkin of [bundleOf(outcome), outcome]) {
        const [card, ...rest] = cardsOf(await post(`${base}${CHECK_IN}`, hookRequest({ checkin })));
        expect(rest).toEqual([]);
        expect(card?.indicator).toBe('warning');
        expect(card?.summary).toBe('Could not load the check-in: not assessed');
        expect(card?.detail).toContain('error: search timed out');
      }
    });

    it('fetches from fhirServer with the fhirAuthorization bearer token when the prefetch is absent', async () => {
      stub.token = 'token-123';
      stub.responses = [feverCheckIn, { ...feverCheckIn, subject: { reference: 'Patient/someone-else' } }];
      const reply = await post(
        `${base}${CHECK_IN}`,
        hookRequest(
          undefined,
          {},
          {
            fhirServer: stub.url,
            fhirAuthorization: {
              access_token: 'token-123',
              token_type: 'Bearer',
              expires_in: 300,
              scope: 'patient/QuestionnaireResponse.read',
              subject: 'cds',
            },
          },
        ),
      );
      expect(cardsOf(reply).map((card) => card.indicator)).toEqual(['critical']);
      expect(stub.requests).toHaveLength(1);
      const [search] = stub.requests;
      expect([search?.method, search?.path, search?.authorization]).toEqual(['GET', '/fhir/QuestionnaireResponse', 'Bearer token-123']);
      expect(Object.fromEntries(search?.query ?? [])).toEqual({
        patient: PATIENT,
        questionnaire: QUESTIONNAIRE_URLS.checkin,
        status: 'completed,amended',
        _sort: '-authored',
        _count: '1',
      });
      stub.responses = [];
      expect(
        cardsOf(
          await post(
            `${base}${CHECK_IN}`,
            hookRequest({}, {}, { fhirServer: stub.url, fhirAuthorization: { access_token: 'token-123', token_type: 'Bearer' } }),
          ),
        ),
      ).toEqual([]);
    });

    it('answers 412 only when it cannot get the data: no prefetch and no fhirServer, or the server refuses or is down', async () => {
      const noServer = await post(`${base}${CHECK_IN}`, hookRequest({}));
      expect([noServer.status, noServer.body['error']]).toEqual([412, expect.stringContaining('Prefetch not available')]);
      stub.token = 'right';
      const refused = await post(
        `${base}${CHECK_IN}`,
        hookRequest({}, {}, { fhirServer: stub.url, fhirAuthorization: { access_token: 'wrong', token_type: 'Bearer' } }),
      );
      expect([refused.status, refused.body['error']]).toEqual([412, expect.stringContaining('401')]);
      const down = await post(`${base}${CHECK_IN}`, hookRequest({}, {}, { fhirServer: 'http://127.0.0.1:9/fhir' }));
      expect([down.status, down.body['error']]).toEqual([412, expect.stringContaining('Could not reach the FHIR server')]);
    });

    it.each([
      [
        'a response about another patient',
        hookRequest({ checkin: { ...feverCheckIn, subject: { reference: 'Patient/p-2' } } }),
        /subject 'Patient\/p-2' is not context.patientId 'p-1'/,
      ],
      ['a response without subject', hookRequest({ checkin: { ...feverCheckIn, subject: undefined } }), /has no subject/],
      ['no hookInstance', { ...hookRequest({ checkin: feverCheckIn }), hookInstance: undefined }, /'hookInstance' is required/],
      ['no context.patientId', hookRequest({ checkin: feverCheckIn }, { patientId: undefined }), /'context.patientId' is required/],
      [
        'a hook the service did not advertise',
        { ...hookRequest({ checkin: feverCheckIn }), hook: 'order-sign' },
        /answers the 'patient-view' hook, not "order-sign"/,
      ],
      ['an unknown hook', { ...hookRequest({ checkin: feverCheckIn }), hook: 'chart-close' }, /not "chart-close"/],
      [
        'fhirAuthorization that is not a bearer token',
        hookRequest({}, {}, { fhirServer: 'http://127.0.0.1:9', fhirAuthorization: { access_token: 'x', token_type: 'MAC' } }),
        /token_type 'Bearer'/,
      ],
      [
        'a prefetch that is not a resource',
        hookRequest({ checkin: 'QuestionnaireResponse/1' }),
        /must be a QuestionnaireResponse, a search Bundle/,
      ],
    ])('400 with a clear message for %s', async (_label, body, message) => {
      const { status, body: answer } = await post(`${base}${CHECK_IN}`, body);
      expect(status).toBe(400);
      expect(answer['error']).toMatch(message);
    });

    it('judges the check-in at its authored time, and says so in the card', async () => {
      const response = {
        ...feverCheckIn,
        item: [{ linkId: 'treatedAt', answer: [{ valueDateTime: '2026-03-09T11:00:00Z' }] }, ...feverCheckIn.item.slice(1)],
      };
      const [card] = cardsOf(await post(`${base}${CHECK_IN}`, hookRequest({ checkin: response })));
      expect(card?.detail).toMatch(
        /\*\*About this result\*\*\n\n- assessedAt is the response's authored time .*\n\n_Decision support, not a diagnosis._$/,
      );
      expect(card?.detail).toContain(`assessedAt is the response's authored time (${AUTHORED})`);
      expect(card?.detail).toContain('(24 h since treatment)');
    });

    it('answers a pregnant candidate with a warning card from the screening service', async () => {
      const [card] = cardsOf(await post(`${base}${SCREENING}`, hookRequest({ screening: pregnantCandidate })));
      expect([card?.indicator, card?.summary.startsWith('Postpone')]).toEqual(['warning', true]);
      expect(card?.suggestions).toBeUndefined();
    });

    it('422 naming the linkId for an invalid QuestionnaireResponse, or one to the other questionnaire', async () => {
      const invalid = { ...feverCheckIn, item: [{ linkId: 'signs.fevr', answer: [{ valueBoolean: true }] }] };
      const first = await post(`${base}${CHECK_IN}`, hookRequest({ checkin: invalid }));
      expect([first.status, first.body['issues']]).toEqual([
        422,
        [expect.objectContaining({ path: 'signs.fevr', code: 'unknown_link_id' })],
      ]);
      const other = await post(`${base}${CHECK_IN}`, hookRequest({ checkin: pregnantCandidate }));
      expect([other.status, other.body['issues']]).toEqual([
        422,
        [expect.objectContaining({ path: 'questionnaire', code: 'wrong_questionnaire' })],
      ]);
    });
  });

  describe('screening at the decision point', () => {
    const appointment = (serviceType: Record<string, unknown>) =>
      bundleOf({ resourceType: 'Appointment', status: 'proposed', serviceType: [serviceType], participant: [{ status: 'needs-action' }] });
    const order = (code: Record<string, unknown>) =>
      bundleOf({ resourceType: 'ServiceRequest', status: 'draft', intent: 'order', code, subject: { reference: `Patient/${PATIENT}` } });

    it('appointment-book: cards for a microneedling appointment, none for another', async () => {
      const url = `${base}/cds-services/microneedling-screening-appointment`;
      const booking = (appointments: unknown) => ({
        ...hookRequest({ screening: pregnantCandidate }, { appointments }),
        hook: 'appointment-book',
      });
      expect(cardsOf(await post(url, booking(appointment({ text: 'Microneedling, face' })))).map((card) => card.indicator)).toEqual([
        'warning',
      ]);
      expect(cardsOf(await post(url, booking(appointment({ text: 'Dental check-up' }))))).toEqual([]);
      const missing = await post(url, { ...hookRequest({ screening: pregnantCandidate }), hook: 'appointment-book' });
      expect([missing.status, missing.body['error']]).toEqual([400, expect.stringContaining('context.appointments')]);
    });

    it('order-sign: cards for a draft order coded as microneedling (a configured code or the word)', async () => {
      const url = `${base}/cds-services/microneedling-screening-order`;
      const signing = (draftOrders: unknown) => ({ ...hookRequest({ screening: pregnantCandidate }, { draftOrders }), hook: 'order-sign' });
      expect(
        cardsOf(await post(url, signing(order({ coding: [{ system: 'https://clinic.example/procedures', code: 'MN-1' }] })))),
      ).toHaveLength(1);
      expect(cardsOf(await post(url, signing(order({ coding: [{ display: 'Collagen induction therapy' }] }))))).toHaveLength(1);
      expect(cardsOf(await post(url, signing(order({ coding: [{ system: 'https://clinic.example/procedures', code: 'XR-9' }] }))))).toEqual(
        [],
      );
    });
  });

  describe('feedback', () => {
    it('records accepted and overridden cards (CDS Hooks 2.0 /cds-services/{id}/feedback)', async () => {
      const [card] = cardsOf(await post(`${base}${CHECK_IN}`, hookRequest({ checkin: feverCheckIn })));
      const suggestion = card?.suggestions?.[0]?.uuid;
      feedback.length = 0;
      const reply = await post(`${base}${CHECK_IN}/feedback`, {
        feedback: [
          { card: card?.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: suggestion }], outcomeTimestamp: '2026-03-10T12:05:00Z' },
          {
            card: card?.uuid,
            outcome: 'overridden',
            overrideReason: { reason: OVERRIDE_REASONS[0], userComment: 'Called her this morning' },
            outcomeTimestamp: '2026-03-10T12:06:00Z',
          },
        ],
      });
      expect([reply.status, reply.body]).toEqual([200, { recorded: 2 }]);
      expect(feedback).toEqual([
        {
          service: 'microneedling-check-in',
          card: card?.uuid,
          outcome: 'accepted',
          outcomeTimestamp: '2026-03-10T12:05:00Z',
          acceptedSuggestions: [suggestion],
          known: true,
        },
        {
          service: 'microneedling-check-in',
          card: card?.uuid,
          outcome: 'overridden',
          outcomeTimestamp: '2026-03-10T12:06:00Z',
          acceptedSuggestions: [],
          overrideReason: { reason: OVERRIDE_REASONS[0], userComment: 'Called her this morning' },
          known: true,
        },
      ]);
      expect(server.feedback.slice(-2)).toEqual(feedback);
      const unknown = await post(`${base}${SCREENING}/feedback`, {
        feedback: [{ card: 'not-issued-here', outcome: 'overridden', outcomeTimestamp: '2026-03-10T12:06:00Z' }],
      });
      expect(unknown.status).toBe(200);
      expect(server.feedback.at(-1)?.known).toBe(false);
    });

    it.each([
      ['no feedback list', {}],
      ['an empty list', { feedback: [] }],
      ['no outcomeTimestamp', { feedback: [{ card: 'c', outcome: 'overridden' }] }],
      ['an unknown outcome', { feedback: [{ card: 'c', outcome: 'ignored', outcomeTimestamp: '2026-03-10T12:06:00Z' }] }],
      [
        'an override reason that is not a Coding',
        { feedback: [{ card: 'c', outcome: 'overridden', overrideReason: { reason: 'busy' }, outcomeTimestamp: '2026-03-10T12:06:00Z' }] },
      ],
      [
        'accepted suggestions on an overridden card',
        { feedback: [{ card: 'c', outcome: 'overridden', acceptedSuggestions: [{ id: 's' }], outcomeTimestamp: '2026-03-10T12:06:00Z' }] },
      ],
    ])('400 for %s', async (_label, body) => {
      const before = server.feedback.length;
      const { status } = await post(`${base}${CHECK_IN}/feedback`, body);
      expect([status, server.feedback.length]).toEqual([400, before]);
    });
  });

  describe('the JSON API', () => {
    it('assesses a check-in with fever as urgent', async () => {
      const { status, body } = await post(`${base}/assess`, { hoursSinceTreatment: 120, signs: { fever: true } });
      expect(status).toBe(200);
      expect(body).toMatchObject({ level: 'urgent', ruleSet: { id: createTriage().ruleSet.id } });
      expect(body['push']).toBeUndefined();
    });

    it('screens a candidate (charset in the content type is fine)', async () => {
      const { status, body } = await post(`${base}/screen`, { conditions: { pregnant: true } }, 'application/json; charset=UTF-8');
      expect(status).toBe(200);
      expect(body).toMatchObject({ decision: 'postpone' });
    });

    it('reads a submitted QuestionnaireResponse, saying where its time came from', async () => {
      const { status, body } = await post(`${base}/questionnaire-response`, feverCheckIn, 'application/fhir+json');
      expect(status).toBe(200);
      expect(body).toMatchObject({
        kind: 'checkin',
        result: { level: 'urgent', assessedAt: AUTHORED },
        derived: [{ path: 'assessedAt', from: 'authored' }],
      });
      const draft = await post(`${base}/questionnaire-response`, { ...feverCheckIn, status: 'in-progress' });
      expect([draft.status, draft.body['issues']]).toEqual([422, [expect.objectContaining({ path: 'status', code: 'invalid_status' })]]);
    });
  });

  describe('errors', () => {
    it('400 for invalid JSON', async () => {
      const { status, body } = await post(`${base}/assess`, '{"signs": ');
      expect(status).toBe(400);
      expect(body).toEqual({ error: expect.stringContaining('Invalid JSON') as unknown });
    });

    it('415 for another content type', async () => {
      for (const contentType of ['text/plain', 'application/json; charset=latin1']) {
        const { status, body } = await post(`${base}/assess`, '{}', contentType);
        expect(status).toBe(415);
        expect(body).toEqual({ error: expect.stringContaining('application/json') as unknown });
      }
    });

    it('413 for a body over the limit, declared or streamed', async () => {
      const declared = await post(`${base}/assess`, { padding: 'x'.repeat(100 * 1024) });
      const chunk = new TextEncoder().encode(' '.repeat(40 * 1024));
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let index = 0; index < 3; index += 1) controller.enqueue(chunk);
          controller.close();
        },
      });
      // No content-length: the server counts as it reads.
      const streamed = await request(`${base}/assess`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      });
      for (const reply of [declared, streamed]) {
        expect(reply.status).toBe(413);
        expect(reply.body).toEqual({ error: 'Body larger than 65536 bytes' });
      }
    });

    it('422 naming the field for an invalid check-in', async () => {
      const { status, body } = await post(`${base}/assess`, { signs: { fever: 'yes' } });
      expect(status).toBe(422);
      expect(body).toEqual({
        error: expect.stringContaining('signs.fever') as unknown,
        issues: [expect.objectContaining({ path: 'signs.fever', code: 'invalid_type' })],
      });
    });

    it('404 for an unknown path', async () => {
      const { status, body } = await request(`${base}/cds-services/unknown`);
      expect(status).toBe(404);
      expect(body).toEqual({ error: 'No endpoint at /cds-services/unknown' });
    });

    it('405 with an Allow header for a wrong method; no CORS unless configured', async () => {
      const get = await request(`${base}/assess`);
      const wrongPost = await post(`${base}/cds-services`, {});
      expect([get.status, get.headers.get('allow'), wrongPost.status, wrongPost.headers.get('allow')]).toEqual([405, 'POST', 405, 'GET']);
      expect(get.body).toEqual({ error: '/assess accepts POST only' });
      const preflight = await request(`${base}${CHECK_IN}`, { method: 'OPTIONS', headers: { origin: 'https://ehr.example' } });
      expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([405, null]);
    });

    it('still answers after all of them', async () => {
      const { status } = await request(`${base}/cds-services`);
      expect(status).toBe(200);
    });
  });
});

describe('the push path', () => {
  let stub: FhirStub;

  beforeAll(async () => {
    stub = await startFhirStub();
  });

  afterAll(async () => {
    await stub.close();
  });

  async function withServer<T>(options: IntakeServerOptions, run: (base: string) => Promise<T>): Promise<T> {
    const server = createIntakeServer(options);
    const base = await listen(server);
    try {
      return await run(base);
    } finally {
      await close(server);
    }
  }

  const push = (extra: Record<string, unknown> = {}) => ({
    push: { fhirServer: '', practitioner: 'Practitioner/dr-7', accessToken: 'push-token', author: 'Device/triage', ...extra },
  });

  beforeEach(() => {
    stub.requests.length = 0;
    stub.token = 'push-token';
    stub.failWith = undefined;
  });

  it.each([
    [{ hoursSinceTreatment: 120, signs: { fever: true } }, 'urgent', 'stat'],
    [{ hoursSinceTreatment: 30, signs: { discharge: 'purulent' } }, 'contact-provider', 'urgent'],
  ])('POST /assess that comes out %j creates a Flag and a Task for the treating practitioner', async (checkIn, level, priority) => {
    await withServer({ push: { ...push().push, fhirServer: stub.url } }, async (base) => {
      const { status, body } = await post(`${base}/assess?patient=${PATIENT}`, checkIn);
      expect([status, body['level']]).toEqual([200, level]);
      expect(body['push']).toEqual({
        status: 'created',
        resources: ['Flag/1/_history/1', 'Task/2/_history/1'].map(
          (location) => expect.stringMatching(location.replace(/\d+/, '\\d+')) as unknown,
        ),
      });
      expect(stub.requests).toHaveLength(1);
      const [sent] = stub.requests;
      expect([sent?.method, sent?.path, sent?.authorization, sent?.contentType]).toEqual([
        'POST',
        '/fhir',
        'Bearer push-token',
        'application/fhir+json',
      ]);
      const bundle = sent?.body as { type: string; entry: { resource: Record<string, unknown>; request: Record<string, unknown> }[] };
      expect(bundle.type).toBe('transaction');
      const [flag, task] = bundle.entry.map((entry) => entry.resource);
      expect(flag).toMatchObject({
        resourceType: 'Flag',
        status: 'active',
        subject: { reference: `Patient/${PATIENT}` },
        author: { reference: 'Device/triage' },
      });
      expect(task).toMatchObject({
        resourceType: 'Task',
        priority,
        owner: { reference: 'Practitioner/dr-7' },
        for: { reference: `Patient/${PATIENT}` },
      });
      expect(
        bundle.entry.every((entry) => entry.request['method'] === 'POST' && String(entry.request['ifNoneExist']).startsWith('identifier=')),
      ).toBe(true);
    });
  });

  it('pushes nothing below contact-provider, and a Communication when configured', async () => {
    await withServer({ push: { ...push().push, fhirServer: stub.url, use: 'communication' } }, async (base) => {
      const calm = await post(`${base}/assess?patient=${PATIENT}`, { hoursSinceTreatment: 30, signs: { redness: 'mild' } });
      expect(calm.body['push']).toEqual({ status: 'not-needed' });
      expect(stub.requests).toEqual([]);
      await post(`${base}/assess?patient=Patient/${PATIENT}`, { hoursSinceTreatment: 120, signs: { fever: true } });
      const bundle = stub.requests[0]?.body as { entry: { resource: Record<string, unknown> }[] };
      expect(bundle.entry.map((entry) => entry.resource['resourceType'])).toEqual(['Flag', 'Communication']);
      expect(bundle.entry[1]?.resource).toMatchObject({
        recipient: [{ reference: 'Practitioner/dr-7' }],
        subject: { reference: `Patient/${PATIENT}` },
      });
    });
  });

  it('a submitted QuestionnaireResponse is pushed for its subject, focused on the response', async () => {
    await withServer({ push: { ...push().push, fhirServer: stub.url } }, async (base) => {
      const { body } = await post(`${base}/questionnaire-response`, feverCheckIn, 'application/fhir+json');
      expect(body['push']).toMatchObject({ status: 'created' });
      const bundle = stub.requests[0]?.body as { entry: { resource: Record<string, unknown> }[] };
      expect(bundle.entry[1]?.resource).toMatchObject({
        focus: { reference: 'QuestionnaireResponse/qr-fever' },
        for: { reference: `Patient/${PATIENT}` },
      });
    });
  });

  it('says so when the care team could not be alerted: no patient, or the FHIR server fails', async () => {
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...values: unknown[]) => logged.push(...values);
    try {
      await withServer({ push: { ...push().push, fhirServer: stub.url } }, async (base) => {
        const anonymous = await post(`${base}/assess`, { hoursSinceTreatment: 120, signs: { fever: true } });
        expect([anonymous.status, anonymous.body['level'], anonymous.body['push']]).toEqual([
          200,
          'urgent',
          { status: 'failed', error: expect.stringContaining('no patient') as unknown },
        ]);
        stub.failWith = 500;
        const failing = await post(`${base}/assess?patient=${PATIENT}`, { hoursSinceTreatment: 120, signs: { fever: true } });
        expect(failing.body['push']).toEqual({
          status: 'failed',
          error: expect.stringContaining('answered 500 (error: the stub was told to fail)') as unknown,
        });
      });
      expect(logged).toHaveLength(2);
    } finally {
      console.error = original;
    }
  });
});

describe('serving', () => {
  it('binds to 127.0.0.1 by default', async () => {
    const { server, url } = await startIntakeServer();
    try {
      expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await request(`${url}/cds-services`)).status).toBe(200);
    } finally {
      await close(server);
    }
  });

  it('drops a request whose body does not arrive within the request timeout (408)', async () => {
    const { server, url } = await startIntakeServer({ requestTimeoutMs: 300 });
    try {
      const { port } = new URL(url);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(
            'POST /assess HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"signs":',
          );
        });
        let received = '';
        socket.on('data', (data: Buffer) => (received += data.toString('utf8')));
        socket.on('close', () => {
          resolve(received);
        });
        socket.on('error', reject);
        setTimeout(() => {
          socket.destroy();
          reject(new Error('the server kept the slow request open'));
        }, 5000).unref();
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await close(server);
    }
  });

  it('answers CORS preflights and requests from allowed origins only, when configured', async () => {
    const { server, url } = await startIntakeServer({ cors: { origins: ['https://ehr.example'] } });
    try {
      const preflight = await fetch(`${url}${CHECK_IN}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://ehr.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect([
        preflight.status,
        preflight.headers.get('access-control-allow-origin'),
        preflight.headers.get('access-control-allow-headers'),
      ]).toEqual([204, 'https://ehr.example', 'authorization, content-type']);
      const allowed = await request(`${url}/cds-services`, { headers: { origin: 'https://ehr.example' } });
      const other = await request(`${url}/cds-services`, { headers: { origin: 'https://evil.example' } });
      expect([allowed.headers.get('access-control-allow-origin'), other.headers.get('access-control-allow-origin')]).toEqual([
        'https://ehr.example',
        null,
      ]);
      const error = await request(`${url}/nowhere`, { headers: { origin: 'https://ehr.example' } });
      expect([error.status, error.headers.get('access-control-allow-origin')]).toEqual([404, 'https://ehr.example']);
    } finally {
      await close(server);
    }
  });
});

describe('an unexpected error', () => {
  it('is a 500 without the details, and the server keeps answering', async () => {
    const triage = createTriage();
    // The route takes JSON of unknown shape through safeAssess, which rejects for anything but an input problem.
    const failing = () => Promise.reject(new Error('secret internal detail'));
    const server = createIntakeServer({ triage: { ...triage, assess: failing, safeAssess: failing } });
    const base = await listen(server);
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...values: unknown[]) => logged.push(...values);
    try {
      const { status, body } = await post(`${base}/assess`, {});
      expect(status).toBe(500);
      expect(body).toEqual({ error: 'Internal server error' });
      expect(logged).toEqual([new Error('secret internal detail')]);
      expect((await post(`${base}/screen`, {})).status).toBe(200);
    } finally {
      console.error = original;
      await close(server);
    }
  });
});
