import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTriage, type Assessment, type Screening } from '../src/index.js';
import {
  fullCandidateArbitrary,
  fullCheckInArbitrary,
  plausibleCandidateArbitrary,
  plausibleCheckInArbitrary,
  sparseCandidateArbitrary,
  sparseCheckInArbitrary,
} from './support/arbitraries.js';
import { loadGoldenCorpus } from './support/golden-corpus.js';
import { valueAt } from './support/declared-roles.js';
import { untyped } from './support/untyped.js';

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
const RUNS = Math.max(100, Math.round(Number(process.env['FC_RUNS'] ?? 2000) / 4));

interface QuestionData {
  readonly fact: string;
  readonly field?: string;
  readonly clinician: string;
  readonly group?: string;
  readonly role?: unknown;
}
const questionsFile = JSON.parse(readFileSync(new URL('../rules/questions.json', import.meta.url), 'utf8')) as {
  questions: QuestionData[];
  groups: { id: string; clinician: string }[];
};

/** The warning signs, as the data declares them: the yes/no questions of the `warning-signs` group. */
const WARNING_SIGNS = questionsFile.questions.filter((question) => question.group === 'warning-signs');
const WARNING_FIELDS = WARNING_SIGNS.map((question) => question.field ?? question.fact);
/** Fields a check-in answers that are not findings (the time of the check-in, earlier check-ins). */
const NOT_FINDINGS = new Set(['assessedAt', 'previous']);

/** Whether a value is past the least concerning tier of its question's order of concern. */
function concerning(question: QuestionData, value: unknown): boolean {
  const concern = (question.role as { concern?: unknown } | undefined)?.concern;
  if (!Array.isArray(concern)) return false;
  const least: unknown[] = Array.isArray(concern[0]) ? (concern[0] as unknown[]) : [concern[0]];
  const tiers = concern.flatMap((tier: unknown) => (Array.isArray(tier) ? (tier as unknown[]) : [tier]));
  return tiers.includes(value) && !least.includes(value);
}

/** The answered leaves of a check-in, by dotted path (lists are one answer). */
function answeredFields(input: unknown, prefix = ''): string[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return prefix === '' ? [] : [prefix];
  return Object.entries(input as Record<string, unknown>).flatMap(([key, value]) => {
    if (prefix === '' && NOT_FINDINGS.has(key)) return [];
    if (value === undefined) return [];
    return answeredFields(value, prefix === '' ? key : `${prefix}.${key}`);
  });
}

/** Every way a clinician summary disagrees with its check-in and result, by name. */
function problems(input: unknown, result: Assessment): string[] {
  const summary = result.clinician;
  const found: string[] = [];
  if (summary.level !== result.level) found.push(`level ${summary.level} is not the result's ${result.level}`);
  const reported = summary.reported.map((finding) => finding.field);
  for (const field of answeredFields(input)) {
    const times = reported.filter((entry) => entry === field).length;
    if (times !== 1) found.push(`answered ${field} is reported ${String(times)} times`);
  }
  for (const field of reported) if (valueAt(input, field) === undefined) found.push(`reported ${field} was not answered`);

  const signs = summary.warningSigns;
  const lists = { present: signs.present, absent: signs.absent, unknown: signs.unknown, open: signs.open };
  const seen = new Map<string, string>();
  for (const [name, list] of Object.entries(lists)) {
    for (const { field } of list) {
      const before = seen.get(field);
      if (before !== undefined) found.push(`${field} is under both ${before} and ${name}`);
      seen.set(field, name);
    }
  }
  for (const field of WARNING_FIELDS) if (!seen.has(field)) found.push(`warning sign ${field} is under none of the lists`);
  for (const field of seen.keys()) if (!WARNING_FIELDS.includes(field)) found.push(`${field} is not a warning sign`);
  for (const { field } of signs.present) {
    const question = WARNING_SIGNS.find((entry) => (entry.field ?? entry.fact) === field);
    if (question === undefined || !concerning(question, valueAt(input, field))) found.push(`${field} is present but not concerning`);
  }
  for (const { field } of signs.absent) {
    const question = WARNING_SIGNS.find((entry) => (entry.field ?? entry.fact) === field);
    if (question === undefined || valueAt(input, field) === undefined || concerning(question, valueAt(input, field)))
      found.push(`${field} is absent but not answered unconcerning`);
  }
  for (const { field } of signs.open) if (valueAt(input, field) !== undefined) found.push(`open warning sign ${field} was answered`);

  const open = summary.open.map((question) => question.field);
  for (const question of result.missing) if (!open.includes(question.field)) found.push(`missing ${question.field} is not open`);
  if (open.length !== result.missing.length) found.push('open is not exactly missing');
  // `assess` takes no "I don't know" answer: only an interview fills it.
  if (summary.unknown.length > 0 || signs.unknown.length > 0) found.push('assess reported "I don\'t know" answers');
  return found;
}

describe('clinician summary', () => {
  it('puts a fever under warning signs present, in clinician wording', async () => {
    const result = await triage.assess({ hoursSinceTreatment: 96, signs: { fever: true, redness: 'moderate', discharge: 'purulent' } });
    const summary = result.clinician;
    expect(summary.level).toBe('urgent');
    expect(summary.headline).toBe(result.advice.summary.clinician);
    expect(summary.warningSigns.present.map((sign) => sign.field)).toEqual(['signs.fever']);
    expect(summary.warningSigns.present[0]?.text).toBe('Fever: yes');
    expect(summary.reported.map((finding) => finding.text)).toEqual(
      expect.arrayContaining(['Fever: yes', 'Erythema severity: moderate', 'Discharge: purulent', 'Hours since treatment: 96']),
    );
    expect(summary.warningSigns.absent).toEqual([]);
    expect(summary.open).toEqual([]);
  });

  it('puts every warning sign answered no under absent', async () => {
    const signs = Object.fromEntries(WARNING_FIELDS.map((field) => [field.replace(/^signs\./, ''), false]));
    const result = await triage.assess(untyped({ hoursSinceTreatment: 30, signs }));
    const warning = result.clinician.warningSigns;
    expect(warning.absent.map((sign) => sign.field)).toEqual(WARNING_FIELDS);
    expect(warning.absent.every((sign) => sign.text.endsWith(': no'))).toBe(true);
    expect([warning.present, warning.unknown, warning.open]).toEqual([[], [], []]);
    expect(warning.title).toBe(questionsFile.groups.find((group) => group.id === 'warning-signs')?.clinician);
  });

  it('lists an unanswered warning sign as open, and the open red-flag questions from missing', async () => {
    const signs = Object.fromEntries(
      WARNING_FIELDS.filter((field) => field !== 'signs.chills').map((field) => [field.replace(/^signs\./, ''), false]),
    );
    const result = await triage.assess(untyped({ hoursSinceTreatment: 30, signs }));
    const summary = result.clinician;
    expect(summary.warningSigns.open.map((sign) => sign.field)).toEqual(['signs.chills']);
    expect(summary.warningSigns.open[0]?.question).toBe('Chills or rigors?');
    const chills = summary.open.find((question) => question.field === 'signs.chills');
    expect(chills).toMatchObject({ question: 'Chills or rigors?', redFlag: true });
    expect(summary.open.map((question) => question.field)).toEqual(result.missing.map((question) => question.field));
  });

  it('fills "I don\'t know" from an interview\'s unknown answers, apart from open', async () => {
    const step = await triage.interview({ hoursSinceTreatment: 30, signs: { fever: false } }, { unknown: ['signs.chills'] });
    const summary = step.result.clinician;
    expect(summary.unknown.map((question) => question.field)).toEqual(['signs.chills']);
    expect(summary.warningSigns.unknown.map((sign) => sign.field)).toEqual(['signs.chills']);
    expect(summary.open.map((question) => question.field)).not.toContain('signs.chills');
    expect(summary.warningSigns.open.map((sign) => sign.field)).not.toContain('signs.chills');
  });

  it('agrees with its check-in on every golden check-in', async () => {
    let checked = 0;
    const failures: string[] = [];
    for (const { file, cases } of loadGoldenCorpus()) {
      for (const entry of cases) {
        if ((entry.kind ?? 'assessment') !== 'assessment' || entry.expect.invalid !== undefined) continue;
        const dated = createTriage({ now: () => new Date(entry.now ?? '2026-03-10T12:00:00Z') });
        let result: Assessment;
        try {
          result = await dated.assess(untyped(entry.input));
        } catch {
          continue;
        }
        checked += 1;
        for (const problem of problems(entry.input, result)) failures.push(`${file} ${entry.name}: ${problem}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });

  it('agrees with its check-in on generated check-ins', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fullCheckInArbitrary, sparseCheckInArbitrary, plausibleCheckInArbitrary), async (input) => {
        expect(problems(input, await triage.assess(untyped(input)))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});

/*
 * Screenings: the same summary where it applies. The blocking questions are, as the data
 * declares them, the yes/no questions (an order of concern `[false, true]`) that a blocking rule
 * reads: a rule marked `blocking`, or one at or above the floor's reach (`postpone`), not the floor.
 */

interface ScreeningRuleData {
  readonly blocking?: boolean;
  readonly floor?: unknown;
  readonly conditions: unknown;
  readonly event: { readonly params: { readonly decision: string } };
}
const screeningQuestionsFile = JSON.parse(readFileSync(new URL('../rules/screening-questions.json', import.meta.url), 'utf8')) as {
  questions: QuestionData[];
};
const contraindicationsFile = JSON.parse(readFileSync(new URL('../rules/contraindications.json', import.meta.url), 'utf8')) as {
  rules: ScreeningRuleData[];
};
function factsRead(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(factsRead);
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  return typeof record['fact'] === 'string' ? [record['fact']] : Object.values(record).flatMap(factsRead);
}
const BLOCKING_RANK = ['postpone', 'contraindicated'];
const BLOCKING_FACTS = new Set(
  contraindicationsFile.rules
    .filter((rule) => rule.floor === undefined && (rule.blocking === true || BLOCKING_RANK.includes(rule.event.params.decision)))
    .flatMap((rule) => factsRead(rule.conditions)),
);
const BLOCKING_QUESTIONS = screeningQuestionsFile.questions.filter(
  (question) =>
    question.field === undefined &&
    BLOCKING_FACTS.has(question.fact) &&
    JSON.stringify((question.role as { concern?: unknown } | undefined)?.concern) === JSON.stringify([false, true]),
);
const BLOCKING_FIELDS = BLOCKING_QUESTIONS.map((question) => question.fact);
/** The input fields a screening question asks (a screening's time, or a planned device or site no question asks, is no finding). */
const SCREENING_QUESTION_FIELDS = new Set(screeningQuestionsFile.questions.map((question) => question.field ?? question.fact));

/** Every way a screening's clinician summary disagrees with its input and result, by name. */
function screeningProblems(input: unknown, result: Screening): string[] {
  const summary = (result as Partial<Pick<Screening, 'clinician'>>).clinician;
  if (summary === undefined) return ['no clinician summary'];
  const found: string[] = [];
  if (summary.decision !== result.decision) found.push(`decision ${summary.decision} is not the result's ${result.decision}`);
  if (summary.headline.trim() === '') found.push('an empty headline');
  const reported = summary.reported.map((finding) => finding.field);
  for (const field of answeredFields(input).filter((entry) => SCREENING_QUESTION_FIELDS.has(entry))) {
    const times = reported.filter((entry) => entry === field).length;
    if (times !== 1) found.push(`answered ${field} is reported ${String(times)} times`);
  }
  for (const field of reported) if (valueAt(input, field) === undefined) found.push(`reported ${field} was not answered`);
  const lists = summary.blockingQuestions;
  const seen = new Map<string, string>();
  for (const [name, list] of Object.entries({ present: lists.present, absent: lists.absent, unknown: lists.unknown, open: lists.open })) {
    for (const { field } of list) {
      const before = seen.get(field);
      if (before !== undefined) found.push(`${field} is under both ${before} and ${name}`);
      seen.set(field, name);
    }
  }
  for (const field of BLOCKING_FIELDS) if (!seen.has(field)) found.push(`blocking question ${field} is under none of the lists`);
  for (const field of seen.keys()) if (!BLOCKING_FIELDS.includes(field)) found.push(`${field} is not a blocking question`);
  for (const { field } of lists.present) if (valueAt(input, field) !== true) found.push(`${field} is present but not answered yes`);
  for (const { field } of lists.absent) if (valueAt(input, field) !== false) found.push(`${field} is absent but not answered no`);
  for (const { field } of lists.open) if (valueAt(input, field) !== undefined) found.push(`open blocking question ${field} was answered`);
  const open = summary.open.map((question) => question.field);
  if (open.join('\n') !== result.missing.map((question) => question.field).join('\n')) found.push('open is not exactly missing');
  for (const question of summary.open) {
    const entry = result.missing.find((missing) => missing.field === question.field);
    if (entry?.blocking !== question.blocking || entry.couldRaiseTo !== question.couldRaiseTo)
      found.push(`open ${question.field} differs from missing`);
  }
  if (summary.unknown.length > 0 || lists.unknown.length > 0) found.push('screen reported "I don\'t know" answers');
  return found;
}

describe('clinician summary of a screening', () => {
  it('reads the blocking questions from the data', () => {
    expect(BLOCKING_FIELDS).toEqual(
      expect.arrayContaining(['conditions.pregnant', 'medications.onIsotretinoin', 'conditions.keloidHistory']),
    );
    expect(BLOCKING_FIELDS).not.toContain('plannedTreatment.depth');
  });

  it('puts pregnancy under blocking questions present, with the decision’s clinician headline', async () => {
    const result = await triage.screen({
      conditions: { pregnant: true, keloidHistory: false },
      medications: { isotretinoinMonthsAgo: null },
    });
    const summary = result.clinician;
    expect(summary.decision).toBe('postpone');
    expect(summary.headline).not.toBe(result.patient.headline);
    expect(summary.blockingQuestions.present.map((question) => question.text)).toEqual(['Pregnant: yes']);
    expect(summary.blockingQuestions.absent.map((question) => question.field)).toEqual(['conditions.keloidHistory']);
    expect(summary.reported.map((finding) => finding.text)).toEqual(
      expect.arrayContaining(['Pregnant: yes', 'Keloid history: no', expect.stringMatching(/isotretinoin.*: never$/i)]),
    );
    expect(summary.open.map((question) => question.field)).toEqual(result.missing.map((question) => question.field));
    expect(
      screeningProblems({ conditions: { pregnant: true, keloidHistory: false }, medications: { isotretinoinMonthsAgo: null } }, result),
    ).toEqual([]);
  });

  it('fills "I don\'t know" from a screening interview\'s unknown answers, apart from open', async () => {
    const step = await triage.screeningInterview({ conditions: { keloidHistory: false } }, { unknown: ['conditions.pregnant'] });
    const summary = step.result.clinician;
    expect(summary.unknown.map((question) => question.field)).toEqual(['conditions.pregnant']);
    expect(summary.blockingQuestions.unknown.map((question) => question.field)).toEqual(['conditions.pregnant']);
    expect(summary.open.map((question) => question.field)).not.toContain('conditions.pregnant');
  });

  it('agrees with its input on every golden screening', async () => {
    let checked = 0;
    const failures: string[] = [];
    for (const { file, cases } of loadGoldenCorpus()) {
      for (const entry of cases) {
        if (entry.kind !== 'screening' || entry.expect.invalid !== undefined) continue;
        const dated = createTriage({ now: () => new Date(entry.now ?? '2026-03-10T12:00:00Z') });
        let result: Screening;
        try {
          result = await dated.screen(untyped(entry.input));
        } catch {
          continue;
        }
        checked += 1;
        for (const problem of screeningProblems(entry.input, result)) failures.push(`${file} ${entry.name}: ${problem}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  });

  it('agrees with its input on generated screenings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fullCandidateArbitrary, sparseCandidateArbitrary, plausibleCandidateArbitrary), async (input) => {
        expect(screeningProblems(input, await triage.screen(untyped(input)))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
