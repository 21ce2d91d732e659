import { valueAt } from '../input/dotted-path.js';
import { checkInSchema } from '../checkin/checkin-schema.js';
import { parseInput } from '../input/parse-input.js';
import { screeningInputSchema } from '../screening/screening-schema.js';
import { answerSystem, NONE_OF_THESE, QUESTIONNAIRE_URLS } from './fhir-codes.js';
import type { QuestionnaireResponse, QuestionnaireResponseAnswer, QuestionnaireResponseItem, Reference } from './fhir-types.js';
import { narrative } from './narrative.js';
import { gateLinkId, questionFields, type QuestionField, type QuestionnaireKind } from './questionnaire-fields.js';

/** Options of {@link toQuestionnaireResponse}. */
export interface ToQuestionnaireResponseOptions {
  readonly id?: string;
  /** The patient who answered. */
  readonly subject?: Reference;
  /** When the answers were given (ISO 8601 with a time zone). */
  readonly authored?: string;
  /** Default `completed`. */
  readonly status?: QuestionnaireResponse['status'];
}

/**
 * The QuestionnaireResponse that answers `input` (a check-in or a screening input) through the
 * shipped Questionnaire: one item per given field, inside its groups; `null` ("never") as the
 * ticked `<field>.none` item; an empty multi-select list as `none-of-these`. Unanswered fields are
 * left out. {@link fromQuestionnaireResponse} reads it back to the same input.
 *
 * @throws {ObservationError} when `input` is not a valid input of that kind.
 */
export function toQuestionnaireResponse(
  input: unknown,
  kind: QuestionnaireKind,
  options: ToQuestionnaireResponseOptions = {},
): QuestionnaireResponse {
  const parsed: Record<string, unknown> = kind === 'checkin' ? parseInput(checkInSchema, input) : parseInput(screeningInputSchema, input);
  const fields = questionFields(kind);
  const root: QuestionnaireResponseItem[] = [];
  const lines: string[] = [];
  append(root, fields, parsed, '', lines);
  return {
    resourceType: 'QuestionnaireResponse',
    ...(options.id === undefined ? {} : { id: options.id }),
    text: narrative([`Answers to ${QUESTIONNAIRE_URLS[kind]}.`, lines]),
    questionnaire: QUESTIONNAIRE_URLS[kind],
    status: options.status ?? 'completed',
    ...(options.subject === undefined ? {} : { subject: options.subject }),
    ...(options.authored === undefined ? {} : { authored: options.authored }),
    ...(root.length === 0 ? {} : { item: root }),
  };
}

/** Adds the items answering `value` (the object at `base`) to `items`, grouped as in the Questionnaire. */
function append(
  items: QuestionnaireResponseItem[],
  fields: readonly QuestionField[],
  value: Record<string, unknown>,
  base: string,
  lines: string[],
): void {
  const groups = new Map<string, QuestionnaireResponseItem[]>([[base, items]]);
  const groupOf = (path: string): QuestionnaireResponseItem[] => {
    const existing = groups.get(path);
    if (existing !== undefined) return existing;
    const parent =
      path.includes('.') && path.slice(0, path.lastIndexOf('.')).length >= base.length ? path.slice(0, path.lastIndexOf('.')) : base;
    const children: QuestionnaireResponseItem[] = [];
    groupOf(parent).push({ linkId: path, item: children });
    groups.set(path, children);
    return children;
  };
  const offset = base === '' ? 0 : base.length + 1;
  for (const field of fields) {
    if (!field.path.startsWith(base === '' ? '' : `${base}.`)) continue;
    const inGroup = field.repeatingGroup !== undefined && field.repeatingGroup !== base;
    if (inGroup) continue;
    // Groups given in the input are items even when empty (`treatment: {}`).
    for (const prefix of prefixes(field.path)) {
      if (prefix.length > base.length && isObject(valueAt(value, prefix.slice(offset)))) groupOf(prefix);
    }
    const answer = valueAt(value, field.path.slice(offset));
    if (answer === undefined) continue;
    const parent = field.path.includes('.') ? field.path.slice(0, field.path.lastIndexOf('.')) : '';
    const siblings = parent === base || parent === '' ? items : groupOf(parent);
    lines.push(
      `${field.path}: ${answer === null ? 'never' : Array.isArray(answer) ? (answer.length === 0 ? 'none of these' : answer.join(', ')) : JSON.stringify(answer)}`,
    );
    if (field.nullable) {
      siblings.push({ linkId: gateLinkId(field.path), answer: [{ valueBoolean: answer === null }] });
      if (answer === null) continue;
    }
    siblings.push({ linkId: field.path, answer: answersFor(field, answer) });
  }
  if (base !== '') {
    dropEmptyLists(items);
    return;
  }
  for (const group of new Set(fields.flatMap((field) => (field.repeatingGroup === undefined ? [] : [field.repeatingGroup])))) {
    const occurrences = value[group];
    if (!Array.isArray(occurrences)) continue;
    for (const occurrence of occurrences as Record<string, unknown>[]) {
      const children: QuestionnaireResponseItem[] = [];
      append(
        children,
        fields.filter((field) => field.repeatingGroup === group),
        occurrence,
        group,
        lines,
      );
      items.push(children.length === 0 ? { linkId: group } : { linkId: group, item: children });
    }
  }
  dropEmptyLists(items);
}

/** FHIR JSON has no empty arrays: a group without answered questions is just its linkId. */
function dropEmptyLists(items: QuestionnaireResponseItem[]): void {
  for (const item of items) {
    if (item.item === undefined) continue;
    dropEmptyLists(item.item);
    if (item.item.length === 0) delete item.item;
  }
}

function prefixes(path: string): string[] {
  const parts = path.split('.');
  return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join('.'));
}

function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function answersFor(field: QuestionField, value: unknown): QuestionnaireResponseAnswer[] {
  const type = field.type;
  switch (type.kind) {
    case 'boolean':
      return [{ valueBoolean: value as boolean }];
    case 'datetime':
      return [{ valueDateTime: value as string }];
    case 'string':
      return [{ valueString: value as string }];
    case 'number':
      return type.values === undefined ? [{ valueDecimal: value as number }] : [{ valueCoding: coding(field.path, String(value)) }];
    case 'enum':
      return [{ valueCoding: coding(field.path, value as string) }];
    case 'enum-array': {
      const values = value as readonly string[];
      return values.length === 0
        ? [{ valueCoding: coding(field.path, NONE_OF_THESE) }]
        : values.map((entry) => ({ valueCoding: coding(field.path, entry) }));
    }
  }
}

function coding(path: string, code: string): { system: string; code: string; display: string } {
  return { system: answerSystem(path), code, display: code === NONE_OF_THESE ? 'none of these' : code.replaceAll('-', ' ') };
}
