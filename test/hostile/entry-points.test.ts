import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTriage,
  isObservationError,
  isRuleSetError,
  ObservationError,
  validateRuleSet,
  type BatchItem,
  type InputIssue,
} from '../../src/index.js';
import { fromQuestionnaireResponse, QUESTIONNAIRE_URLS } from '../../src/fhir/index.js';
import { resolveCaseFile } from '../../src/testing/index.js';
import { createIntakeServer } from '../../examples/intake-server/server.js';
import { runCli } from '../support/run-cli.js';
import { HOSTILE_TEXTS, HOSTILE_VALUES, type HostileValue } from './corpus.js';
import { untyped } from '../support/untyped.js';

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

/** The issues of the ObservationError `run` rejects or throws with; fails on anything else (a raw TypeError, a result). */
async function rejection(run: () => unknown): Promise<readonly InputIssue[]> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    expect(isObservationError(error), `expected an ObservationError, got ${String(error)}`).toBe(true);
    expect(error).toBeInstanceOf(ObservationError);
    return (error as ObservationError).issues;
  }
  throw new Error(`expected a rejection, got ${String((JSON.stringify(result) as string | undefined)?.slice(0, 200))}`);
}

/** The problem is reported with its code, at the place the value was put (or below it). */
function expectAt(issues: readonly InputIssue[], value: HostileValue, at: string): void {
  const below = (path: string): boolean => at === '' || path === at || path.startsWith(`${at}.`);
  // Under a key the format does not have, the value is never read: the key is what is reported.
  const codes: readonly string[] = [...(value.code === 'size' ? ['too_large', 'too_deep'] : [value.code]), 'unknown_key'];
  expect(
    issues.some((issue) => codes.includes(issue.code) && below(issue.path)),
    `${value.name}: ${JSON.stringify(issues)}`,
  ).toBe(true);
  for (const issue of issues) expect(issue.message.length).toBeLessThan(1_000);
}

const questionnaireResponse = (item: unknown): Record<string, unknown> => ({
  resourceType: 'QuestionnaireResponse',
  questionnaire: QUESTIONNAIRE_URLS.checkin,
  status: 'completed',
  item: [item],
});

describe.each(HOSTILE_VALUES.map((value) => [value.name, value] as const))('%s', (_name, value) => {
  it('assess rejects it with ObservationError, as the input and as a field', async () => {
    expectAt(await rejection(() => triage.assess(untyped(value.make()))), value, '');
    expectAt(await rejection(() => triage.assess(untyped({ hoursSinceTreatment: 30, signs: value.make() }))), value, 'signs');
    expectAt(await rejection(() => triage.assess(untyped({ previous: [value.make()] }))), value, 'previous.0');
  });

  it('screen rejects it', async () => {
    expectAt(await rejection(() => triage.screen(untyped(value.make()))), value, '');
    expectAt(await rejection(() => triage.screen(untyped({ conditions: value.make() }))), value, 'conditions');
  });

  it('aftercare throws ObservationError (synchronously)', async () => {
    expectAt(await rejection(() => triage.aftercare(untyped(value.make()))), value, '');
    expectAt(await rejection(() => triage.aftercare(untyped({ hoursSinceTreatment: 3, treatment: value.make() }))), value, 'treatment');
  });

  it('fromQuestionnaireResponse rejects it', async () => {
    expectAt(await rejection(() => fromQuestionnaireResponse(value.make())), value, '');
    expectAt(await rejection(() => fromQuestionnaireResponse(questionnaireResponse(value.make()))), value, 'item.0');
  });

  it('assessMany and screenMany yield its ObservationError and go on', async () => {
    for (const many of [triage.assessMany.bind(triage), triage.screenMany.bind(triage)]) {
      const items: BatchItem<unknown>[] = [];
      for await (const item of many([value.make(), {}])) items.push(item);
      expect(items.map((item) => item.index)).toEqual([0, 1]);
      expect(items[1]?.result).toBeDefined();
      const error = items[0]?.error;
      expect(error).toBeInstanceOf(ObservationError);
      expectAt(error?.issues ?? [], value, '');
    }
  });

  it('a case file and a rule file holding it are refused, naming it', async () => {
    expect((await rejection(() => resolveCaseFile({ cases: [value.make()] }))).length).toBeGreaterThan(0);
    const ruleSet = { id: 'hostile', version: '1.0.0', files: { 'hostile.json': value.make() } };
    const diagnostics = validateRuleSet(ruleSet).diagnostics;
    const codes: readonly string[] = value.code === 'size' ? ['too-large', 'too-deep'] : [value.code.replace('_', '-')];
    expect(diagnostics.some((diagnostic) => diagnostic.file === 'hostile.json' && codes.includes(diagnostic.code))).toBe(true);
    let thrown: unknown;
    try {
      createTriage({ ruleSets: [{ id: 'hostile', version: '1.0.0', files: { 'hostile.json': value.make() } }] });
    } catch (error) {
      thrown = error;
    }
    expect(isRuleSetError(thrown), String(thrown)).toBe(true);
  });

  it('leaves Object.prototype untouched', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  });
});

describe('the issue examples, exactly', () => {
  it('a Map of signs is rejected, not read as empty (fever would make it urgent)', async () => {
    expect(await rejection(() => triage.assess(untyped({ signs: new Map([['fever', true]]) })))).toEqual([
      { path: 'signs', code: 'not_json', message: "'signs' is a Map, not a plain JSON value (give a plain object)" },
    ]);
  });

  it('assess(promise) and assessMany([promise]) agree: both reject the Promise', async () => {
    const promise = Promise.resolve({ signs: { fever: true } });
    const direct = await rejection(() => triage.assess(untyped(promise)));
    const items: BatchItem<unknown>[] = [];
    for await (const item of triage.assessMany([promise])) items.push(item);
    expect(items[0]?.error?.issues).toEqual(direct);
    expect(direct[0]?.message).toBe('the input is a Promise, not a plain JSON value (await it first)');
  });

  it('a throwing getter is an ObservationError naming the field, and the getter is never called', async () => {
    let calls = 0;
    const input = {
      get signs(): unknown {
        calls += 1;
        throw new Error('boom');
      },
    };
    expect(await rejection(() => triage.assess(untyped(input)))).toEqual([
      { path: 'signs', code: 'not_json', message: "'signs' is a getter or setter, not a plain value" },
    ]);
    expect(calls).toBe(0);
  });

  it('a revoked Proxy is an ObservationError on every entry point', async () => {
    for (const run of [
      () => triage.assess(untyped(HOSTILE_VALUES.find((value) => value.name === 'a revoked Proxy')?.make())),
      () => triage.screen(untyped(HOSTILE_VALUES.find((value) => value.name === 'a revoked Proxy')?.make())),
      () => triage.aftercare(untyped(HOSTILE_VALUES.find((value) => value.name === 'a revoked Proxy')?.make())),
      () => fromQuestionnaireResponse(HOSTILE_VALUES.find((value) => value.name === 'a revoked Proxy')?.make()),
    ])
      expect((await rejection(run))[0]?.code).toBe('unreadable');
  });

  it('inputs that are not iterable are an ObservationError for assessMany, not a TypeError', async () => {
    for (const inputs of [null, 42, {}, HOSTILE_VALUES.find((value) => value.name === 'a revoked Proxy')?.make()]) {
      const issues = await rejection(async () => {
        for await (const item of triage.assessMany(inputs as unknown[])) void item;
      });
      expect(issues[0]?.code).toBe('invalid_type');
    }
  });

  it('a null-prototype object is plain data: accepted and read', async () => {
    const signs = Object.assign(Object.create(null) as Record<string, unknown>, { fever: true });
    expect((await triage.assess({ hoursSinceTreatment: 30, signs })).level).toBe('urgent');
  });
});

describe('fromQuestionnaireResponse on malformed structure', () => {
  it('an item or answer that is not an object is an ObservationError, never a raw TypeError', async () => {
    for (const item of [
      null,
      5,
      { linkId: 'signs', item: 5 },
      { linkId: 'signs.fever', answer: 5 },
      { linkId: 'signs.fever', answer: [null] },
    ])
      await rejection(() => fromQuestionnaireResponse(questionnaireResponse(item)));
  });
});

describe.each(HOSTILE_TEXTS.map((entry) => [entry.name, entry] as const))('JSON text: %s', (_name, entry) => {
  it('the library: assess rejects or resolves as expected; screen, aftercare and QuestionnaireResponse never throw anything else', async () => {
    const parsed = (): unknown => JSON.parse(entry.text()) as unknown;
    if (entry.assess === 'rejected') expect((await rejection(() => triage.assess(untyped(parsed())))).length).toBeGreaterThan(0);
    else await expect(triage.assess(untyped(parsed()))).resolves.toBeDefined();
    for (const run of [
      () => triage.screen(untyped(parsed())),
      () => triage.aftercare(untyped(parsed())),
      () => fromQuestionnaireResponse(parsed()),
      () => fromQuestionnaireResponse(questionnaireResponse(parsed())),
    ]) {
      try {
        await run();
      } catch (error) {
        expect(isObservationError(error), String(error)).toBe(true);
      }
    }
  });

  it('the CLI (in-process): exit 2 or 0, a short message, no stack trace', async () => {
    const text = entry.text();
    const assess = await runCli(['assess', '-'], { stdin: text });
    expect(assess.code).toBe(entry.assess === 'rejected' ? 2 : 0);
    expect(assess.err).not.toMatch(/\n\s+at |Internal error/);
    const screen = await runCli(['screen', '--json', '-'], { stdin: text });
    expect([0, 2]).toContain(screen.code);
    const lines = await runCli(['assess', '--ndjson', '-'], { lines: [text.replaceAll('\n', ' '), '{}'] });
    expect(lines.code).toBe(entry.assess === 'rejected' ? 2 : 0);
    expect(lines.out.trim().split('\n')).toHaveLength(2);
    // Nothing the input holds is echoed at length (a 60 KiB key once produced 4 MB of stderr).
    expect(assess.err.length).toBeLessThan(Math.max(4_000, text.length / 2));
  });
});

describe('the HTTP example (loopback)', () => {
  const server: Server = createIntakeServer();
  let base = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      server.closeIdleConnections();
    });
  });

  const post = async (path: string, body: string): Promise<{ status: number; text: string }> => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, text: await response.text() };
  };

  it.each(HOSTILE_TEXTS.map((entry) => [entry.name, entry] as const))('%s: a 4xx or 200 answer, never a 500', async (_name, entry) => {
    const text = entry.text();
    const assess = await post('/assess', text);
    expect(assess.status).toBe(entry.assess === 'rejected' ? 422 : 200);
    expect(assess.text.length).toBeLessThan(entry.assess === 'rejected' ? Math.max(8_000, text.length / 2) : 1e6);
    const screen = await post('/screen', text);
    expect([200, 422]).toContain(screen.status);
    const hook = await post(
      '/cds-services/microneedling-check-in',
      JSON.stringify({
        hook: 'patient-view',
        hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
        context: { patientId: 'p' },
        prefetch: { checkin: questionnaireResponse(JSON.parse(text)) },
      }),
    );
    // 400: the request does not follow the spec (here, a response without the patient as its subject).
    expect([200, 400, 412, 413, 422]).toContain(hook.status);
  });

  it('still answers afterwards', async () => {
    expect((await fetch(`${base}/cds-services`)).status).toBe(200);
  });
});
