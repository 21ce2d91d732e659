import { ObservationError, type InputIssue } from '../input/observation-error.js';
import { guardJson, INPUT_LIMITS } from '../input/json-guard.js';
import { answerSystem, QUESTIONNAIRE_URLS } from './fhir-codes.js';
import type { QuestionnaireResponseAnswer, QuestionnaireResponseItem } from './fhir-types.js';
import { gateLinkId, questionFields, type QuestionField, type QuestionnaireKind } from './questionnaire-fields.js';

/** A QuestionnaireResponse turned into the input it answers. */
export interface QuestionnaireInput {
  readonly kind: QuestionnaireKind;
  /** A check-in (for `assess`) or a screening input (for `screen`); validated when used. */
  readonly input: Record<string, unknown>;
}

type Index = ReadonlyMap<string, { readonly field: QuestionField; readonly gate: boolean }>;

/**
 * Maps a FHIR R4 QuestionnaireResponse to the check-in or screening input it answers. Items may
 * be nested under `item` or under `answer[].item`; an unanswered item stays unknown.
 *
 * @param response - the QuestionnaireResponse (any JSON value is accepted and checked).
 * @param kind - which input is expected; by default read from `response.questionnaire`. When both
 *   are known and differ, the response is rejected (`wrong_questionnaire`).
 * @throws {ObservationError} naming the `linkId` of every unknown item or wrongly typed answer.
 */
export function fromQuestionnaireResponse(response: unknown, kind?: QuestionnaireKind): QuestionnaireInput {
  const shape = guardJson(response, INPUT_LIMITS);
  if (shape.length > 0) throw new ObservationError(shape);
  const record = response as { resourceType?: unknown; questionnaire?: unknown; item?: unknown } | null;
  if (record === null || typeof record !== 'object' || record.resourceType !== 'QuestionnaireResponse') {
    throw new ObservationError([
      { path: 'resourceType', code: 'invalid_resource', message: "expected a FHIR resource with resourceType 'QuestionnaireResponse'" },
    ]);
  }
  const declared = kindOf(record.questionnaire);
  if (kind !== undefined && declared !== undefined && declared !== kind) {
    throw new ObservationError([
      {
        path: 'questionnaire',
        code: 'wrong_questionnaire',
        message: `this response answers the ${declared} questionnaire, but a ${kind} response was expected`,
      },
    ]);
  }
  const resolved = kind ?? declared;
  if (resolved === undefined) {
    throw new ObservationError([
      {
        path: 'questionnaire',
        code: 'unknown_questionnaire',
        message: `'questionnaire' must be ${QUESTIONNAIRE_URLS.checkin} or ${QUESTIONNAIRE_URLS.screening} (or pass the kind)`,
      },
    ]);
  }
  const index: Index = new Map(
    questionFields(resolved).flatMap((field): [string, { field: QuestionField; gate: boolean }][] => [
      [field.path, { field, gate: false }],
      ...(field.nullable ? [[gateLinkId(field.path), { field, gate: true }] as [string, { field: QuestionField; gate: boolean }]] : []),
    ]),
  );
  const groups = new Set(questionFields(resolved).flatMap((field) => prefixes(field.path)));
  const input: Record<string, unknown> = {};
  const issues: InputIssue[] = [];
  const items = Array.isArray(record.item) ? (record.item as QuestionnaireResponseItem[]) : [];
  walk(items, { index, groups, issues, target: input, root: input });
  if (issues.length > 0) throw new ObservationError(issues);
  return { kind: resolved, input };
}

interface WalkState {
  readonly index: Index;
  readonly groups: ReadonlySet<string>;
  readonly issues: InputIssue[];
  /** Where answers of the current repeating group go (the root outside of one). */
  readonly target: Record<string, unknown>;
  readonly root: Record<string, unknown>;
}

function walk(items: readonly QuestionnaireResponseItem[], state: WalkState): void {
  for (const item of items) {
    const linkId = typeof item.linkId === 'string' ? item.linkId : '';
    const entry = state.index.get(linkId);
    if (entry === undefined && state.groups.has(linkId)) {
      if (linkId === 'previous') {
        const previous = ensureArray(state.root, 'previous');
        const occurrence: Record<string, unknown> = {};
        previous.push(occurrence);
        walk(item.item ?? [], { ...state, target: occurrence });
      } else {
        walk(item.item ?? [], state);
      }
      continue;
    }
    if (entry === undefined) {
      state.issues.push({ path: linkId, code: 'unknown_link_id', message: `'${linkId}' is not a question of this questionnaire` });
      continue;
    }
    const answers = item.answer ?? [];
    const nested = [...(item.item ?? []), ...answers.flatMap((answer) => answer.item ?? [])];
    if (answers.length > 0) record(entry, linkId, answers, state);
    walk(nested, state);
  }
}

function record(
  entry: { field: QuestionField; gate: boolean },
  linkId: string,
  answers: readonly QuestionnaireResponseAnswer[],
  state: WalkState,
): void {
  const { field } = entry;
  const target = field.repeatingGroup === undefined ? state.root : state.target;
  const key = field.repeatingGroup === undefined ? field.path : field.path.slice(field.repeatingGroup.length + 1);
  const fail = (message: string): void => {
    state.issues.push({ path: linkId, code: 'invalid_answer', message: `answer to '${linkId}' ${message}` });
  };
  if (entry.gate) {
    const value = answers[0]?.valueBoolean;
    if (answers.length !== 1 || typeof value !== 'boolean') {
      fail('must be one valueBoolean');
    } else if (value && getPath(target, key) === undefined) {
      setPath(target, key, null);
    }
    return;
  }
  const repeats = field.type.kind === 'enum-array';
  if (!repeats && answers.length > 1) {
    fail('must be a single answer');
    return;
  }
  const values: unknown[] = [];
  for (const answer of answers) {
    const value = answerValue(field, answer);
    if (value.error !== undefined) {
      fail(value.error);
      return;
    }
    values.push(value.value);
  }
  setPath(target, key, repeats ? values : values[0]);
}

function answerValue(field: QuestionField, answer: QuestionnaireResponseAnswer): { value?: unknown; error?: string } {
  const type = field.type;
  switch (type.kind) {
    case 'boolean':
      return typeof answer.valueBoolean === 'boolean'
        ? { value: answer.valueBoolean }
        : { error: `must be a valueBoolean, got ${answerKind(answer)}` };
    case 'datetime':
      return typeof answer.valueDateTime === 'string'
        ? { value: answer.valueDateTime }
        : { error: `must be a valueDateTime, got ${answerKind(answer)}` };
    case 'string':
      return typeof answer.valueString === 'string'
        ? { value: answer.valueString }
        : { error: `must be a valueString, got ${answerKind(answer)}` };
    case 'number': {
      const coded = answer.valueCoding?.code;
      if (type.values !== undefined && coded !== undefined) return codeIn(field, answer, type.values.map(String), Number);
      const number = answer.valueDecimal ?? answer.valueInteger ?? answer.valueQuantity?.value;
      return typeof number === 'number'
        ? { value: number }
        : { error: `must be a valueDecimal or valueInteger, got ${answerKind(answer)}` };
    }
    case 'enum':
    case 'enum-array':
      return codeIn(field, answer, type.values, (code) => code);
  }
}

function codeIn(
  field: QuestionField,
  answer: QuestionnaireResponseAnswer,
  allowed: readonly string[],
  convert: (code: string) => unknown,
): { value?: unknown; error?: string } {
  const coding = answer.valueCoding;
  const code = coding?.code ?? answer.valueString;
  if (typeof code !== 'string') return { error: `must be a valueCoding, got ${answerKind(answer)}` };
  if (coding?.system !== undefined && coding.system !== answerSystem(field.path))
    return { error: `has a coding from '${coding.system}', expected '${answerSystem(field.path)}'` };
  if (!allowed.includes(code)) return { error: `has code '${code}', expected one of ${allowed.map((value) => `'${value}'`).join(', ')}` };
  return { value: convert(code) };
}

function answerKind(answer: QuestionnaireResponseAnswer): string {
  const keys = Object.keys(answer).filter((key) => key.startsWith('value'));
  return keys.length === 0 ? 'no value' : keys.join(', ');
}

function kindOf(questionnaire: unknown): QuestionnaireKind | undefined {
  if (typeof questionnaire !== 'string') return undefined;
  const url = questionnaire.split('|')[0];
  if (url === QUESTIONNAIRE_URLS.checkin) return 'checkin';
  if (url === QUESTIONNAIRE_URLS.screening) return 'screening';
  return undefined;
}

function prefixes(path: string): string[] {
  const parts = path.split('.');
  return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join('.'));
}

function ensureArray(target: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const existing = target[key];
  if (Array.isArray(existing)) return existing as Record<string, unknown>[];
  const created: Record<string, unknown>[] = [];
  target[key] = created;
  return created;
}

function getPath(target: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      target,
    );
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() ?? path;
  let node = target;
  for (const key of keys) {
    const child = node[key];
    if (child === null || typeof child !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[last] = value;
}
