import type { AnswerSpec } from '../../interview/answer-spec.js';

/** A line typed in answer to a question: a value of its answer type, "I don't know", or not an answer (with a hint). */
export type TypedAnswer =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'invalid'; readonly hint: string };

/** What a person may type for "I don't know" (an empty line too). */
const DONT_KNOW = new Set(['', '?', "don't know", 'dont know', 'do not know', "i don't know", 'i dont know', 'unknown', 'dk']);
const YES = new Set(['1', 'y', 'yes', 'true']);
const NO = new Set(['2', 'n', 'no', 'false']);
const NEVER = 'never';
/** A number as people write it: digits, with a decimal point and more digits if any. */
const DECIMAL = /^(\d+(\.\d+)?|\.\d+)$/;
/** What selects "none of these" in a multiple choice. */
const NONE = new Set(['0', 'none', 'none of these']);

/** The allowed answers of a question, as one line: numbered or named choices, a range, and "?". */
export function describeAnswers(spec: AnswerSpec, unit?: string): string {
  const choices = ((): string => {
    switch (spec.type) {
      case 'boolean':
        return '1 yes, 2 no';
      case 'choice': {
        const options = numbered(spec.options, spec.labels);
        const separator = spec.labels === undefined ? ', ' : '; ';
        return spec.multiple ? `${options}${separator}0 none of these (several: 1,3)` : options;
      }
      case 'number': {
        const range =
          spec.maximum === undefined
            ? `a number from ${String(spec.minimum ?? 0)}`
            : `a number from ${String(spec.minimum ?? 0)} to ${String(spec.maximum)}`;
        return `${range}${unit === undefined ? '' : ` (${unit})`}${spec.never ? `, or ${NEVER}` : ''}`;
      }
      case 'text':
        return 'text';
    }
  })();
  return `${choices}, ? don't know`;
}

/** Reads a typed line as an answer to a question of the given type. */
export function readAnswer(spec: AnswerSpec, line: string, unit?: string): TypedAnswer {
  const text = line.trim().toLowerCase();
  if (DONT_KNOW.has(text)) return { kind: 'unknown' };
  const invalid = (what: string): TypedAnswer => ({ kind: 'invalid', hint: `${what}, or ? for don't know.` });
  switch (spec.type) {
    case 'boolean':
      if (YES.has(text)) return { kind: 'value', value: true };
      if (NO.has(text)) return { kind: 'value', value: false };
      return invalid('Type 1 (yes) or 2 (no)');
    case 'choice': {
      const range = `Type ${choiceRange(spec.options)}`;
      if (!spec.multiple) {
        const value = choose(spec.options, text);
        return value === undefined ? invalid(range) : { kind: 'value', value };
      }
      if (NONE.has(text) && !spec.options.includes(text)) return { kind: 'value', value: [] };
      const parts = text.split(/[,;\s]+/).filter((part) => part !== '');
      const values = parts.map((part) => choose(spec.options, part));
      if (parts.length === 0 || values.some((value) => value === undefined)) return invalid(`${range} (several: 1,3; none: 0)`);
      return { kind: 'value', value: [...new Set(values)] };
    }
    case 'number': {
      if (spec.never && text === NEVER) return { kind: 'value', value: null };
      // A plain decimal only: `Number` would read `0x30` as 48, `1e2` as 100 and `0b110000` as 48.
      const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
      const low = spec.minimum ?? 0;
      const inRange = Number.isFinite(value) && value >= low && (spec.maximum === undefined || value <= spec.maximum);
      if (inRange) return { kind: 'value', value };
      return invalid(`Type ${describeAnswers(spec, unit).replace(/, \? don't know$/, '')}`);
    }
    case 'text':
      return line.trim() === '' ? invalid('Type an answer') : { kind: 'value', value: line.trim() };
  }
}

/** An answer as a person would say it back: in the plain words of its label, when the question gives one. */
export function sayAnswer(value: unknown, spec?: AnswerSpec): string {
  const labels = spec?.type === 'choice' ? spec.labels : undefined;
  const say = (option: string | number): string => labels?.[String(option)] ?? String(option);
  if (value === true) return 'yes';
  if (value === false) return 'no';
  if (value === null) return NEVER;
  if (Array.isArray(value)) return value.length === 0 ? 'none of these' : value.map((option) => say(option as string | number)).join('; ');
  return say(value as string | number);
}

/**
 * Choices numbered from 1 (names), or listed as they are typed (numbers, e.g. skin types 1-6),
 * each with its plain label when the question gives one.
 */
function numbered(options: readonly (string | number)[], labels?: Readonly<Record<string, string>>): string {
  const label = (option: string | number): string => labels?.[String(option)] ?? String(option);
  if (options.every((option) => typeof option === 'number'))
    return labels === undefined ? options.join(', ') : options.map((option) => `${String(option)} ${label(option)}`).join('; ');
  return options.map((option, index) => `${String(index + 1)} ${label(option)}`).join(labels === undefined ? ', ' : '; ');
}

function choiceRange(options: readonly (string | number)[]): string {
  if (options.every((option) => typeof option === 'number')) return `one of ${options.join(', ')}`;
  return `1-${String(options.length)} or a name (${options.join(', ')})`;
}

/** The option a typed word selects: its number (for named options), its name, or the value itself (numeric options). */
function choose(options: readonly (string | number)[], text: string): string | number | undefined {
  if (options.every((option) => typeof option === 'number')) return options.find((option) => String(option) === text);
  if (/^\d+$/.test(text)) return options[Number(text) - 1];
  const word = text.replace(/\s+/g, '-');
  return options.find((option) => String(option).toLowerCase() === word);
}
