import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTriage, validateRuleSet, builtinRuleSet } from '../src/index.js';
import { allClear } from './support/all-clear.js';
import { plausibleCandidateArbitrary, plausibleCheckInArbitrary } from './support/arbitraries.js';
import { valueAt, withValueAt } from '../src/input/dotted-path.js';
import { untyped } from './support/untyped.js';

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
const RUNS = Math.max(20, Math.round(Number(process.env['FC_RUNS'] ?? 2000) / 80));

interface Shown {
  readonly field: string;
  readonly patient: string;
  readonly clinician: string;
}

/**
 * Every question an interview shows, answered as a person who knows `answers` but says "I don't
 * know" to the fields in `dontKnow` (and to any field they have no answer for): "I don't know"
 * makes the interview reach for the other inputs of a fact (a date for the hours, the needle
 * length for the depth), and every question the person answers opens the ones after it.
 */
async function shownQuestions(kind: 'checkin' | 'screening', answers: unknown, dontKnow: (field: string) => boolean): Promise<Shown[]> {
  let partial: unknown = {};
  const unknown: string[] = [];
  const shown: Shown[] = [];
  for (let steps = 0; steps < 200; steps += 1) {
    const step =
      kind === 'checkin'
        ? await triage.interview(untyped(partial), { unknown })
        : await triage.screeningInterview(untyped(partial), { unknown });
    // Every question of the step is one the person could be shown next.
    for (const question of step.next)
      shown.push({ field: question.field, patient: question.question.patient, clinician: question.question.clinician });
    const [first] = step.next;
    if (step.done || first === undefined) return shown;
    const value = valueAt(answers, first.field);
    if (value === undefined || dontKnow(first.field)) unknown.push(first.field);
    else partial = withValueAt(partial, first.field, value);
  }
  throw new Error('the interview does not end');
}

/** The dotted paths of an input's answers (a list is one answer). */
function leafPaths(input: unknown, prefix = ''): string[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return prefix === '' ? [] : [prefix];
  return Object.entries(input).flatMap(([key, value]) => leafPaths(value, prefix === '' ? key : `${prefix}.${key}`));
}

/** A field path as a heading: what a person must never be shown instead of a question. */
const RAW = /^[A-Za-z]+(?:\.[A-Za-z]+)+$|^[a-z]+[A-Z][A-Za-z]*$/;

function unworded(shown: readonly Shown[]): Shown[] {
  return shown.filter(
    (question) => RAW.test(question.patient) || question.patient === question.field || question.clinician === question.field,
  );
}

describe('every field an interview can ask has patient and clinician wording', () => {
  it('the provider’s clearance, after a retinoid was restarted', async () => {
    const answers = allClear({
      hoursSinceTreatment: 80,
      signs: { redness: 'mild' },
      exposures: { activesResumed: ['retinoid'], activesClearedByProvider: true },
    });
    const shown = await shownQuestions('checkin', answers, () => false);
    const clearance = shown.find((question) => question.field === 'exposures.activesClearedByProvider');
    expect(clearance?.patient).toMatch(/clinic/);
    expect(unworded(shown)).toEqual([]);
  });

  it('the date of treatment, when the hours are not known', async () => {
    const answers = allClear({ treatedAt: '2026-03-07T10:00:00Z', assessedAt: '2026-03-10T12:00:00Z', signs: { redness: 'mild' } });
    const shown = await shownQuestions('checkin', answers, (field) => field === 'hoursSinceTreatment');
    expect(shown.some((question) => question.field === 'treatedAt')).toBe(true);
    expect(unworded(shown)).toEqual([]);
  });

  it('the planned needle length, when the depth is not known', async () => {
    const shown = await shownQuestions(
      'screening',
      { patient: { history: { keloid: true } }, plannedTreatment: { depthMm: 2.5 } },
      (field) => field === 'plannedTreatment.depth',
    );
    expect(shown.some((question) => question.field === 'plannedTreatment.depthMm')).toBe(true);
    expect(unworded(shown)).toEqual([]);
  });

  it('on full answers with each field left out in turn, for three kinds of check-in and a candidate', async () => {
    const bases = [
      ['checkin', allClear({ hoursSinceTreatment: 20, signs: { redness: 'moderate' } })],
      [
        'checkin',
        allClear({
          hoursSinceTreatment: 80,
          signs: { redness: 'mild' },
          exposures: { activesResumed: ['retinoid'], activesClearedByProvider: true },
        }),
      ],
      [
        'checkin',
        allClear({
          treatedAt: '2026-02-20T10:00:00Z',
          assessedAt: '2026-03-10T12:00:00Z',
          treatment: { depthMm: 2 },
          signs: { redness: 'mild' },
        }),
      ],
      ['screening', { patient: { fitzpatrick: 3, history: { keloid: true } }, plannedTreatment: { depthMm: 2.5 } }],
    ] as const;
    let interviews = 0;
    for (const [kind, answers] of bases) {
      for (const field of leafPaths(answers)) {
        const shown = await shownQuestions(kind, withValueAt(answers, field, undefined), () => false);
        interviews += 1;
        expect(unworded(shown), `${kind} without ${field}`).toEqual([]);
      }
    }
    expect(interviews).toBeGreaterThan(60);
  }, 300_000);

  it(`on plausible check-ins and candidates with any fields answered "I don't know" (${String(RUNS)} runs each)`, async () => {
    for (const [kind, arbitrary] of [
      ['checkin', plausibleCheckInArbitrary],
      ['screening', plausibleCandidateArbitrary],
    ] as const) {
      await fc.assert(
        fc.asyncProperty(arbitrary, fc.func(fc.boolean()), async (answers, dontKnow) => {
          // Which fields the person cannot answer: a random, fixed choice per field.
          expect(unworded(await shownQuestions(kind, answers, dontKnow))).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    }
  }, 300_000);

  it('is checked by the validator: a field an interview can ask with no question is `unworded-field`', () => {
    const questions = builtinRuleSet.files['questions.json'] as { questions: { fact: string }[] };
    const source = {
      ...builtinRuleSet,
      files: {
        ...builtinRuleSet.files,
        'questions.json': {
          ...questions,
          questions: questions.questions.filter((question) => question.fact !== 'exposures.activesClearedByProvider'),
        },
      },
    };
    const diagnostics = validateRuleSet(untyped(source)).diagnostics;
    expect(diagnostics.filter((diagnostic) => diagnostic.code === 'unworded-field').map((diagnostic) => diagnostic.message)).toEqual([
      expect.stringContaining("'exposures.activesClearedByProvider'"),
    ]);
  });
});
