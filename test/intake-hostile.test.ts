// No request takes the intake service down (issue 22): the server runs as its own process, as a
// clinic runs it, and hostile request targets and bodies are sent over loopback. After each one
// the process must still be running and still answering.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUESTIONNAIRE_URLS } from 'microneedling-triage/fhir';

const SERVER = fileURLToPath(new URL('../examples/intake-server/server.ts', import.meta.url));
let child: ChildProcess;
let port = 0;
let exited: number | null | undefined;

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', SERVER], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.on('exit', (code) => (exited = code));
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (data: Buffer) => {
      out += data.toString('utf8');
      const found = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (found?.[1] !== undefined) resolve(Number(found[1]));
    });
    child.on('exit', () => {
      reject(new Error(`the server exited before listening: ${out}`));
    });
  });
}, 60_000);

afterAll(() => {
  child.kill();
});

/** Sends raw bytes and resolves with what came back before the server closed (or 2 s passed). */
function raw(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let received = '';
    socket.on('data', (data: Buffer) => (received += data.toString('utf8')));
    socket.on('close', () => {
      resolve(received);
    });
    socket.on('error', () => {
      resolve(received);
    });
    setTimeout(() => {
      socket.destroy();
    }, 2000).unref();
  });
}

async function stillAnswering(): Promise<void> {
  expect(exited, 'the server process exited').toBeUndefined();
  const reply = await fetch(`http://127.0.0.1:${String(port)}/cds-services`);
  expect(reply.status).toBe(200);
}

const TARGETS = ['//', '///', '/\\', '//evil.example/x', '/\\\\evil', 'http://', '*', '/%', '/%zz?%zz', '/?\u00ff', '/Questionnaire//'];

describe('the intake service, run as a process, takes no hostile request down', () => {
  it.each(TARGETS.flatMap((target) => ['GET', 'POST'].map((method) => [method, target] as const)))(
    '%s %j is answered, and the service keeps answering',
    async (method, target) => {
      const body = method === 'POST' ? '{}' : '';
      const head = `${method} ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${String(body.length)}\r\nconnection: close\r\n\r\n`;
      const reply = await raw(head + body);
      expect(reply).toMatch(/^HTTP\/1\.1 4\d\d /);
      await stillAnswering();
    },
  );

  it('a QuestionnaireResponse id with a lone surrogate still gets its card', async () => {
    const response = {
      resourceType: 'QuestionnaireResponse',
      id: 'qr-\ud800',
      questionnaire: QUESTIONNAIRE_URLS.checkin,
      status: 'completed',
      subject: { reference: 'Patient/p1' },
      authored: '2026-03-10T12:00:00Z',
      item: [
        { linkId: 'hoursSinceTreatment', answer: [{ valueDecimal: 30 }] },
        { linkId: 'signs.fever', answer: [{ valueBoolean: true }] },
      ],
    };
    const hook = {
      hook: 'patient-view',
      hookInstance: '7c0b1b62-5f0a-4a40-9b6f-2f1a1f5d7a11',
      fhirServer: 'http://127.0.0.1:9/fhir',
      context: { userId: 'Practitioner/dr-1', patientId: 'p1' },
      prefetch: { checkin: { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: response }] } },
    };
    const reply = await fetch(`http://127.0.0.1:${String(port)}/cds-services/microneedling-check-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(hook),
    });
    const body = (await reply.json()) as { cards?: { indicator: string }[] };
    expect(reply.status).toBe(200);
    expect(body.cards?.[0]?.indicator).toBe('critical');
    await stillAnswering();
  });
});
