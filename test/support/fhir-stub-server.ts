// A stub FHIR server on 127.0.0.1 for the intake-server tests: it answers QuestionnaireResponse
// searches from its store and transaction Bundles, checks the bearer token, and records requests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the stub received. */
export interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

/** The stub: its base URL, what it received, and what it should answer. */
export interface FhirStub {
  readonly url: string;
  readonly requests: StubRequest[];
  /** QuestionnaireResponses served by searches (filtered by `patient` and `questionnaire`). */
  responses: Record<string, unknown>[];
  /** The token it requires (`undefined`: none). */
  token: string | undefined;
  /** Answer every request with this status instead (e.g. 500). */
  failWith: number | undefined;
  close(): Promise<void>;
}

export async function startFhirStub(): Promise<FhirStub> {
  const requests: StubRequest[] = [];
  let created = 0;
  const stub: Omit<FhirStub, 'url' | 'close'> = { requests, responses: [], token: undefined, failWith: undefined };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const received: StubRequest = {
        method: request.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
      requests.push(received);
      const answer = (status: number, body: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/fhir+json' });
        response.end(JSON.stringify(body));
      };
      const outcome = (status: number, text: string): void => {
        answer(status, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: text }] });
      };
      if (stub.failWith !== undefined) {
        outcome(stub.failWith, 'the stub was told to fail');
        return;
      }
      if (stub.token !== undefined && received.authorization !== `Bearer ${stub.token}`) {
        outcome(401, 'missing or wrong bearer token');
        return;
      }
      if (received.method === 'GET' && url.pathname.endsWith('/QuestionnaireResponse')) {
        const patient = url.searchParams.get('patient');
        const questionnaire = url.searchParams.get('questionnaire');
        const matching = stub.responses.filter((resource) => {
          const subject = (resource['subject'] as { reference?: string } | undefined)?.reference;
          return (
            subject === `Patient/${patient ?? ''}` &&
            (questionnaire === null || String(resource['questionnaire']).startsWith(questionnaire))
          );
        });
        answer(200, {
          resourceType: 'Bundle',
          type: 'searchset',
          total: matching.length,
          entry: matching.map((resource) => ({ resource })),
        });
        return;
      }
      if (received.method === 'POST' && (url.pathname === '/' || url.pathname === '/fhir')) {
        const bundle = received.body as { type?: string; entry?: { resource?: { resourceType?: string } }[] };
        if (bundle.type !== 'transaction') {
          outcome(400, 'expected a transaction Bundle');
          return;
        }
        answer(200, {
          resourceType: 'Bundle',
          type: 'transaction-response',
          entry: (bundle.entry ?? []).map((entry) => {
            created += 1;
            return {
              response: { status: '201 Created', location: `${entry.resource?.resourceType ?? 'Unknown'}/${String(created)}/_history/1` },
            };
          }),
        });
        return;
      }
      outcome(404, `no route ${received.method} ${url.pathname}`);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return Object.assign(stub, {
    url: `http://127.0.0.1:${String(port)}/fhir`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => {
          if (error) fail(error);
          else done();
        });
        server.closeAllConnections();
      }),
  });
}
