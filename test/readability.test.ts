import { describe, expect, it } from 'vitest';
import { builtinParsed } from '../src/rules/builtin-rules.js';
import { answerSpec } from '../src/interview/answer-spec.js';
import { schemaLeaves } from '../src/facts/schema-leaves.js';
import { checkInSchema } from '../src/checkin/checkin-schema.js';
import { screeningInputSchema } from '../src/screening/screening-schema.js';
import { gradeOf, hardSentences, meanGrade, patientTexts, sentencesOf, type PatientText } from './support/readability.js';

/*
 * Principle 8: what a patient reads is plain. Every patient-facing string of the built-in rules
 * (see `patientTexts`) reads at a mean Flesch-Kincaid grade of 6 or below, over all of them and
 * for each kind of string, and no sentence of ten words or more reads above grade 9.
 */

const MAX_MEAN_GRADE = 6;
const LONG_SENTENCE_WORDS = 10;
const MAX_SENTENCE_GRADE = 9;

const texts = patientTexts();
const kinds = [...new Set(texts.map((text) => text.kind))];

function figures(of: readonly PatientText[]): string {
  return `${String(of.length)} strings, mean grade ${meanGrade(of).toFixed(2)}, ${String(hardSentences(of, LONG_SENTENCE_WORDS, MAX_SENTENCE_GRADE).length)} long sentences above grade ${String(MAX_SENTENCE_GRADE)}`;
}

describe('readability of patient text', () => {
  it('finds every kind of patient text in the built-in rules', () => {
    expect(kinds.sort()).toEqual(
      [
        'advice line',
        'aftercare',
        'answer label',
        'assessment message',
        'call back if',
        'decision advice',
        'decision summary',
        'healing phase',
        'level summary',
        'question',
        'question group',
        'screening message',
      ].sort(),
    );
    expect(texts.length).toBeGreaterThan(300);
  });

  it('measures with the package: a plain sentence reads low, a dense one high', () => {
    expect(gradeOf('Keep the skin clean. Do not pick it.')).toBeLessThan(3);
    expect(gradeOf('Discontinue application of potentially irritating topical formulations immediately.')).toBeGreaterThan(12);
    expect(sentencesOf('Stop it now. Call your provider today! Is it worse?')).toHaveLength(3);
  });

  it(`reads at a mean grade of ${String(MAX_MEAN_GRADE)} or below, over all patient text and for each kind`, () => {
    const over = [undefined, ...kinds].flatMap((kind) => {
      const of = kind === undefined ? texts : texts.filter((text) => text.kind === kind);
      return meanGrade(of) > MAX_MEAN_GRADE ? [`${kind ?? 'all patient text'}: ${figures(of)}`] : [];
    });
    expect(over, over.join('\n')).toEqual([]);
  });

  it(`has no sentence of ${String(LONG_SENTENCE_WORDS)} words or more above grade ${String(MAX_SENTENCE_GRADE)}`, () => {
    const hard = hardSentences(texts, LONG_SENTENCE_WORDS, MAX_SENTENCE_GRADE).map(
      ({ where, sentence, words, grade }) => `grade ${grade.toFixed(1)}, ${String(words)} words, ${where}: ${sentence}`,
    );
    expect(hard, `${String(hard.length)} hard sentences:\n${hard.join('\n')}`).toEqual([]);
  });
});

describe('answer labels', () => {
  const inputs = { checkin: checkInSchema, screening: screeningInputSchema } as const;

  it('every option of every choice question a person can be asked has a plain label', () => {
    const unlabelled = builtinParsed().questions.flatMap(({ name, file }) => {
      const fields = new Map(schemaLeaves(inputs[file.input ?? 'checkin']).map((leaf) => [leaf.path, leaf]));
      return file.questions.flatMap((question) => {
        const leaf = fields.get(question.field ?? question.fact);
        const spec = leaf === undefined ? undefined : answerSpec(leaf, question.answers);
        if (spec?.type !== 'choice') return [];
        return spec.options
          .filter((option) => spec.labels?.[String(option)] === undefined)
          .map((option) => `${name}: ${question.field ?? question.fact} = ${String(option)}`);
      });
    });
    expect(unlabelled, unlabelled.join('\n')).toEqual([]);
  });

  it('labels are everyday words, not the codes', () => {
    const labels = texts.filter((text) => text.kind === 'answer label');
    expect(labels.length).toBeGreaterThan(40);
    for (const { where, text } of labels) {
      expect(text, where).not.toMatch(/purulent|fitzpatrick|mild-local|topical|anesthetic|^prp$|aha\/bha/i);
    }
  });
});

describe('answer labels are checked', () => {
  it('refuses a label for a value the field does not have, or on a field not answered from a list', async () => {
    const { validateRuleSet, builtinRuleSet } = await import('../src/index.js');
    const file = (answers: Record<string, string>, fact = 'signs.discharge') => ({
      'labels.json': {
        id: 'labels',
        version: '1.0.0',
        kind: 'questions',
        title: 'x',
        questions: [{ fact, patient: 'x', clinician: 'x', answers }],
      },
    });
    const codes = (files: object) =>
      validateRuleSet({ ...builtinRuleSet, files: { ...builtinRuleSet.files, ...files } }).diagnostics.map(
        (diagnostic) => `${diagnostic.code} ${diagnostic.path}`,
      );
    expect(codes(file({ purulent: 'Pus' }))).toEqual([]);
    expect(codes(file({ pus: 'Pus' }))).toEqual([expect.stringMatching(/^invalid-answer-label .*answers.*pus/)]);
    expect(codes(file({ yes: 'Yes' }, 'signs.fever'))).toEqual([expect.stringMatching(/^invalid-answer-label/)]);
  });
});
