import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtinRuleSet,
  createTriage,
  isObservationError,
  isRuleSetError,
  LEVELS,
  validateRuleSet,
  type Level,
  type RuleSetSource,
} from '../src/index.js';
import { valueAt, withValueAt } from '../src/input/dotted-path.js';
import type { Question } from '../src/rules/rule-set-schema.js';
import { buildQuestionnaire } from '../src/fhir/index.js';
import type { QuestionnaireItem } from '../src/fhir/fhir-types.js';
import { fullCheckInArbitrary, plausibleCheckInArbitrary } from './support/arbitraries.js';
import { cloneJson } from './support/rule-sets.js';
import { untyped } from './support/untyped.js';

/*
 * Skip logic as data (issue 21): a question's gate closes it when another answer makes it
 * pointless ("clusters of blisters?" after "no blisters"). The oracle for every gate of the
 * rules: leaving the gated question out while its gate is closed gives exactly what answering it
 * with the gate's value gives, and any other answer beside the closing one is used as given
 * (a contradiction read toward concern: never refused, never a lower level).
 */

const RUNS = Math.max(50, Math.round(Number(process.env['FC_RUNS'] ?? 2000) / 10));
const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
type Json = Record<string, unknown>;
const files = builtinRuleSet.files as Record<string, { kind?: string; input?: string; questions?: Question[] }>;
const GATED = Object.values(files)
  .filter((file) => file.kind === 'questions' && (file.input ?? 'checkin') === 'checkin')
  .flatMap((file) => file.questions ?? [])
  .flatMap(({ fact, gate }) => (gate === undefined ? [] : [{ fact, gate }]));

async function outcome(input: unknown): Promise<unknown> {
  try {
    const result = await triage.assess(untyped(input));
    return {
      level: result.level,
      reasons: result.reasons.map((reason) => reason.ruleId),
      missing: result.missing.map((entry) => entry.field),
    };
  } catch (error) {
    if (isObservationError(error)) return { refused: error.issues.map((issue) => issue.path).sort() };
    throw error;
  }
}

/** The built-in rule set with the vesicle gate edited. */
function withGate(edit: (gate: Json) => void): RuleSetSource {
  const questions = cloneJson(builtinRuleSet.files['questions.json']) as { questions: Json[] };
  const gated = questions.questions.find((question) => question['fact'] === 'signs.groupedVesicles');
  if (gated === undefined) throw new Error('no vesicle question');
  edit(gated['gate'] as Json);
  return { ...builtinRuleSet, files: { ...builtinRuleSet.files, 'questions.json': questions } };
}
const codes = (source: RuleSetSource): string[] => validateRuleSet(source).diagnostics.map((diagnostic) => diagnostic.code);

describe('question gates', () => {
  it('the built-in rules gate clusters of blisters on blisters and widespread swelling on swelling', () => {
    expect(GATED.map(({ fact, gate }) => `${fact} <- ${gate.fact}`).sort()).toEqual([
      'signs.groupedVesicles <- signs.blisters',
      'signs.swellingWidespread <- signs.swelling',
    ]);
  });

  it(`for every gate: a closed gate reads as its value, left out or answered so; another answer is read toward concern (${String(RUNS)} runs per gate)`, async () => {
    expect(GATED.length).toBeGreaterThan(0);
    for (const { fact, gate } of GATED) {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(plausibleCheckInArbitrary, fullCheckInArbitrary),
          fc.constantFrom(...gate.closedBy),
          async (answers, closing) => {
            const closed = withValueAt(answers, gate.fact, closing);
            const left = withValueAt(closed, fact, undefined);
            expect(await outcome(left)).toEqual(await outcome(withValueAt(closed, fact, gate.value)));
            const other = [true, false, ...(valueAt(answers, fact) === undefined ? [] : [valueAt(answers, fact)])].find(
              (value) => value !== gate.value && typeof value === typeof gate.value,
            );
            if (other === undefined) return;
            // Used as given: a contradiction read toward concern, never refused, never lower.
            const given = (await outcome(withValueAt(closed, fact, other))) as { level?: string; refused?: string[] };
            const quiet = (await outcome(left)) as { level?: string };
            if (quiet.level === undefined) return;
            expect(given.refused).toBeUndefined();
            expect(LEVELS.indexOf(given.level as Level)).toBeGreaterThanOrEqual(LEVELS.indexOf(quiet.level as Level));
          },
        ),
        { numRuns: RUNS },
      );
    }
  });

  it('an unanswered gate, or one answered "I don\'t know", leaves the question open: in `missing`, asked', async () => {
    for (const { fact, gate } of GATED) {
      const result = await triage.assess({ hoursSinceTreatment: 30 });
      expect(result.missing.map((entry) => entry.field)).toContain(fact);
      expect(result.derived.map((entry) => entry.fact)).not.toContain(fact);
      const step = await triage.interview({ hoursSinceTreatment: 30 }, { unknown: [gate.fact] });
      expect(step.next.map((question) => question.field)).toContain(fact);
      expect(step.screens.flatMap((screen) => screen.fields)).toContain(fact);
    }
  });

  it('says in `derived` which gate filled a fact', async () => {
    const result = await triage.assess({ hoursSinceTreatment: 30, signs: { blisters: false } });
    expect(result.derived).toContainEqual({
      fact: 'signs.groupedVesicles',
      value: false,
      derivation: expect.stringContaining('gates.grouped-vesicles-need-blisters') as unknown,
    });
  });

  it('the FHIR Questionnaire hides a gated item while its gate is closed (enableWhen)', () => {
    const items = (list: readonly QuestionnaireItem[]): QuestionnaireItem[] => list.flatMap((item) => [item, ...items(item.item ?? [])]);
    const all = items(buildQuestionnaire('checkin').item ?? []);
    for (const { fact, gate } of GATED) {
      const item = all.find((entry) => entry.linkId === fact);
      expect(item?.enableWhen, fact).toEqual(
        expect.arrayContaining(gate.closedBy.map(() => expect.objectContaining({ question: gate.fact, operator: '!=' }) as unknown)),
      );
      expect(all.some((entry) => entry.linkId === gate.fact)).toBe(true);
    }
  });

  it('invalid-gate: a gate on something not asked, on itself, on a gated question, with answers its fields cannot take, or that every answer closes', () => {
    expect(codes(builtinRuleSet)).not.toContain('invalid-gate');
    const cases: [string, (gate: Json) => void][] = [
      ['not a fact', (gate) => (gate['fact'] = 'signs.nothing')],
      ['itself', (gate) => (gate['fact'] = 'signs.groupedVesicles')],
      ['a gated question', (gate) => (gate['fact'] = 'signs.swellingWidespread')],
      ['a derived fact', (gate) => (gate['fact'] = 'hoursSinceTreatment')],
      ['an answer blisters cannot take', (gate) => (gate['closedBy'] = ['maybe'])],
      ['every answer closes it', (gate) => (gate['closedBy'] = [false, true])],
      ['a value the field cannot take', (gate) => (gate['value'] = 'no')],
      ['a value that is not the least concerning', (gate) => (gate['value'] = true)],
    ];
    for (const [name, edit] of cases) expect(codes(withGate(edit)), name).toContain('invalid-gate');
    expect(codes(withGate((gate) => (gate['sources'] = [{ document: 'nowhere.txt', section: 'x' }])))).toContain('unknown-source');
  });

  it('a layer cannot add or change a gate on a question the floor rests on', () => {
    const questions = cloneJson(builtinRuleSet.files['questions.json']) as { questions: Json[] };
    const streaks = questions.questions.find((question) => question['fact'] === 'signs.redStreaks');
    if (streaks === undefined) throw new Error('no red streaks question');
    streaks['gate'] = {
      id: 'gates.clinic-streaks',
      description: 'Written for a test.',
      sources: [{ document: '000_0b1d4838d8cb8315.txt', section: 'Red flags for abnormal redness' }],
      fact: 'signs.fever',
      closedBy: [false],
      value: false,
    };
    let diagnostics: string[] = [];
    try {
      createTriage({ ruleSets: [{ id: 'clinic', version: '1.0.0', files: { 'questions.json': questions } }] });
    } catch (error) {
      if (!isRuleSetError(error)) throw error;
      diagnostics = error.diagnostics.map((diagnostic) => diagnostic.code);
    }
    expect(diagnostics).toContain('floor-changed');
  });
});
