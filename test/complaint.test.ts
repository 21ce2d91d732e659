import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRuleSet, createTriage, isObservationError, validateRuleSet, type RuleSetSource } from '../src/index.js';
import { valueAt, withValueAt } from '../src/input/dotted-path.js';
import type { Question } from '../src/rules/rule-set-schema.js';
import { buildQuestionnaire } from '../src/fhir/index.js';
import type { QuestionnaireItem } from '../src/fhir/fhir-types.js';
import { fullCheckInArbitrary, plausibleCheckInArbitrary, sparseCheckInArbitrary } from './support/arbitraries.js';
import { cloneJson } from './support/rule-sets.js';
import { untyped } from './support/untyped.js';

/*
 * The complaint first (issue 21): the first screen asks what brought the person. Every answer of
 * it is used as given: the signs it reports lead the interview and are asked without their
 * "absent" answer; a check-in that reports a sign and answers it absent is refused (naming both
 * fields); the clinician summary says it first; and it never moves a result (no rule reads it).
 * The reports are data (`reports` on the question), so the tests take them from the rules.
 */

const RUNS = Math.max(50, Math.round(Number(process.env['FC_RUNS'] ?? 2000) / 10));
const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
type Json = Record<string, unknown>;
const questions = Object.values(builtinRuleSet.files as Record<string, { kind?: string; input?: string; questions?: Question[] }>)
  .filter((file) => file.kind === 'questions' && (file.input ?? 'checkin') === 'checkin')
  .flatMap((file) => file.questions ?? []);
const LEAD = questions.find((question) => question.reports !== undefined);
if (LEAD === undefined) throw new Error('no question of what brought the person');
const FIELD = LEAD.field ?? LEAD.fact;
const REPORTS = Object.entries(LEAD.reports ?? {}).map(([value, sign]) => {
  const role = questions.find((question) => question.fact === sign)?.role;
  const absent = typeof role === 'object' && Array.isArray(role.concern) ? [role.concern[0]].flat() : [];
  return { value, sign, absent };
});
const VALUES = Object.keys(LEAD.answers ?? {});

async function outcome(input: unknown): Promise<unknown> {
  try {
    const result = await triage.assess(untyped(input));
    return {
      level: result.level,
      reasons: result.reasons.map((reason) => reason.ruleId),
      missing: result.missing.map((entry) => entry.field),
      patient: result.patient,
    };
  } catch (error) {
    if (isObservationError(error)) return { refused: error.issues.map((issue) => `${issue.path} ${issue.code}`).sort() };
    throw error;
  }
}

/** The answers that a complaint of `values` does not contradict: each reported sign answered absent is left unanswered. */
function consistent(answers: unknown, values: readonly string[]): unknown {
  return REPORTS.filter((entry) => values.includes(entry.value) && entry.absent.includes(valueAt(answers, entry.sign) as string)).reduce(
    (input, entry) => withValueAt(input, entry.sign, undefined),
    answers,
  );
}

describe('the complaint first', () => {
  it('the built-in rules ask what brought the person, and report redness, pain, swelling and discharge', () => {
    expect(FIELD).toBe('complaint');
    expect(REPORTS.map((entry) => `${entry.value} -> ${entry.sign}`).sort()).toEqual([
      'discharge -> signs.discharge',
      'pain -> signs.pain',
      'redness -> signs.redness',
      'swelling -> signs.swelling',
    ]);
    for (const entry of REPORTS) expect(entry.absent.length, entry.sign).toBeGreaterThan(0);
  });

  it('refuses every reported sign answered absent, naming both fields', async () => {
    for (const { value, sign, absent } of REPORTS) {
      for (const answer of absent) {
        const input = withValueAt({ hoursSinceTreatment: 30, [FIELD]: [value] }, sign, answer);
        expect(await outcome(input), `${value} with ${sign} ${String(answer)}`).toEqual({
          refused: [`${FIELD} inconsistent_answer`, `${sign} inconsistent_answer`],
        });
      }
    }
  });

  it(`never moves a result: any consistent complaint gives what the same answers give without one (${String(RUNS * 3)} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(plausibleCheckInArbitrary, fullCheckInArbitrary, sparseCheckInArbitrary),
        fc.subarray(VALUES),
        async (generated, values) => {
          const answers = consistent(generated, values);
          const with_ = await outcome(withValueAt(answers, FIELD, values));
          expect(with_).toEqual(await outcome(answers));
        },
      ),
      { numRuns: RUNS * 3 },
    );
  });

  it('still refuses when a later questions file rewords a reported sign without repeating its role', async () => {
    const [first] = REPORTS;
    if (first === undefined) throw new Error('no reported sign');
    const reworded = createTriage({
      ruleSet: {
        ...builtinRuleSet,
        files: {
          ...builtinRuleSet.files,
          'reworded.json': {
            id: 'reworded',
            version: '1.0.0',
            kind: 'questions',
            title: 'x',
            questions: [{ fact: first.sign, patient: 'x?', clinician: 'x?' }],
          },
        },
      },
    });
    const input = withValueAt({ hoursSinceTreatment: 30, [FIELD]: [first.value] }, first.sign, first.absent[0]);
    await expect(reworded.assess(untyped(input))).rejects.toMatchObject({ issues: [{ path: FIELD }, { path: first.sign }] });
  });

  it('the clinician summary lists it first among what the person reported', async () => {
    const result = await triage.assess({
      hoursSinceTreatment: 30,
      complaint: ['pain', 'other'],
      signs: { pain: 'moderate', fever: false },
    });
    expect(result.clinician.reported[0]).toMatchObject({ field: FIELD, answer: ['other', 'pain'] });
    expect(result.clinician.reported[0]?.text).toBe('Presenting complaint: other, pain');
  });

  it('leads an interview: the first screen, then the time, the warning signs, and the screens of what was reported before the rest', async () => {
    const first = await triage.interview({});
    expect(first.screens[0]).toMatchObject({ kind: 'question', fields: [FIELD] });
    expect(first.next[0]?.field).toBe(FIELD);
    expect(first.screens[0]?.kind === 'question' && first.screens[0].question.answer).toMatchObject({ type: 'choice', multiple: true });
    expect(first.screens[1]?.fields).toEqual(['hoursSinceTreatment']);
    // Only the warning signs (screens that could lead to urgent) come before a reported sign.
    for (const { value, sign } of REPORTS) {
      const step = await triage.interview(untyped({ [FIELD]: [value], hoursSinceTreatment: 30 }));
      const at = step.screens.findIndex((screen) => screen.fields.includes(sign));
      expect(at, value).toBeGreaterThanOrEqual(0);
      for (const screen of step.screens.slice(0, at)) {
        const items = screen.kind === 'question' ? [screen.question] : screen.items;
        expect(
          items.some((item) => item.why.couldRaiseTo === 'urgent'),
          `${value}: ${screen.fields.join()}`,
        ).toBe(true);
      }
      expect(step.screens.slice(at + 1).some((screen) => screen.fields.length > 0)).toBe(true);
    }
    // "I don't know" lets the interview go on without it.
    const unknown = await triage.interview({}, { unknown: [FIELD] });
    expect(unknown.next.map((question) => question.field)).not.toContain(FIELD);
    expect(unknown.screens[0]?.fields).toEqual(['hoursSinceTreatment']);
  });

  it('asks a reported sign without its answers that say it is absent', async () => {
    for (const { value, sign, absent } of REPORTS) {
      const step = await triage.interview(untyped({ [FIELD]: [value], hoursSinceTreatment: 30 }));
      const question = step.next.find((entry) => entry.field === sign);
      expect(question, sign).toBeDefined();
      const answer = question?.answer;
      if (answer?.type !== 'choice') throw new Error(`${sign} is not a choice`);
      for (const option of absent) {
        expect(answer.options, sign).not.toContain(option);
        expect(Object.keys(answer.labels ?? {}), sign).not.toContain(String(option));
      }
      expect(answer.options.length, sign).toBeGreaterThan(0);
    }
  });

  it('is not asked once nothing is left to ask (an urgent answer ends the interview)', async () => {
    const step = await triage.interview({ signs: { fever: true, redStreaks: true } });
    expect(step.done).toBe(true);
    expect(step.next).toEqual([]);
  });

  it('the FHIR Questionnaire asks it first, as a list to choose from', () => {
    const items = (list: readonly QuestionnaireItem[]): QuestionnaireItem[] => list.flatMap((item) => [item, ...items(item.item ?? [])]);
    const all = items(buildQuestionnaire('checkin').item ?? []).filter((item) => item.type !== 'group' && item.type !== 'display');
    expect(all[0]?.linkId).toBe(FIELD);
    expect(all[0]?.repeats).toBe(true);
  });

  it('invalid-report: an answer the question cannot take, a sign that is not a question, a sign with no order of concern', () => {
    const withReports = (reports: Json): RuleSetSource => {
      const file = cloneJson(builtinRuleSet.files['questions.json']) as { questions: Json[] };
      const lead = file.questions.find((question) => question['fact'] === FIELD);
      if (lead === undefined) throw new Error('no lead question');
      lead['reports'] = reports;
      return { ...builtinRuleSet, files: { ...builtinRuleSet.files, 'questions.json': file } };
    };
    const codes = (source: RuleSetSource): string[] => validateRuleSet(source).diagnostics.map((diagnostic) => diagnostic.code);
    expect(codes(builtinRuleSet)).not.toContain('invalid-report');
    for (const reports of [
      { itch: 'signs.itch' },
      { pain: 'signs.nothing' },
      { pain: 'hoursSinceTreatment' },
      { pain: 'treatment.device' },
      // Outside attack: a yes/no sign (the report would answer it), a gated sign (another answer could make it absent).
      { other: 'signs.fever' },
      { swelling: 'signs.swellingWidespread' },
    ])
      expect(codes(withReports(reports)), JSON.stringify(reports)).toContain('invalid-report');
  });

  it('invalid-report: the question in a group, or reports on a screening question (outside attack)', () => {
    const file = cloneJson(builtinRuleSet.files['questions.json']) as { questions: Json[] };
    const lead = file.questions.find((question) => question['fact'] === FIELD);
    if (lead === undefined) throw new Error('no lead question');
    lead['group'] = 'skin-now';
    const grouped = { ...builtinRuleSet, files: { ...builtinRuleSet.files, 'questions.json': file } };
    expect(validateRuleSet(grouped).diagnostics.map((diagnostic) => diagnostic.code)).toContain('invalid-report');
    const screening = cloneJson(builtinRuleSet.files['screening-questions.json']) as { questions: Json[] };
    const depth = screening.questions.find((question) => question['fact'] === 'plannedTreatment.depth');
    if (depth === undefined) throw new Error('no planned depth question');
    depth['reports'] = { deep: 'conditions.pregnant' };
    const onScreening = { ...builtinRuleSet, files: { ...builtinRuleSet.files, 'screening-questions.json': screening } };
    expect(validateRuleSet(onScreening).diagnostics.map((diagnostic) => diagnostic.code)).toContain('invalid-report');
  });

  it('a later file that rewords the question keeps its reports (outside attack)', async () => {
    const reworded = createTriage({
      ruleSet: {
        ...builtinRuleSet,
        files: {
          ...builtinRuleSet.files,
          'reworded.json': {
            id: 'reworded',
            version: '1.0.0',
            kind: 'questions',
            title: 'x',
            questions: [{ fact: FIELD, patient: 'Why today?', clinician: 'CC?' }],
          },
        },
      },
    });
    await expect(reworded.assess({ hoursSinceTreatment: 30, complaint: ['pain'], signs: { pain: 'none' } })).rejects.toMatchObject({
      issues: [{ path: FIELD }, { path: 'signs.pain' }],
    });
    expect((await reworded.interview({})).screens[0]?.fields).toEqual([FIELD]);
  });

  it('leads once, even when a rule of a layer reads it (outside attack)', async () => {
    const file = cloneJson(builtinRuleSet.files['questions.json']) as { questions: Json[] };
    const lead = file.questions.find((question) => question['fact'] === FIELD);
    if (lead === undefined) throw new Error('no lead question');
    lead['role'] = { concern: 'more' };
    const layered = createTriage({
      ruleSet: {
        ...builtinRuleSet,
        files: {
          ...builtinRuleSet.files,
          'questions.json': file,
          'complaint-rule.json': {
            id: 'complaint-rule',
            version: '1.0.0',
            kind: 'assessment',
            title: 'x',
            rules: [
              {
                id: 'clinic.pain-reported',
                description: 'Pain brought the person: the clinic calls back.',
                conditions: { all: [{ fact: FIELD, operator: 'contains', value: 'pain' }] },
                event: {
                  type: 'assessment',
                  params: { level: 'contact-provider', message: { patient: 'Call us today.', clinician: 'Pain reported.' } },
                },
                sources: [{ document: '000_0b1d4838d8cb8315.txt', section: 'Red flags for abnormal redness' }],
              },
            ],
          },
        },
      },
    });
    const step = await layered.interview({ hoursSinceTreatment: 30 });
    const fields = step.next.map((question) => question.field);
    expect(fields.filter((field) => field === FIELD)).toHaveLength(1);
    expect(fields[0]).toBe(FIELD);
    expect(step.screens.flatMap((screen) => screen.fields).filter((field) => field === FIELD)).toHaveLength(1);
  });

  it('comes first also when earlier check-ins need the time to be placed; the date when the hours are not known (outside attack)', async () => {
    const start = {
      assessedAt: '2026-03-10T12:00:00.000Z',
      previous: [
        { assessedAt: '2026-03-09T12:00:00.000Z', redness: 'severe' },
        { hoursSinceTreatment: 30, pain: 'mild' },
      ],
    };
    const step = await triage.interview(untyped(start));
    expect(step.screens.map((screen) => screen.fields)).toEqual([[FIELD], ['hoursSinceTreatment']]);
    const dated = await triage.interview(untyped(start), { unknown: [FIELD, 'hoursSinceTreatment'] });
    expect(dated.screens.map((screen) => screen.fields)).toEqual([['treatedAt']]);
  });
});
