import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ReadableStream } from 'node:stream/web';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { createTriage } from 'microneedling-triage';
import { QUESTIONNAIRE_URLS } from 'microneedling-triage/fhir';
import { createIntakeServer } from '../examples/intake-server/server.js';

const JSON_TYPE = 'application/json; charset=utf-8';

const feverCheckIn = {
  resourceType: 'QuestionnaireResponse',
  questionnaire: QUESTIONNAIRE_URLS.checkin,
  status: 'completed',
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

const pregnantCandidate = {
  resourceType: 'QuestionnaireResponse',
  questionnaire: QUESTIONNAIRE_URLS.screening,
  status: 'completed',
  item: [{ linkId: 'conditions', item: [{ linkId: 'conditions.pregnant', answer: [{ valueBoolean: true }] }] }],
};

const hookRequest = (prefetch: Record<string, unknown>, context: Record<string, unknown> = {}): Record<string, unknown> => ({
  hook: 'patient-view',
  hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
  context: { userId: 'Practitioner/example', patientId: 'example', ...context },
  prefetch,
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
    server.closeIdleConnections();
  });
}

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

async function request(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  const text = await response.text();
  expect(response.headers.get('content-type')).toBe(JSON_TYPE);
  return { status: response.status, headers: response.headers, body: JSON.parse(text) };
}

const post = (url: string, body: unknown, contentType = 'application/json'): Promise<Reply> =>
  request(url, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('the intake server', () => {
  const server = createIntakeServer();
  let base = '';

  beforeAll(async () => {
    base = await listen(server);
  });

  afterAll(async () => {
    await close(server);
  });

  describe('CDS Hooks', () => {
    it('lists both services in discovery', async () => {
      const { status, body } = await request(`${base}/cds-services`);
      expect(status).toBe(200);
      expect(body).toEqual({
        services: [
          expect.objectContaining({
            id: 'microneedling-check-in',
            hook: 'patient-view',
            prefetch: {
              checkin: `QuestionnaireResponse?subject={{context.patientId}}&questionnaire=${QUESTIONNAIRE_URLS.checkin}&_sort=-authored&_count=1`,
            },
          }),
          expect.objectContaining({
            id: 'microneedling-screening',
            hook: 'patient-view',
            prefetch: {
              screening: `QuestionnaireResponse?subject={{context.patientId}}&questionnaire=${QUESTIONNAIRE_URLS.screening}&_sort=-authored&_count=1`,
            },
          }),
        ],
      });
    });

    it('answers a check-in with fever with one critical card', async () => {
      const { status, body } = await post(`${base}/cds-services/microneedling-check-in`, hookRequest({ checkin: feverCheckIn }));
      expect(status).toBe(200);
      expect(body).toEqual({
        cards: [expect.objectContaining({ indicator: 'critical', summary: expect.stringContaining('Urgent care now') as unknown })],
      });
    });

    it('reads the QuestionnaireResponse from a search Bundle and from the context too', async () => {
      const fromBundle = await post(`${base}/cds-services/microneedling-check-in`, hookRequest({ checkin: bundleOf(feverCheckIn) }));
      const fromContext = await post(
        `${base}/cds-services/microneedling-check-in`,
        hookRequest({}, { questionnaireResponse: feverCheckIn }),
      );
      for (const reply of [fromBundle, fromContext]) {
        expect(reply.status).toBe(200);
        expect(reply.body).toEqual({ cards: [expect.objectContaining({ indicator: 'critical' })] });
      }
    });

    it('answers no cards when the prefetch search found no response', async () => {
      const { status, body } = await post(`${base}/cds-services/microneedling-check-in`, hookRequest({ checkin: bundleOf() }));
      expect(status).toBe(200);
      expect(body).toEqual({ cards: [] });
    });

    it('answers a pregnant candidate with a warning card', async () => {
      const { status, body } = await post(`${base}/cds-services/microneedling-screening`, hookRequest({ screening: pregnantCandidate }));
      expect(status).toBe(200);
      expect(body).toEqual({
        cards: [expect.objectContaining({ indicator: 'warning', summary: expect.stringContaining('Postpone') as unknown })],
      });
    });
  });

  describe('the JSON API', () => {
    it('assesses a check-in with fever as urgent', async () => {
      const { status, body } = await post(`${base}/assess`, { hoursSinceTreatment: 120, signs: { fever: true } });
      expect(status).toBe(200);
      expect(body).toMatchObject({ level: 'urgent', ruleSet: { id: createTriage().ruleSet.id } });
    });

    it('screens a candidate (charset in the content type is fine)', async () => {
      const { status, body } = await post(`${base}/screen`, { conditions: { pregnant: true } }, 'application/json; charset=UTF-8');
      expect(status).toBe(200);
      expect(body).toMatchObject({ decision: 'postpone' });
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

    it('422 naming the linkId for an invalid QuestionnaireResponse', async () => {
      const response = { ...feverCheckIn, item: [{ linkId: 'signs.fevr', answer: [{ valueBoolean: true }] }] };
      const { status, body } = await post(`${base}/cds-services/microneedling-check-in`, hookRequest({ checkin: response }));
      expect(status).toBe(422);
      expect(body).toMatchObject({ issues: [{ path: 'signs.fevr', code: 'unknown_link_id' }] });
    });

    it('422 for a screening response sent to the check-in service', async () => {
      const { status, body } = await post(`${base}/cds-services/microneedling-check-in`, hookRequest({ checkin: pregnantCandidate }));
      expect(status).toBe(422);
      expect(body).toMatchObject({ issues: [{ path: 'questionnaire', code: 'wrong_questionnaire' }] });
    });

    it('404 for an unknown path', async () => {
      const { status, body } = await request(`${base}/cds-services/unknown`);
      expect(status).toBe(404);
      expect(body).toEqual({ error: 'No endpoint at /cds-services/unknown' });
    });

    it('405 with an Allow header for a wrong method', async () => {
      const get = await request(`${base}/assess`);
      const wrongPost = await post(`${base}/cds-services`, {});
      expect([get.status, get.headers.get('allow'), wrongPost.status, wrongPost.headers.get('allow')]).toEqual([405, 'POST', 405, 'GET']);
      expect(get.body).toEqual({ error: '/assess accepts POST only' });
    });

    it('412 when no QuestionnaireResponse was prefetched or given', async () => {
      for (const prefetch of [{}, { checkin: null }]) {
        const { status, body } = await post(`${base}/cds-services/microneedling-check-in`, hookRequest(prefetch));
        expect(status).toBe(412);
        expect(body).toEqual({ error: expect.stringContaining('Prefetch not available') as unknown });
      }
    });

    it('still answers after all of them', async () => {
      const { status } = await request(`${base}/cds-services`);
      expect(status).toBe(200);
    });
  });
});

describe('an unexpected error', () => {
  it('is a 500 without the details, and the server keeps answering', async () => {
    const triage = createTriage();
    const server = createIntakeServer({ triage: { ...triage, assess: () => Promise.reject(new Error('secret internal detail')) } });
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
