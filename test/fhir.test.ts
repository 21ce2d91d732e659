// @types/fhir declares the fhir4 namespace globally, and tsconfig's `types` does not load it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../node_modules/@types/fhir/r4.d.ts" />
import { describe, expect, it } from 'vitest';
import { allClear } from './support/all-clear.js';
import { UcumLhcUtils } from '@lhncbc/ucum-lhc';
import {
  builtinRuleSet,
  CAUSE_IDS,
  createTriage,
  DECISIONS,
  LEVELS,
  ObservationError,
  type AssessInput,
  type ScreenInput,
} from 'microneedling-triage';
import {
  answerCodeSystems,
  CAUSE_SYSTEM,
  contractCodeSystems,
  convertQuantity,
  DECISION_SYSTEM,
  LEVEL_SYSTEM,
  needsCareTeam,
  OVERALL_OUTCOME,
  OVERRIDE_REASON_SYSTEM,
  OVERRIDE_REASONS,
  RISK_PROBABILITY_SYSTEM,
  toCareTeamBundle,
  toCommunication,
  toFlag,
  toQuestionnaireResponse,
  toTask,
  UCUM_CODES,
  answerSystem,
  NONE_OF_THESE,
  OPTION_EXCLUSIVE_EXTENSION,
  QUESTIONNAIRE_UNIT_EXTENSION,
  UCUM_SYSTEM,
  buildQuestionnaire,
  fromQuestionnaireResponse,
  gateLinkId,
  QUESTIONNAIRE_URLS,
  toCdsHooksCards,
  toRiskAssessment,
  type Questionnaire,
  type QuestionnaireItem,
} from 'microneedling-triage/fhir';
import { questionFields } from '../src/fhir/questionnaire-fields.js';

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });

// Compile-time: the resources we produce are valid @types/fhir R4 resources.
const checkInQuestionnaire: fhir4.Questionnaire = buildQuestionnaire('checkin');
const screeningQuestionnaire: fhir4.Questionnaire = buildQuestionnaire('screening');

function allItems(items: readonly QuestionnaireItem[] = []): QuestionnaireItem[] {
  return items.flatMap((item) => [item, ...allItems(item.item)]);
}

/** Structural rules of FHIR R4 Questionnaire that matter for these resources. */
function structuralProblems(questionnaire: Questionnaire): string[] {
  const problems: string[] = [];
  const items = allItems(questionnaire.item);
  const seen = new Set<string>();
  const types = new Set(['group', 'display', 'boolean', 'decimal', 'integer', 'dateTime', 'string', 'choice']);
  const resource: Record<string, unknown> = { ...questionnaire };
  if (resource['resourceType'] !== 'Questionnaire') problems.push('resourceType');
  if (resource['status'] !== 'active') problems.push('status');
  if (typeof resource['url'] !== 'string' || !resource['url'].startsWith('https://')) problems.push('url');
  for (const item of items) {
    if (seen.has(item.linkId)) problems.push(`duplicate linkId ${item.linkId}`);
    seen.add(item.linkId);
    if (!types.has(item.type)) problems.push(`${item.linkId}: type ${item.type}`);
    if (item.type === 'group' && (item.item === undefined || item.item.length === 0)) problems.push(`${item.linkId}: empty group (que-1)`);
    if (item.type !== 'group' && item.item !== undefined) problems.push(`${item.linkId}: a question with child items`);
    if (item.answerOption !== undefined && item.type !== 'choice') problems.push(`${item.linkId}: answerOption on ${item.type} (que-5)`);
    if (item.type === 'choice' && (item.answerOption ?? []).length === 0) problems.push(`${item.linkId}: choice without options`);
    if (item.text === undefined || item.text === '') problems.push(`${item.linkId}: no text`);
    if (item.enableWhen !== undefined && item.enableWhen.length > 1 && item.enableBehavior === undefined)
      problems.push(`${item.linkId}: enableBehavior (que-12)`);
  }
  for (const item of items) {
    for (const condition of item.enableWhen ?? []) {
      if (!seen.has(condition.question)) problems.push(`${item.linkId}: enableWhen on unknown ${condition.question}`);
      const answers = ['answerBoolean', 'answerCoding', 'answerDecimal'].filter((key) => key in condition);
      if (condition.operator !== 'exists' && answers.length !== 1) problems.push(`${item.linkId}: enableWhen needs one answer`);
    }
  }
  return problems;
}

describe('the shipped Questionnaires', () => {
  it.each([
    ['check-in', checkInQuestionnaire as Questionnaire],
    ['screening', screeningQuestionnaire as Questionnaire],
  ] as const)('%s: structurally valid R4', (_name, questionnaire) => {
    expect(structuralProblems(questionnaire)).toEqual([]);
  });

  it.each(['checkin', 'screening'] as const)('%s: a linkId for every input field, with the contract answer type and options', (kind) => {
    const items = new Map(allItems(buildQuestionnaire(kind).item).map((item) => [item.linkId, item]));
    for (const field of questionFields(kind)) {
      const item = items.get(field.path);
      expect(item, field.path).toBeDefined();
      if (field.type.kind === 'boolean') expect(item?.type).toBe('boolean');
      if (field.type.kind === 'enum' || field.type.kind === 'enum-array') {
        expect(item?.type).toBe('choice');
        expect(item?.answerOption?.map((option) => option.valueCoding?.code)).toEqual(
          field.type.kind === 'enum-array' ? [...field.type.values, NONE_OF_THESE] : field.type.values,
        );
        expect(item?.answerOption?.every((option) => option.valueCoding?.system === answerSystem(field.path))).toBe(true);
        expect(item?.repeats === true).toBe(field.type.kind === 'enum-array');
      }
      if (field.nullable) expect(items.get(gateLinkId(field.path))?.type).toBe('boolean');
    }
  });

  it.each(['checkin', 'screening'] as const)(
    '%s: every plain number has its UCUM unit, and "none of these" excludes the others',
    (kind) => {
      const items = new Map(allItems(buildQuestionnaire(kind).item).map((item) => [item.linkId, item]));
      for (const field of questionFields(kind)) {
        const item = items.get(field.path);
        if (item?.type === 'decimal') {
          // A new number field without a unit in questionnaire-fields.ts fails here.
          expect(field.unit, field.path).toBeDefined();
          expect(item.extension).toEqual([
            {
              url: QUESTIONNAIRE_UNIT_EXTENSION,
              valueCoding: { system: UCUM_SYSTEM, code: field.unit, display: expect.any(String) as unknown },
            },
          ]);
        }
        if (field.type.kind === 'enum-array') {
          const none = item?.answerOption?.at(-1);
          expect(none?.valueCoding?.code).toBe(NONE_OF_THESE);
          expect(none?.extension).toEqual([{ url: OPTION_EXCLUSIVE_EXTENSION, valueBoolean: true }]);
        }
      }
      expect(questionFields(kind).find((field) => field.path.endsWith('hoursSinceTreatment'))?.unit ?? 'h').toBe('h');
    },
  );

  it('has a narrative naming the form and its version', () => {
    expect(checkInQuestionnaire.text?.status).toBe('generated');
    expect(checkInQuestionnaire.text?.div).toMatch(
      /^<div xmlns="http:\/\/www.w3.org\/1999\/xhtml"><p>Microneedling: post-procedure check-in \(version /,
    );
  });

  it('asks follow-ups only when they apply', () => {
    const items = new Map(allItems(buildQuestionnaire('checkin').item).map((item) => [item.linkId, item]));
    expect(items.get('signs.rednessTrend')?.enableWhen).toEqual([
      { question: 'signs.redness', operator: '!=', answerCoding: { system: answerSystem('signs.redness'), code: 'none' } },
    ]);
    const screening = new Map(allItems(buildQuestionnaire('screening').item).map((item) => [item.linkId, item]));
    const clearance = screening.get('medicalClearance');
    expect(clearance?.enableBehavior).toBe('any');
    expect(clearance?.enableWhen?.map((condition) => condition.question).sort()).toEqual([
      'conditions.bleedingDisorder',
      'conditions.eczema',
      'conditions.immunosuppressed',
      'conditions.psoriasis',
      'conditions.uncontrolledDiabetes',
    ]);
    expect(screening.get('medications.retinoidDaysAgo')?.enableWhen).toEqual([
      { question: 'medications.retinoidDaysAgo.none', operator: '!=', answerBoolean: true },
    ]);
    expect(items.get('previous')?.repeats).toBe(true);
  });

  it('takes its question texts from the rule set', () => {
    const fever = allItems(buildQuestionnaire('checkin').item).find((item) => item.linkId === 'signs.fever');
    expect(fever?.text).toMatch(/fever/i);
  });
});

/** A response as a FHIR client sends it: groups nested in item.item, follow-ups under answer[].item. */
const clientResponse: fhir4.QuestionnaireResponse = {
  resourceType: 'QuestionnaireResponse',
  id: 'qr-1',
  questionnaire: `${QUESTIONNAIRE_URLS.checkin}|${builtinRuleSet.version}`,
  status: 'completed',
  authored: '2026-03-10T11:00:00Z',
  subject: { reference: 'Patient/p-1' },
  item: [
    { linkId: 'treatedAt', answer: [{ valueDateTime: '2026-03-05T11:00:00Z' }] },
    { linkId: 'assessedAt', answer: [{ valueDateTime: '2026-03-10T11:00:00Z' }] },
    {
      linkId: 'treatment',
      item: [
        {
          linkId: 'treatment.adjuncts',
          answer: [{ valueCoding: { system: answerSystem('treatment.adjuncts'), code: 'prp' } }, { valueCoding: { code: 'serum' } }],
        },
      ],
    },
    {
      linkId: 'patient',
      item: [
        { linkId: 'patient.fitzpatrick', answer: [{ valueCoding: { code: '5' } }] },
        { linkId: 'patient.history', item: [{ linkId: 'patient.history.rosacea', answer: [{ valueBoolean: false }] }] },
      ],
    },
    {
      linkId: 'signs',
      item: [
        {
          linkId: 'signs.redness',
          answer: [
            {
              valueCoding: { code: 'moderate' },
              item: [{ linkId: 'signs.rednessTrend', answer: [{ valueCoding: { code: 'worsening' } }] }],
            },
          ],
        },
        { linkId: 'signs.discharge', answer: [{ valueCoding: { code: 'purulent' } }] },
        { linkId: 'signs.fever', answer: [{ valueBoolean: true }] },
        { linkId: 'signs.chills' },
      ],
    },
    {
      linkId: 'previous',
      item: [
        { linkId: 'previous.hoursSinceTreatment', answer: [{ valueInteger: 24 }] },
        { linkId: 'previous.redness', answer: [{ valueCoding: { code: 'severe' } }] },
      ],
    },
    {
      linkId: 'previous',
      item: [
        { linkId: 'previous.hoursSinceTreatment', answer: [{ valueDecimal: 72 }] },
        { linkId: 'previous.redness', answer: [{ valueCoding: { code: 'mild' } }] },
      ],
    },
  ],
};

const AUTHORED = '2026-03-10T11:00:00Z';

/** A completed check-in response with these top-level items. */
function checkInResponse(item: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    questionnaire: QUESTIONNAIRE_URLS.checkin,
    authored: AUTHORED,
    item,
    ...extra,
  };
}

function screeningResponse(item: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    questionnaire: QUESTIONNAIRE_URLS.screening,
    authored: AUTHORED,
    item,
    ...extra,
  };
}

/** The issues of the ObservationError thrown by `run` (fails when it throws anything else or nothing). */
function issuesOf(run: () => unknown): { path: string; code: string; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ObservationError);
    return (error as ObservationError).issues.map(({ path, code, message }) => ({ path, code, message }));
  }
  throw new Error('expected an ObservationError, nothing was thrown');
}

const signs = (...items: unknown[]): Record<string, unknown> => ({ linkId: 'signs', item: items });
const fever = (value: boolean): Record<string, unknown> => ({ linkId: 'signs.fever', answer: [{ valueBoolean: value }] });

describe('fromQuestionnaireResponse', () => {
  it('maps a client response, walking item.item and answer[].item', () => {
    const { kind, input, derived, status, draft, response } = fromQuestionnaireResponse(clientResponse);
    expect([kind, status, draft, derived]).toEqual(['checkin', 'completed', false, []]);
    expect(response).toEqual({ id: 'qr-1', subject: 'Patient/p-1', authored: AUTHORED });
    expect(input).toEqual({
      treatedAt: '2026-03-05T11:00:00Z',
      assessedAt: '2026-03-10T11:00:00Z',
      treatment: { adjuncts: ['prp', 'serum'] },
      patient: { fitzpatrick: 5, history: { rosacea: false } },
      signs: { redness: 'moderate', rednessTrend: 'worsening', discharge: 'purulent', fever: true },
      previous: [
        { hoursSinceTreatment: 24, redness: 'severe' },
        { hoursSinceTreatment: 72, redness: 'mild' },
      ],
    });
  });

  it('leaves unanswered items unknown and the assessment says so', async () => {
    const { input } = fromQuestionnaireResponse(clientResponse);
    const assessment = await triage.assess(input);
    expect(assessment.level).toBe('urgent');
    expect((input['signs'] as Record<string, unknown>)['chills']).toBeUndefined();
  });

  it('maps "never" gates and numbers for a screening', async () => {
    const response = screeningResponse([
      {
        linkId: 'medications',
        item: [
          { linkId: 'medications.retinoidDaysAgo.none', answer: [{ valueBoolean: true }] },
          { linkId: 'medications.nsaidHoursAgo', answer: [{ valueDecimal: 5 }] },
        ],
      },
      { linkId: 'lastSessionWeeksAgo.none', answer: [{ valueBoolean: false }] },
      { linkId: 'lastSessionWeeksAgo', answer: [{ valueInteger: 2 }] },
      { linkId: 'conditions', item: [{ linkId: 'conditions.pregnant', answer: [{ valueBoolean: false }] }] },
    ]);
    const { kind, input } = fromQuestionnaireResponse(response);
    expect(kind).toBe('screening');
    expect(input).toEqual({
      medications: { retinoidDaysAgo: null, nsaidHoursAgo: 5 },
      lastSessionWeeksAgo: 2,
      conditions: { pregnant: false },
      screenedAt: AUTHORED,
    });
    expect((await triage.screen(input)).decision).toBe('postpone');
  });

  describe('judges the answers at the time they were given', () => {
    // At 36 h these answers are expected healing; at 72 h (when the chart is opened) they are not.
    const openedLater = createTriage({ now: () => new Date('2026-03-10T00:00:00Z') });
    const answers = allClear({ treatedAt: '2026-03-07T00:00:00Z', signs: { pain: 'moderate', warmth: 'none' } });
    const response = { ...toQuestionnaireResponse(answers, 'checkin'), authored: '2026-03-08T12:00:00Z' };

    it('uses authored as the assessment time, and says so in derived', async () => {
      const { input, derived } = fromQuestionnaireResponse(response);
      expect(input['assessedAt']).toBe('2026-03-08T12:00:00Z');
      expect(derived).toEqual([
        { path: 'assessedAt', value: '2026-03-08T12:00:00Z', from: 'authored', note: expect.stringContaining('authored time') as unknown },
      ]);
      const assessment = await openedLater.assess(input);
      expect([assessment.level, Math.round(assessment.phase?.hoursSinceTreatment ?? -1)]).toEqual(['expected', 36]);
      // The same answers judged when the chart is opened (72 h) would read differently.
      const { assessedAt: _ignored, ...withoutTime } = input;
      expect((await openedLater.assess(withoutTime)).level).toBe('monitor');
    });

    it('keeps an answered assessment time and ignores authored then', () => {
      const answered = checkInResponse([{ linkId: 'assessedAt', answer: [{ valueDateTime: '2026-03-08T10:00:00Z' }] }]);
      const { input, derived } = fromQuestionnaireResponse(answered);
      expect([input['assessedAt'], derived]).toEqual(['2026-03-08T10:00:00Z', []]);
    });

    it('uses authored as screenedAt for a screening', () => {
      const { input, derived } = fromQuestionnaireResponse(screeningResponse([]));
      expect(input).toEqual({ screenedAt: AUTHORED });
      expect(derived.map((entry) => [entry.path, entry.from])).toEqual([['screenedAt', 'authored']]);
    });

    it('rejects a response with neither, unless the caller passes a time', () => {
      const undated = checkInResponse([fever(false)], { authored: undefined });
      expect(issuesOf(() => fromQuestionnaireResponse(undated))).toEqual([
        { path: 'authored', code: 'missing_time', message: expect.stringContaining("pass the 'at' option") as unknown },
      ]);
      const dateOnly = checkInResponse([fever(false)], { authored: '2026-03-08' });
      expect(issuesOf(() => fromQuestionnaireResponse(dateOnly)).map((issue) => issue.code)).toEqual(['missing_time']);
      for (const at of ['2026-03-08T12:00:00+01:00', new Date('2026-03-08T11:00:00Z')]) {
        const { input, derived } = fromQuestionnaireResponse(undated, { at });
        expect(input['assessedAt']).toBe(typeof at === 'string' ? at : '2026-03-08T11:00:00.000Z');
        expect(derived.map((entry) => entry.from)).toEqual(['option']);
      }
      expect(fromQuestionnaireResponse(dateOnly, { at: '2026-03-08T12:00:00Z' }).derived[0]?.note).toMatch(/no time of day/);
      for (const at of ['2026-03-08', 'soon', new Date(Number.NaN)]) {
        expect(issuesOf(() => fromQuestionnaireResponse(undated, { at })).map((issue) => [issue.path, issue.code])).toEqual([
          ['at', 'invalid_time'],
        ]);
      }
    });
  });

  describe('status', () => {
    it.each(['completed', 'amended'])('reads a %s response', (status) => {
      expect(fromQuestionnaireResponse(checkInResponse([fever(true)], { status })).status).toBe(status);
    });

    it.each(['entered-in-error', 'stopped', 'in-progress', 'junk', 42, undefined])('rejects status %s', (status) => {
      const issues = issuesOf(() => fromQuestionnaireResponse(checkInResponse([fever(true)], { status })));
      expect(issues.map((issue) => [issue.path, issue.code])).toEqual([['status', 'invalid_status']]);
    });

    it('reads a draft only when asked to, and says it is one', () => {
      const draft = checkInResponse([fever(true)], { status: 'in-progress' });
      expect(issuesOf(() => fromQuestionnaireResponse(draft))[0]?.message).toMatch(/draft; pass allowDraft/);
      const read = fromQuestionnaireResponse(draft, { allowDraft: true });
      expect([read.status, read.draft, read.input['signs']]).toEqual(['in-progress', true, { fever: true }]);
      for (const status of ['entered-in-error', 'stopped']) {
        expect(() => fromQuestionnaireResponse(checkInResponse([], { status }), { allowDraft: true })).toThrow(/withdrawn or abandoned/);
      }
    });
  });

  describe('nothing silently lost', () => {
    it.each([
      ['twice in one group', [signs(fever(true), fever(false))]],
      ['in two groups', [signs(fever(true)), signs(fever(false))]],
      ['at the top level and in its group', [fever(true), signs(fever(false))]],
      ['nested under its own answer', [{ linkId: 'signs.fever', answer: [{ valueBoolean: true, item: [fever(false)] }] }]],
    ])('rejects a linkId answered %s (fever true then false is not "monitor")', (_label, items) => {
      const issues = issuesOf(() => fromQuestionnaireResponse(checkInResponse(items)));
      expect(issues.map((issue) => [issue.path, issue.code])).toContainEqual(['signs.fever', 'duplicate_answer']);
    });

    it('rejects an answer with two value[x], naming both', () => {
      const issues = issuesOf(() =>
        fromQuestionnaireResponse(checkInResponse([{ linkId: 'signs.fever', answer: [{ valueBoolean: true, valueString: 'no' }] }])),
      );
      expect(issues).toEqual([
        { path: 'signs.fever', code: 'ambiguous_answer', message: expect.stringMatching(/valueBoolean and valueString/) as unknown },
      ]);
    });

    it('rejects a "never" gate ticked together with a value, in either order; a gate left unticked keeps the value', () => {
      const gate = (value: boolean) => ({ linkId: 'medications.retinoidDaysAgo.none', answer: [{ valueBoolean: value }] });
      const days = { linkId: 'medications.retinoidDaysAgo', answer: [{ valueDecimal: 3 }] };
      for (const items of [
        [gate(true), days],
        [days, gate(true)],
      ]) {
        const issues = issuesOf(() => fromQuestionnaireResponse(screeningResponse([{ linkId: 'medications', item: items }])));
        expect(issues.map((issue) => [issue.path, issue.code])).toEqual([['medications.retinoidDaysAgo.none', 'conflicting_answers']]);
      }
      const kept = fromQuestionnaireResponse(screeningResponse([{ linkId: 'medications', item: [gate(false), days] }])).input;
      expect(kept['medications']).toEqual({ retinoidDaysAgo: 3 });
    });

    it('rejects answers on group items', () => {
      const issues = issuesOf(() =>
        fromQuestionnaireResponse(checkInResponse([{ linkId: 'signs', answer: [{ valueBoolean: true }], item: [fever(true)] }])),
      );
      expect(issues.map((issue) => [issue.path, issue.code])).toEqual([['signs', 'answer_on_group']]);
    });

    it('rejects items of the repeating group outside it, and other items inside it', () => {
      const outside = issuesOf(() =>
        fromQuestionnaireResponse(checkInResponse([{ linkId: 'previous.redness', answer: [{ valueCoding: { code: 'mild' } }] }])),
      );
      expect(outside.map((issue) => [issue.path, issue.code])).toEqual([['previous.redness', 'misplaced_item']]);
      const inside = issuesOf(() => fromQuestionnaireResponse(checkInResponse([{ linkId: 'previous', item: [fever(true)] }])));
      expect(inside.map((issue) => [issue.path, issue.code])).toEqual([['signs.fever', 'misplaced_item']]);
    });

    it.each([
      ['a top-level item that is an object', { linkId: 'signs' }, 'item'],
      ['a top-level item that is a string', 'signs.fever', 'item'],
      ['a null item entry', [null], 'item[0]'],
      ['an item entry without linkId', [{ answer: [{ valueBoolean: true }] }], 'item[0]'],
      ['a group whose item is an object', [{ linkId: 'signs', item: fever(true) }], 'signs.item'],
      ['an answer that is not a list', [{ linkId: 'signs.fever', answer: { valueBoolean: true } }], 'signs.fever'],
      ['an empty answer list', [{ linkId: 'signs.fever', answer: [] }], 'signs.fever'],
      ['a null answer', [{ linkId: 'signs.fever', answer: [null] }], 'signs.fever'],
      [
        'a null nested item',
        [{ linkId: 'signs.redness', answer: [{ valueCoding: { code: 'mild' }, item: [null] }] }],
        'signs.redness.answer[0].item[0]',
      ],
      [
        'answer items that are not a list',
        [{ linkId: 'signs.redness', answer: [{ valueCoding: { code: 'mild' }, item: 'x' }] }],
        'signs.redness.answer[0].item',
      ],
      ['a valueCoding that is not an object', [{ linkId: 'signs.redness', answer: [{ valueCoding: 'mild' }] }], 'signs.redness'],
    ])('rejects malformed structure: %s', (_label, item, path) => {
      const issues = issuesOf(() => fromQuestionnaireResponse(checkInResponse(item)));
      expect(issues.map((issue) => issue.path)).toEqual([path]);
      expect(['invalid_structure', 'invalid_answer']).toContain(issues[0]?.code);
    });

    it('rejects the same option twice and "none of these" beside another option; maps "none of these" alone to []', () => {
      const adjuncts = (...codes: string[]) => ({
        linkId: 'treatment',
        item: [
          {
            linkId: 'treatment.adjuncts',
            answer: codes.map((code) => ({ valueCoding: { system: answerSystem('treatment.adjuncts'), code } })),
          },
        ],
      });
      expect(fromQuestionnaireResponse(checkInResponse([adjuncts(NONE_OF_THESE)])).input['treatment']).toEqual({ adjuncts: [] });
      expect(issuesOf(() => fromQuestionnaireResponse(checkInResponse([adjuncts('prp', 'prp')]))).map((issue) => issue.code)).toEqual([
        'duplicate_answer',
      ]);
      expect(
        issuesOf(() => fromQuestionnaireResponse(checkInResponse([adjuncts('prp', NONE_OF_THESE)]))).map((issue) => issue.code),
      ).toEqual(['conflicting_answers']);
      const single = { linkId: 'signs', item: [{ linkId: 'signs.redness', answer: [{ valueCoding: { code: NONE_OF_THESE } }] }] };
      expect(issuesOf(() => fromQuestionnaireResponse(checkInResponse([single]))).map((issue) => issue.code)).toEqual(['invalid_answer']);
    });
  });

  describe('units', () => {
    const hours = (valueQuantity: unknown) => checkInResponse([{ linkId: 'hoursSinceTreatment', answer: [{ valueQuantity }] }]);
    const ucum = (value: number, code: string) => ({ value, system: UCUM_SYSTEM, code, unit: code });

    it.each([
      [ucum(3, 'd'), 72],
      [ucum(90, 'min'), 1.5],
      [ucum(2, 'wk'), 336],
      [ucum(36, 'h'), 36],
      [{ value: 36, unit: 'h' }, 36],
      [{ value: 2, system: UCUM_SYSTEM, code: 'd', unit: 'days' }, 48],
    ])('converts %j to hours', (quantity, expected) => {
      expect(fromQuestionnaireResponse(hours(quantity)).input['hoursSinceTreatment']).toBeCloseTo(expected, 12);
    });

    it('converts to the unit of each field (days, weeks, months, millimetres)', () => {
      const { input } = fromQuestionnaireResponse(
        screeningResponse([
          { linkId: 'medications.retinoidDaysAgo', answer: [{ valueQuantity: ucum(2, 'wk') }] },
          { linkId: 'medications.isotretinoinMonthsAgo', answer: [{ valueQuantity: ucum(1, 'a') }] },
          { linkId: 'lastSessionWeeksAgo', answer: [{ valueQuantity: ucum(21, 'd') }] },
          { linkId: 'plannedTreatment.depthMm', answer: [{ valueQuantity: ucum(0.15, 'cm') }] },
        ]),
      );
      expect(input).toMatchObject({ medications: { retinoidDaysAgo: 14, isotretinoinMonthsAgo: 12 }, lastSessionWeeksAgo: 3 });
      expect((input['plannedTreatment'] as { depthMm: number }).depthMm).toBeCloseTo(1.5, 12);
    });

    it.each([
      ['no unit', { value: 3 }, /without a unit/],
      ['a unit that is not time', ucum(3, 'kg'), /not a UCUM time unit/],
      ['a unit that is not UCUM', { value: 3, system: 'http://example.org/units', code: 'd' }, /must be a UCUM code/],
      ['a code without a system', { value: 3, code: 'd' }, /no system/],
      ['a code and a unit that disagree', { value: 3, system: UCUM_SYSTEM, code: 'h', unit: 'd' }, /disagree/],
      ['a comparator', { ...ucum(3, 'd'), comparator: '>' }, /comparator/],
      ['no value', { system: UCUM_SYSTEM, code: 'h' }, /without a value/],
    ])('rejects a quantity with %s, naming the linkId', (_label, quantity, message) => {
      expect(issuesOf(() => fromQuestionnaireResponse(hours(quantity)))).toEqual([
        { path: 'hoursSinceTreatment', code: 'invalid_answer', message: expect.stringMatching(message) as unknown },
      ]);
    });

    it('rejects a quantity for a question without a unit', () => {
      const response = checkInResponse([{ linkId: 'patient.fitzpatrick', answer: [{ valueQuantity: ucum(3, 'h') }] }]);
      expect(issuesOf(() => fromQuestionnaireResponse(response))[0]?.message).toMatch(/takes a plain number/);
    });

    it("agrees with NLM's UCUM library on every conversion it makes", () => {
      const utils = UcumLhcUtils.getInstance();
      for (const from of UCUM_CODES) {
        for (const to of UCUM_CODES) {
          const ours = convertQuantity({ value: 7, system: UCUM_SYSTEM, code: from }, to);
          const theirs = utils.convertUnitTo(from, 7, to);
          if ('error' in ours) {
            expect(theirs.status, `${from} -> ${to}`).not.toBe('succeeded');
          } else {
            expect(theirs.status, `${from} -> ${to}`).toBe('succeeded');
            expect(ours.value / (theirs.toVal ?? Number.NaN), `${from} -> ${to}`).toBeCloseTo(1, 12);
          }
        }
      }
    });
  });

  it.each([
    ['an unknown linkId', { linkId: 'signs.fevr', answer: [{ valueBoolean: true }] }, 'signs.fevr', /not a question of this questionnaire/],
    [
      'a wrong answer type',
      { linkId: 'signs.fever', answer: [{ valueString: 'yes' }] },
      'signs.fever',
      /must be a valueBoolean, got valueString/,
    ],
    [
      'a code outside the options',
      { linkId: 'signs.redness', answer: [{ valueCoding: { code: 'scarlet' } }] },
      'signs.redness',
      /has code 'scarlet'/,
    ],
    [
      'a coding from another system',
      { linkId: 'signs.redness', answer: [{ valueCoding: { system: 'http://snomed.info/sct', code: 'mild' } }] },
      'signs.redness',
      /expected 'https:/,
    ],
    [
      'two answers to a single question',
      { linkId: 'signs.fever', answer: [{ valueBoolean: true }, { valueBoolean: false }] },
      'signs.fever',
      /single answer/,
    ],
    [
      'a nested unknown item',
      { linkId: 'signs', item: [{ linkId: 'signs.mood', answer: [{ valueString: 'ok' }] }] },
      'signs.mood',
      /not a question/,
    ],
    ['an answer without a value', { linkId: 'signs.fever', answer: [{}] }, 'signs.fever', /got no value/],
  ])('rejects %s with an error naming the linkId', (_label, item, linkId, message) => {
    const [issue] = issuesOf(() => fromQuestionnaireResponse(checkInResponse([item])));
    expect(issue?.path).toBe(linkId);
    expect(issue?.message).toMatch(message);
  });

  it('rejects something that is not a QuestionnaireResponse, or an unknown questionnaire', () => {
    expect(() => fromQuestionnaireResponse({ resourceType: 'Patient' })).toThrow(/QuestionnaireResponse/);
    expect(() => fromQuestionnaireResponse(null)).toThrow(ObservationError);
    expect(() => fromQuestionnaireResponse([])).toThrow(ObservationError);
    expect(() =>
      fromQuestionnaireResponse({ resourceType: 'QuestionnaireResponse', status: 'completed', questionnaire: 'http://example.org/q' }),
    ).toThrow(/questionnaire/);
    expect(
      fromQuestionnaireResponse({ resourceType: 'QuestionnaireResponse', status: 'completed', authored: AUTHORED }, 'screening').input,
    ).toEqual({ screenedAt: AUTHORED });
    expect(issuesOf(() => fromQuestionnaireResponse(clientResponse, 'screening')).map((issue) => issue.code)).toEqual([
      'wrong_questionnaire',
    ]);
    expect(
      issuesOf(() => fromQuestionnaireResponse(checkInResponse([], { subject: 'Patient/1', id: 7 }))).map((issue) => issue.path),
    ).toEqual(['subject', 'id']);
    // Callers from plain JavaScript: a wrong kind or null options are input errors too.
    const unchecked = fromQuestionnaireResponse as (response: unknown, options: unknown) => unknown;
    const noQuestionnaire = { ...checkInResponse([]), questionnaire: undefined };
    expect(issuesOf(() => unchecked(noQuestionnaire, 'checkins')).map((issue) => [issue.path, issue.code])).toEqual([
      ['kind', 'unknown_questionnaire'],
    ]);
    expect(issuesOf(() => unchecked(noQuestionnaire, null)).map((issue) => issue.code)).toEqual(['unknown_questionnaire']);
  });

  it('round-trips through toQuestionnaireResponse: every field answered comes back as given', async () => {
    const checkIn: AssessInput = {
      hoursSinceTreatment: 36,
      assessedAt: '2026-03-10T11:00:00Z',
      treatment: { depth: 'medium', device: 'pen', site: 'face', adjuncts: [] },
      signs: { redness: 'moderate', fever: false, warmth: 'mild-local' },
      exposures: { activesResumed: ['vitamin-c'] },
      previous: [{ hoursSinceTreatment: 12, redness: 'severe' }, {}],
    };
    const response = toQuestionnaireResponse(checkIn, 'checkin', { subject: { reference: 'Patient/p-1' }, id: 'qr-9' });
    expect(response.text?.div).toContain('treatment.adjuncts: none of these');
    const { input } = fromQuestionnaireResponse(response);
    expect(input).toEqual(checkIn);
    // An empty earlier check-in comes back as given, and is refused as `{}` is: it cannot be placed in time.
    await expect(triage.assess(input)).rejects.toMatchObject({
      issues: [
        { path: 'previous.1', code: 'required' },
        { path: 'previous.1', code: 'missing_time' },
      ],
    });
    const placed = { ...checkIn, previous: checkIn.previous?.slice(0, 1) };
    expect(fromQuestionnaireResponse(toQuestionnaireResponse(placed, 'checkin')).input).toEqual(placed);
    expect((await triage.assess(fromQuestionnaireResponse(toQuestionnaireResponse(placed, 'checkin')).input)).level).toBe(
      (await triage.assess(placed)).level,
    );
    expect(() => toQuestionnaireResponse({ signs: { fevr: true } }, 'checkin')).toThrow(ObservationError);
  });
});

describe('CDS Hooks cards', () => {
  it('an urgent assessment gives one critical card with reasons, open questions, override reasons and the rule set version', async () => {
    const assessment = await triage.assess(fromQuestionnaireResponse(clientResponse).input);
    const [card, ...rest] = toCdsHooksCards(assessment, { sourceUrl: 'https://clinic.example/rules' });
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe('critical');
    expect(card?.summary.length).toBeLessThan(140);
    expect(card?.summary).toMatch(/^Urgent care now: /);
    expect(card?.detail).toContain('infection-vs-normal.systemic.fever-or-chills');
    expect(card?.detail).toContain('What Microneedling Redness Means And When It’s Abnormal §');
    expect(card?.detail).toContain('_Decision support, not a diagnosis._');
    expect(card?.source).toEqual({
      label: `microneedling-triage (rules microneedling-triage ${triage.ruleSet.version})`,
      url: 'https://clinic.example/rules',
      topic: expect.objectContaining({ code: 'urgent' }) as unknown,
    });
    expect(card?.overrideReasons).toEqual(OVERRIDE_REASONS);
    expect(card?.overrideReasons?.every((reason) => reason.display !== undefined && reason.system === OVERRIDE_REASON_SYSTEM)).toBe(true);
    expect(card?.suggestions).toBeUndefined();
    expect(card?.selectionBehavior).toBeUndefined();
    expect(card?.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(toCdsHooksCards(assessment, { sourceUrl: 'https://clinic.example/rules' })[0]?.uuid).toBe(card?.uuid);
    expect(toCdsHooksCards(assessment, { instance: 'hook-1' })[0]?.uuid).not.toBe(
      toCdsHooksCards(assessment, { instance: 'hook-2' })[0]?.uuid,
    );
  });

  it('names sources by their title when the rules give one', async () => {
    const assessment = await triage.assess({ hoursSinceTreatment: 30, signs: { fever: true } });
    const titled = {
      ...assessment,
      reasons: assessment.reasons.map((reason) => ({
        ...reason,
        sources: reason.sources.map((ref) => ({ ...ref, title: 'Redness *after* microneedling' })),
      })),
    };
    const detail = toCdsHooksCards(titled)[0]?.detail ?? '';
    expect(detail).toContain('Redness \\*after\\* microneedling §');
    expect(detail).not.toContain('.txt §');
  });

  it('carries links and suggestions (with selectionBehavior) when given; override reasons can be replaced or left out', async () => {
    const assessment = await triage.assess({ hoursSinceTreatment: 30, signs: { discharge: 'purulent' } });
    const links = [
      { label: 'Open the check-in', url: 'https://ehr.example/fhir/QuestionnaireResponse/1', type: 'absolute' as const },
      { label: 'Triage app', url: 'https://app.example/launch', type: 'smart' as const, appContext: '{"qr":"1"}' },
    ];
    const suggestions = [
      {
        label: 'Create a task',
        uuid: 's-1',
        actions: [{ type: 'create' as const, description: 'Task', resource: { resourceType: 'Task' } }],
      },
    ];
    const [card] = toCdsHooksCards(assessment, { links, suggestions });
    expect(card?.indicator).toBe('warning');
    expect([card?.links, card?.suggestions, card?.selectionBehavior, card?.overrideReasons]).toEqual([
      links,
      suggestions,
      'at-most-one',
      undefined,
    ]);
    const reasons = [{ system: 'https://clinic.example/reasons', code: 'x', display: 'X' }];
    expect(toCdsHooksCards(assessment, { overrideReasons: reasons })[0]?.overrideReasons).toEqual(reasons);
    const urgent = await triage.assess({ hoursSinceTreatment: 30, signs: { fever: true } });
    expect(toCdsHooksCards(urgent, { overrideReasons: [] })[0]?.overrideReasons).toBeUndefined();
    const noted = toCdsHooksCards(urgent, { notes: ['assessedAt is the authored time'] })[0]?.detail ?? '';
    expect(noted.endsWith('**About this result**\n\n- assessedAt is the authored time\n\n_Decision support, not a diagnosis._')).toBe(true);
  });

  it.each<[AssessInput, string]>([
    [{ hoursSinceTreatment: 30, signs: { redness: 'mild' } }, 'info'],
    [{ hoursSinceTreatment: 30, signs: { discharge: 'purulent' } }, 'warning'],
  ])('maps levels to indicators', async (input, indicator) => {
    const [card] = toCdsHooksCards(await triage.assess(input));
    expect(card?.indicator).toBe(indicator);
    expect(card?.detail).toContain('**Still to ask**');
  });

  it.each<[ScreenInput, string, RegExp]>([
    [{ conditions: { pregnant: true } }, 'warning', /^Postpone treatment: /],
    [{ conditions: { keloidHistory: true }, plannedTreatment: { depth: 'deep' } }, 'critical', /^Contraindicated: /],
  ])('maps screening decisions to indicators', async (input, indicator, summary) => {
    const [card] = toCdsHooksCards(await triage.screen(input));
    expect(card?.indicator).toBe(indicator);
    expect(card?.summary).toMatch(summary);
  });

  it('keeps long summaries under 140 characters', async () => {
    const assessment = await triage.assess({ hoursSinceTreatment: 30, signs: { swelling: 'severe' } });
    const long = {
      ...assessment,
      reasons: assessment.reasons.map((reason) => ({ ...reason, message: { ...reason.message, clinician: 'x'.repeat(300) } })),
    };
    expect(toCdsHooksCards(long)[0]?.summary.length).toBe(139);
  });
});

describe('RiskAssessment', () => {
  const subject = { reference: 'Patient/p-1' };
  const basis = { reference: 'QuestionnaireResponse/qr-1' };

  it('records the assessment based on the response, with a narrative', async () => {
    const assessment = await triage.assess(fromQuestionnaireResponse(clientResponse).input);
    const risk: fhir4.RiskAssessment = toRiskAssessment(assessment, { basis, subject });
    expect(risk.basis).toEqual([basis]);
    expect(risk.subject).toEqual(subject);
    expect(risk.status).toBe('final');
    expect(risk.prediction?.[0]?.outcome?.text).toBe('infection');
    expect(risk.prediction?.[0]?.outcome?.coding).toEqual([{ system: CAUSE_SYSTEM, code: 'infection', display: 'Infection' }]);
    expect(risk.prediction?.[0]?.qualitativeRisk?.coding?.[0]?.code).toBe('urgent');
    expect(risk.prediction?.at(-1)).toEqual({
      outcome: { text: OVERALL_OUTCOME },
      qualitativeRisk: { coding: [{ system: LEVEL_SYSTEM, code: 'urgent', display: 'Urgent care now' }], text: 'urgent' },
    });
    expect(risk.method?.text).toContain(triage.ruleSet.hash);
    expect(risk.occurrenceDateTime).toBe('2026-03-10T11:00:00Z');
    expect(risk.text?.div).toContain('Urgent care now (urgent)');
  });

  it("gives each prediction its own cause's level, with the risk-probability code beside it", async () => {
    // Contact dermatitis beside an urgent infection: each keeps its level.
    const assessment = await triage.assess({
      hoursSinceTreatment: 240,
      signs: { fever: true, itch: 'intense', redness: 'moderate' },
      exposures: { newProductApplied: true },
    });
    const levels = new Map(assessment.causes.map((cause) => [cause.id, cause.level]));
    expect(new Set(levels.values()).size).toBeGreaterThan(1);
    const risk = toRiskAssessment(assessment, { subject });
    const predicted = (risk.prediction ?? []).slice(0, -1);
    expect(predicted.map((entry) => [entry.outcome?.text, entry.qualitativeRisk?.coding?.[0]?.code])).toEqual(
      assessment.causes.map((cause) => [cause.id, cause.level]),
    );
    const probability = { monitor: 'low', 'contact-provider': 'moderate', urgent: 'high' } as Record<string, string | undefined>;
    for (const entry of predicted) {
      const expectedCode = entry.outcome?.text === 'normal-healing' ? undefined : probability[entry.qualitativeRisk?.text ?? ''];
      const standard = entry.qualitativeRisk?.coding?.find((code) => code.system === RISK_PROBABILITY_SYSTEM);
      expect(standard?.code, entry.outcome?.text).toBe(expectedCode);
    }
    expect(risk.prediction?.at(-1)?.qualitativeRisk?.coding?.some((code) => code.system === RISK_PROBABILITY_SYSTEM)).toBe(false);
  });

  it('has an id unique per subject and response, stable for the same ones, and none without a subject', async () => {
    const assessment = await triage.assess({ hoursSinceTreatment: 30, signs: { fever: true } });
    const id = (options: Parameters<typeof toRiskAssessment>[1]) => toRiskAssessment(assessment, options).id;
    const ids = [
      id({ subject, basis }),
      id({ subject: { reference: 'Patient/p-2' }, basis }),
      id({ subject, basis: { reference: 'QuestionnaireResponse/qr-2' } }),
      id({ subject: { identifier: { system: 'urn:mrn', value: '7' } } }),
    ];
    expect(new Set(ids).size).toBe(4);
    expect(ids.every((value) => typeof value === 'string')).toBe(true);
    expect(id({ subject, basis })).toBe(ids[0]);
    expect(id({})).toBeUndefined();
    expect(id({ subject: { display: 'Someone' } })).toBeUndefined();
    expect(id({ subject, id: 'chosen' })).toBe('chosen');
  });
});

describe('care-team alerts', () => {
  const options = {
    subject: { reference: 'Patient/p-1' },
    practitioner: { reference: 'Practitioner/dr-1' },
    basis: { reference: 'QuestionnaireResponse/qr-1' },
  };

  it.each<[AssessInput, string, string]>([
    [{ hoursSinceTreatment: 30, signs: { fever: true } }, 'urgent', 'stat'],
    [{ hoursSinceTreatment: 30, signs: { discharge: 'purulent' } }, 'contact-provider', 'urgent'],
  ])('a Flag and a Task (or a Communication) for the treating practitioner: %j', async (input, level, priority) => {
    const assessment = await triage.assess(input);
    expect([assessment.level, needsCareTeam(assessment)]).toEqual([level, true]);
    const flag: fhir4.Flag = toFlag(assessment, options);
    const task: fhir4.Task = toTask(assessment, options);
    const communication: fhir4.Communication = toCommunication(assessment, options);
    expect(flag).toMatchObject({ status: 'active', subject: options.subject, code: { coding: [{ system: LEVEL_SYSTEM, code: level }] } });
    expect(task).toMatchObject({
      status: 'requested',
      intent: 'order',
      priority,
      for: options.subject,
      owner: options.practitioner,
      focus: options.basis,
    });
    expect(communication).toMatchObject({ status: 'completed', priority, recipient: [options.practitioner], about: [options.basis] });
    for (const resource of [flag, task, communication])
      expect(resource.text?.div).toContain(assessment.reasons[0]?.message.clinician.slice(0, 20));
    const bundle = toCareTeamBundle(assessment, options);
    expect(
      bundle?.entry.map((entry) => [
        entry.resource.resourceType,
        entry.request.method,
        entry.request.ifNoneExist?.startsWith('identifier='),
      ]),
    ).toEqual([
      ['Flag', 'POST', true],
      ['Task', 'POST', true],
    ]);
    expect(toCareTeamBundle(assessment, { ...options, use: 'communication' })?.entry[1]?.resource.resourceType).toBe('Communication');
    expect(toCareTeamBundle(assessment, options)).toEqual(bundle);
    expect(toCareTeamBundle(assessment, { ...options, subject: { reference: 'Patient/p-2' } })?.entry[0]?.fullUrl).not.toBe(
      bundle?.entry[0]?.fullUrl,
    );
  });

  it.each<[AssessInput]>([
    [{ hoursSinceTreatment: 30, signs: { redness: 'mild' } }],
    [{ hoursSinceTreatment: 30, signs: { redness: 'mild', fever: false, chills: false } }],
  ])('nothing below contact-provider', async (input) => {
    const assessment = await triage.assess(input);
    expect(['expected', 'monitor']).toContain(assessment.level);
    expect([needsCareTeam(assessment), toCareTeamBundle(assessment, options)]).toEqual([false, undefined]);
  });
});

describe('the shipped code systems', () => {
  it('list every level, decision, cause and override reason, in order', () => {
    const [levels, decisions, causes, reasons] = contractCodeSystems();
    expect(levels?.concept?.map((concept) => concept.code)).toEqual([...LEVELS]);
    expect(decisions?.concept?.map((concept) => concept.code)).toEqual([...DECISIONS]);
    expect(causes?.concept?.map((concept) => concept.code)).toEqual([...CAUSE_IDS]);
    expect(reasons?.concept?.map((concept) => concept.code)).toEqual(OVERRIDE_REASONS.map((reason) => reason.code));
    expect([levels?.url, decisions?.url, causes?.url, reasons?.url]).toEqual([
      LEVEL_SYSTEM,
      DECISION_SYSTEM,
      CAUSE_SYSTEM,
      OVERRIDE_REASON_SYSTEM,
    ]);
  });

  it.each(['checkin', 'screening'] as const)('%s: one answer code system per coded question, with its options', (kind) => {
    const systems = new Map(answerCodeSystems(kind).map((system) => [system.url, system]));
    for (const item of allItems(buildQuestionnaire(kind).item)) {
      if (item.answerOption === undefined) continue;
      const codes = systems.get(answerSystem(item.linkId))?.concept?.map((concept) => concept.code);
      expect(codes, item.linkId).toEqual(item.answerOption.map((option) => option.valueCoding?.code));
    }
  });
});
