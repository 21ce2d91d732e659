// @types/fhir declares the fhir4 namespace globally, and tsconfig's `types` does not load it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../node_modules/@types/fhir/r4.d.ts" />
import { describe, expect, it } from 'vitest';
import { createTriage, ObservationError } from 'microneedling-triage';
import {
  answerSystem,
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
        expect(item?.answerOption?.map((option) => option.valueCoding?.code)).toEqual(field.type.values);
        expect(item?.answerOption?.every((option) => option.valueCoding?.system === answerSystem(field.path))).toBe(true);
        expect(item?.repeats === true).toBe(field.type.kind === 'enum-array');
      }
      if (field.nullable) expect(items.get(gateLinkId(field.path))?.type).toBe('boolean');
    }
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
  questionnaire: `${QUESTIONNAIRE_URLS.checkin}|1.0.0`,
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

describe('fromQuestionnaireResponse', () => {
  it('maps a client response, walking item.item and answer[].item', () => {
    const { kind, input } = fromQuestionnaireResponse(clientResponse);
    expect(kind).toBe('checkin');
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
    const response = {
      resourceType: 'QuestionnaireResponse',
      questionnaire: QUESTIONNAIRE_URLS.screening,
      status: 'completed',
      item: [
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
      ],
    };
    const { kind, input } = fromQuestionnaireResponse(response);
    expect(kind).toBe('screening');
    expect(input).toEqual({
      medications: { retinoidDaysAgo: null, nsaidHoursAgo: 5 },
      lastSessionWeeksAgo: 2,
      conditions: { pregnant: false },
    });
    expect((await triage.screen(input)).decision).toBe('postpone');
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
  ])('rejects %s with an error naming the linkId', (_label, item, linkId, message) => {
    let error: unknown;
    try {
      fromQuestionnaireResponse({
        resourceType: 'QuestionnaireResponse',
        status: 'completed',
        questionnaire: QUESTIONNAIRE_URLS.checkin,
        item: [item],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ObservationError);
    const issue = (error as ObservationError).issues[0];
    expect(issue?.path).toBe(linkId);
    expect(issue?.message).toMatch(message);
  });

  it('rejects something that is not a QuestionnaireResponse, or an unknown questionnaire', () => {
    expect(() => fromQuestionnaireResponse({ resourceType: 'Patient' })).toThrow(/QuestionnaireResponse/);
    expect(() => fromQuestionnaireResponse(null)).toThrow(ObservationError);
    expect(() =>
      fromQuestionnaireResponse({ resourceType: 'QuestionnaireResponse', status: 'completed', questionnaire: 'http://example.org/q' }),
    ).toThrow(/questionnaire/);
    expect(fromQuestionnaireResponse({ resourceType: 'QuestionnaireResponse', status: 'completed' }, 'screening').input).toEqual({});
  });

  it('round-trips: every field answered through the questionnaire comes back as given', async () => {
    const checkIn = JSON.parse(
      JSON.stringify({
        hoursSinceTreatment: 36,
        treatment: { depth: 'medium', device: 'pen', site: 'face' },
        signs: { redness: 'moderate', fever: false, warmth: 'mild-local' },
        exposures: { activesResumed: ['vitamin-c'] },
      }),
    ) as Record<string, unknown>;
    const response = responseFor(checkIn);
    const { input } = fromQuestionnaireResponse(response, 'checkin');
    expect(input).toEqual(checkIn);
    expect((await triage.assess(input)).level).toBe((await triage.assess(checkIn)).level);
  });
});

describe('CDS Hooks cards and RiskAssessment', () => {
  it('an urgent assessment gives one critical card with reasons, open questions and the rule set version', async () => {
    const assessment = await triage.assess(fromQuestionnaireResponse(clientResponse).input);
    const [card, ...rest] = toCdsHooksCards(assessment, { sourceUrl: 'https://clinic.example/rules' });
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe('critical');
    expect(card?.summary.length).toBeLessThan(140);
    expect(card?.summary).toMatch(/^Urgent care now: /);
    expect(card?.detail).toContain('infection-vs-normal.systemic.fever-or-chills');
    expect(card?.detail).toContain('000_0b1d4838d8cb8315.txt §');
    expect(card?.detail).toContain('_Decision support, not a diagnosis._');
    expect(card?.source).toEqual({
      label: `microneedling-triage (rules microneedling-triage ${triage.ruleSet.version})`,
      url: 'https://clinic.example/rules',
      topic: expect.objectContaining({ code: 'urgent' }) as unknown,
    });
    expect(card?.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(toCdsHooksCards(assessment, { sourceUrl: 'https://clinic.example/rules' })[0]?.uuid).toBe(card?.uuid);
    expect(toCdsHooksCards(assessment, { instance: 'hook-1' })[0]?.uuid).not.toBe(
      toCdsHooksCards(assessment, { instance: 'hook-2' })[0]?.uuid,
    );
  });

  it.each([
    [{ hoursSinceTreatment: 30, signs: { redness: 'mild' } }, 'info'],
    [{ hoursSinceTreatment: 30, signs: { discharge: 'purulent' } }, 'warning'],
  ])('maps levels to indicators', async (input, indicator) => {
    const [card] = toCdsHooksCards(await triage.assess(input));
    expect(card?.indicator).toBe(indicator);
    expect(card?.detail).toContain('**Still to ask**');
  });

  it.each([
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

  it('records the assessment as a RiskAssessment based on the response', async () => {
    const assessment = await triage.assess(fromQuestionnaireResponse(clientResponse).input);
    const risk: fhir4.RiskAssessment = toRiskAssessment(assessment, {
      basis: { reference: 'QuestionnaireResponse/qr-1' },
      subject: { reference: 'Patient/p-1' },
    });
    expect(risk.basis).toEqual([{ reference: 'QuestionnaireResponse/qr-1' }]);
    expect(risk.subject).toEqual({ reference: 'Patient/p-1' });
    expect(risk.status).toBe('final');
    expect(risk.prediction?.[0]?.outcome?.text).toBe('infection');
    expect(risk.prediction?.[0]?.qualitativeRisk?.coding?.[0]?.code).toBe('urgent');
    expect(risk.method?.text).toContain(triage.ruleSet.hash);
    expect(risk.occurrenceDateTime).toBe('2026-03-10T11:00:00Z');
  });
});

/** A QuestionnaireResponse answering the given (flat or nested) check-in, items flat under their group. */
function responseFor(input: Record<string, unknown>, prefix = ''): fhir4.QuestionnaireResponse {
  const items = (value: Record<string, unknown>, base: string): fhir4.QuestionnaireResponseItem[] =>
    Object.entries(value).map(([key, item]) => {
      const linkId = base === '' ? key : `${base}.${key}`;
      if (item !== null && typeof item === 'object' && !Array.isArray(item))
        return { linkId, item: items(item as Record<string, unknown>, linkId) };
      const answers = (Array.isArray(item) ? item : [item]).map((entry): fhir4.QuestionnaireResponseItemAnswer => {
        if (typeof entry === 'boolean') return { valueBoolean: entry };
        if (typeof entry === 'number') return { valueDecimal: entry };
        return { valueCoding: { code: String(entry) } };
      });
      return { linkId, answer: answers };
    });
  return { resourceType: 'QuestionnaireResponse', status: 'completed', item: items(input, prefix) };
}
