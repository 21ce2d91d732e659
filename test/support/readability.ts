import { readFileSync } from 'node:fs';
import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';

/*
 * What a patient reads, measured: every patient-facing string of the built-in rule set, and its
 * Flesch-Kincaid grade (the formula of wooorm's `flesch-kincaid`, syllables counted by his
 * `syllable`). A string is split into sentences at `.`, `!` or `?` followed by a space or its end;
 * a word is a run of letters or digits (with inner hyphens, apostrophes or slashes), and counts at
 * least one syllable (`syllable` counts none for a number).
 */

/** What kind of patient text a string is, for the figures per kind. */
export type PatientTextKind =
  | 'question'
  | 'question group'
  | 'answer label'
  | 'assessment message'
  | 'screening message'
  | 'advice line'
  | 'level summary'
  | 'decision summary'
  | 'decision advice'
  | 'call back if'
  | 'healing phase'
  | 'aftercare';

export interface PatientText {
  readonly kind: PatientTextKind;
  /** Where it is: the file and the JSON path. */
  readonly where: string;
  readonly text: string;
}

const rulesDir = new URL('../../rules/', import.meta.url);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json | undefined): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: Json | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Every patient-facing string of the built-in rules, read from the files the manifest lists: each
 * `patient` wording (rule messages, questions, question groups, level summaries, the screening
 * decisions' headlines, a date standing for `{date}`), the answer labels, the advice lines and
 * "call back if" lines, the screening decisions' actions and what to watch for, the healing phases, and the aftercare
 * timeframes and the labels of the products and activities they time.
 */
export function patientTexts(): PatientText[] {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', rulesDir), 'utf8')) as { files: string[] };
  const found: PatientText[] = [];
  for (const file of manifest.files) {
    const root = JSON.parse(readFileSync(new URL(file, rulesDir), 'utf8')) as Record<string, Json>;
    const kindOfFile = root['kind'];
    const walk = (value: Json, path: string, parent: string): void => {
      if (Array.isArray(value)) {
        value.forEach((item, index) => {
          walk(item, `${path}[${String(index)}]`, parent);
        });
        return;
      }
      if (!isObject(value)) return;
      for (const [key, child] of Object.entries(value)) {
        const at = `${path}.${key}`;
        const add = (kind: PatientTextKind, texts: string[]): void => {
          texts.forEach((text, index) => found.push({ kind, where: `${file}:${at}${texts.length > 1 ? `[${String(index)}]` : ''}`, text }));
        };
        if (key === 'patient' && typeof child === 'string') {
          if (kindOfFile === 'questions') add(parent === 'groups' ? 'question group' : 'question', [child]);
          else if (kindOfFile === 'advice' && path.includes('.decisions.')) add('decision summary', [withSampleDate(child)]);
          else if (kindOfFile === 'advice') add('level summary', [child]);
          else add(kindOfFile === 'screening' ? 'screening message' : 'assessment message', [child]);
        } else if (key === 'answers' && kindOfFile === 'questions' && isObject(child)) {
          for (const [answer, label] of Object.entries(child))
            if (typeof label === 'string') found.push({ kind: 'answer label', where: `${file}:${at}.${answer}`, text: label });
        } else if (key === 'phase' && isObject(child)) {
          add('healing phase', [...strings(child['label']), ...strings(child['appearance']), ...strings(child['symptoms'])]);
        } else if (kindOfFile === 'advice' && parent === 'lines' && key === 'text') {
          add('advice line', strings(child));
        } else if (kindOfFile === 'advice' && path.includes('.decisions.') && (key === 'actions' || key === 'watchFor')) {
          add('decision advice', strings(child));
        } else if (kindOfFile === 'advice' && key === 'callBackIf') {
          add('call back if', strings(child));
        } else if (kindOfFile === 'aftercare' && parent === 'timeframes' && (key === 'label' || key === 'do' || key === 'dont')) {
          add('aftercare', strings(child));
        } else if (kindOfFile === 'aftercare' && parent === 'resume' && key === 'label') {
          add('aftercare', strings(child));
        } else {
          walk(child, at, Array.isArray(child) ? key : parent);
        }
      }
    };
    walk(root, '$', '');
  }
  return found;
}

/** A screening headline's `{date}` as a person reads it, so that the placeholder is measured as the words it stands for. */
function withSampleDate(text: string): string {
  return text.replaceAll('{date}', '13 March 2026');
}

/** The sentences of a text. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => wordsOf(sentence).length > 0);
}

/** The words of a text. */
export function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:['’/-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** The Flesch-Kincaid grade of a text. */
export function gradeOf(text: string): number {
  const words = wordsOf(text);
  if (words.length === 0) return 0;
  const syllables = words.reduce((total, word) => total + Math.max(1, syllable(word)), 0);
  return fleschKincaid({ sentence: Math.max(1, sentencesOf(text).length), word: words.length, syllable: syllables });
}

/** A sentence of `minimumWords` words or more above `maximumGrade`. */
export interface HardSentence {
  readonly where: string;
  readonly sentence: string;
  readonly words: number;
  readonly grade: number;
}

export function hardSentences(texts: readonly PatientText[], minimumWords: number, maximumGrade: number): HardSentence[] {
  return texts.flatMap(({ where, text }) =>
    sentencesOf(text).flatMap((sentence) => {
      const words = wordsOf(sentence).length;
      const grade = gradeOf(sentence);
      return words >= minimumWords && grade > maximumGrade ? [{ where, sentence, words, grade }] : [];
    }),
  );
}

/** The mean grade of texts. */
export function meanGrade(texts: readonly PatientText[]): number {
  return texts.length === 0 ? 0 : texts.reduce((total, { text }) => total + gradeOf(text), 0) / texts.length;
}
