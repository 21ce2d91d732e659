import { valueAt } from '../input/dotted-path.js';
import * as z from 'zod/mini';
import { ObservationError, type InputIssue } from '../input/observation-error.js';
import type { InputIssueCode } from '../input/input-issue-code.js';
import { guardJson, INPUT_LIMITS } from '../input/json-guard.js';
import { answerSystem, NONE_OF_THESE, QUESTIONNAIRE_URLS } from './fhir-codes.js';
import type { Quantity } from './fhir-types.js';
import { gateLinkId, questionFields, type QuestionField, type QuestionnaireKind } from './questionnaire-fields.js';
import { convertQuantity } from './units.js';
import { modifierIssues } from './modifier-elements.js';
import { builtinRuleSet } from '../rules/builtin-rules.js';

/** The statuses of a QuestionnaireResponse that are read: final answers, and drafts on request. */
export type ReadableStatus = 'completed' | 'amended' | 'in-progress';

/** A value of the input that did not come from an answer, and where it came from. */
export interface DerivedAnswer {
  /** The input field, `assessedAt` (check-in) or `screenedAt` (screening). */
  readonly path: string;
  readonly value: string;
  /** `authored`: the response's `authored` time; `option`: the `at` option of the caller. */
  readonly from: 'authored' | 'option';
  /** A sentence for the clinician, e.g. "assessedAt is the response's authored time ...". */
  readonly note: string;
}

/** A QuestionnaireResponse turned into the input it answers. */
export interface QuestionnaireInput {
  readonly kind: QuestionnaireKind;
  /** A check-in (for `assess`) or a screening input (for `screen`); validated when used. */
  readonly input: Record<string, unknown>;
  /** Values the answers did not give (the assessment or screening time), and their origin. */
  readonly derived: readonly DerivedAnswer[];
  readonly status: ReadableStatus;
  /** True when the response is a draft (`in-progress`, read only with `allowDraft`). */
  readonly draft: boolean;
  /** The response's `id`, `subject.reference` and `authored`, when present. */
  readonly response: { readonly id?: string; readonly subject?: string; readonly authored?: string };
}

/** Options of {@link fromQuestionnaireResponse}. */
export interface QuestionnaireResponseOptions {
  /**
   * Which input is expected; by default read from `response.questionnaire`. When both are known
   * and differ, the response is rejected (`wrong_questionnaire`).
   */
  readonly kind?: QuestionnaireKind;
  /**
   * The assessment or screening time to use when neither the answers (`assessedAt`,
   * `screenedAt`) nor the response's `authored` give one (ISO 8601 with a time zone, or a Date).
   * Without it such a response is rejected (`missing_time`).
   */
  readonly at?: string | Date;
  /** Read `in-progress` responses too; the result then has `draft: true`. Default `false`. */
  readonly allowDraft?: boolean;
  /**
   * The version of the questionnaire read (`questionnaire: '<url>|<version>'` must name it when it
   * names a version): the version `buildQuestionnaire` gives, the rule set's. Default: the
   * built-in rules' version.
   */
  readonly version?: string;
}

interface IndexEntry {
  readonly field: QuestionField;
  readonly gate: boolean;
}

const FINAL_STATUSES: readonly string[] = ['completed', 'amended'];
const KINDS: readonly QuestionnaireKind[] = ['checkin', 'screening'];
const DRAFT_STATUS = 'in-progress';
const TIME_FIELD: Readonly<Record<QuestionnaireKind, string>> = { checkin: 'assessedAt', screening: 'screenedAt' };
const dateTime = z.iso.datetime({ offset: true });

/**
 * Maps a FHIR R4 QuestionnaireResponse to the check-in or screening input it answers. Items may
 * be nested under `item` or under `answer[].item`; an unanswered item stays unknown. Every answer
 * is used exactly once, or the response is rejected: a linkId answered twice, an answer with two
 * `value[x]`, a "never" gate ticked beside a value, an answer on a group, a quantity whose unit
 * cannot be converted, malformed structure (`item` or `answer` not an array, `null` entries).
 *
 * The assessment time (`assessedAt`, or `screenedAt` for a screening) is taken from the answers,
 * else from `authored`, else from the `at` option; `derived` says which. Only `completed` and
 * `amended` responses are read, and `in-progress` ones with `allowDraft`. Elements that change what
 * the answers mean and that this reader does not understand are refused, each with its own code:
 * `modifierExtension` anywhere, `implicitRules`, a value beside a data-absent-reason, a
 * `questionnaire` canonical of another version.
 *
 * @param response - the QuestionnaireResponse (any JSON value is accepted and checked).
 * @param options - the expected kind (or the options object).
 * @throws {ObservationError} naming the `linkId` (or the element) of every problem; nothing else.
 */
export function fromQuestionnaireResponse(
  response: unknown,
  options: QuestionnaireKind | QuestionnaireResponseOptions = {},
): QuestionnaireInput {
  const settings: QuestionnaireResponseOptions = typeof options === 'string' ? { kind: options } : ((options as unknown) ?? {});
  const shape = guardJson(response, INPUT_LIMITS);
  if (shape.length > 0) throw new ObservationError(shape);
  if (response === null || typeof response !== 'object' || Array.isArray(response) || !hasValue(response, 'QuestionnaireResponse')) {
    throw new ObservationError([
      { path: 'resourceType', code: 'invalid_resource', message: "expected a FHIR resource with resourceType 'QuestionnaireResponse'" },
    ]);
  }
  // Elements that change what the answers mean, which this reader does not understand: refused first and alone.
  const modifiers = modifierIssues(response, settings.version ?? builtinRuleSet.version);
  if (modifiers.length > 0) throw new ObservationError(modifiers);
  const record = response as Record<string, unknown>;
  const issues: InputIssue[] = [];
  const status = readStatus(record['status'], settings.allowDraft === true, issues);
  const kind = resolveKind(record['questionnaire'], settings.kind, issues);
  if (kind === undefined) throw new ObservationError(issues);
  const state = new ResponseReader(kind, issues);
  if (record['item'] !== undefined) state.walkList(record['item'], 'item', state.root, false);
  state.resolveGates();
  const meta = metadata(record, issues);
  const derived = deriveTime(kind, state.root, meta.authored, settings.at, issues);
  if (issues.length > 0 || status === undefined) throw new ObservationError(issues);
  return { kind, input: state.root, derived, status, draft: status === DRAFT_STATUS, response: meta };
}

function hasValue(record: object, resourceType: string): boolean {
  return (record as Record<string, unknown>)['resourceType'] === resourceType;
}

function readStatus(status: unknown, allowDraft: boolean, issues: InputIssue[]): ReadableStatus | undefined {
  if (typeof status === 'string' && FINAL_STATUSES.includes(status)) return status as ReadableStatus;
  if (status === DRAFT_STATUS && allowDraft) return DRAFT_STATUS;
  const shown = typeof status === 'string' ? `'${status}'` : status === undefined ? 'missing' : `not a code (${JSON.stringify(status)})`;
  const hint =
    status === DRAFT_STATUS
      ? ': the response is a draft; pass allowDraft to read it as one'
      : status === 'entered-in-error' || status === 'stopped'
        ? ': the response was withdrawn or abandoned and is not read'
        : '';
  issues.push({
    path: 'status',
    code: 'invalid_status',
    message: `'status' is ${shown}; only 'completed' and 'amended' responses are read${hint}`,
  });
  return undefined;
}

function resolveKind(questionnaire: unknown, expected: QuestionnaireKind | undefined, issues: InputIssue[]): QuestionnaireKind | undefined {
  if (expected !== undefined && !(KINDS as readonly unknown[]).includes(expected)) {
    issues.push({
      path: 'kind',
      code: 'unknown_questionnaire',
      message: `the kind must be 'checkin' or 'screening', got ${JSON.stringify(expected)}`,
    });
    return undefined;
  }
  const declared = kindOf(questionnaire);
  if (expected !== undefined && declared !== undefined && declared !== expected) {
    issues.push({
      path: 'questionnaire',
      code: 'wrong_questionnaire',
      message: `this response answers the ${declared} questionnaire, but a ${expected} response was expected`,
    });
    return undefined;
  }
  const resolved = expected ?? declared;
  if (resolved === undefined) {
    issues.push({
      path: 'questionnaire',
      code: 'unknown_questionnaire',
      message: `'questionnaire' must be ${QUESTIONNAIRE_URLS.checkin} or ${QUESTIONNAIRE_URLS.screening} (or pass the kind)`,
    });
  }
  return resolved;
}

function metadata(record: Record<string, unknown>, issues: InputIssue[]): QuestionnaireInput['response'] {
  const read = (key: string, value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    issues.push({ path: key, code: 'invalid_structure', message: `'${key}' must be a string` });
    return undefined;
  };
  const subject = record['subject'];
  let subjectReference: string | undefined;
  if (subject !== null && typeof subject === 'object' && !Array.isArray(subject)) {
    subjectReference = read('subject.reference', (subject as Record<string, unknown>)['reference']);
  } else if (subject !== undefined) {
    issues.push({ path: 'subject', code: 'invalid_structure', message: "'subject' must be a Reference (an object)" });
  }
  const id = read('id', record['id']);
  const authored = read('authored', record['authored']);
  return {
    ...(id === undefined ? {} : { id }),
    ...(subjectReference === undefined ? {} : { subject: subjectReference }),
    ...(authored === undefined ? {} : { authored }),
  };
}

function deriveTime(
  kind: QuestionnaireKind,
  input: Record<string, unknown>,
  authored: string | undefined,
  at: string | Date | undefined,
  issues: InputIssue[],
): DerivedAnswer[] {
  const path = TIME_FIELD[kind];
  if (input[path] !== undefined) return [];
  const what = kind === 'checkin' ? 'check-in' : 'screening';
  if (authored !== undefined && dateTime.safeParse(authored).success) {
    input[path] = authored;
    return [
      {
        path,
        value: authored,
        from: 'authored',
        note: `${path} is the response's authored time (${authored}): the answers do not give the time of this ${what}`,
      },
    ];
  }
  if (at !== undefined) {
    const value = at instanceof Date ? (Number.isNaN(at.getTime()) ? '' : at.toISOString()) : at;
    if (!dateTime.safeParse(value).success) {
      issues.push({ path: 'at', code: 'invalid_time', message: `the 'at' option must be an ISO 8601 date-time with a time zone` });
      return [];
    }
    input[path] = value;
    const why =
      authored === undefined ? 'the response has no authored time' : `its authored time '${authored}' has no time of day and zone`;
    return [{ path, value, from: 'option', note: `${path} is the time given by the caller (${value}): ${why}` }];
  }
  issues.push({
    path: 'authored',
    code: 'missing_time',
    message:
      authored === undefined
        ? `the response has no 'authored' time and does not answer '${path}': the ${what} cannot be placed in time (pass the 'at' option)`
        : `'authored' (${authored}) is not a date-time with a time zone, and '${path}' is not answered (pass the 'at' option)`,
  });
  return [];
}

/** Walks the items once, recording every answer exactly once or an issue naming its linkId. */
class ResponseReader {
  readonly root: Record<string, unknown> = {};
  private readonly index: ReadonlyMap<string, IndexEntry>;
  private readonly groups: ReadonlySet<string>;
  private readonly repeatingGroups: ReadonlySet<string>;
  /** linkIds seen, per target (the root or one occurrence of a repeating group). */
  private readonly seen = new WeakMap<object, Set<string>>();
  private readonly gates: { linkId: string; target: Record<string, unknown>; key: string; value: boolean }[] = [];

  constructor(
    kind: QuestionnaireKind,
    private readonly issues: InputIssue[],
  ) {
    const fields = questionFields(kind);
    this.index = new Map(
      fields.flatMap((field): [string, IndexEntry][] => [
        [field.path, { field, gate: false }],
        ...(field.nullable ? [[gateLinkId(field.path), { field, gate: true }] as [string, IndexEntry]] : []),
      ]),
    );
    this.groups = new Set(fields.flatMap((field) => prefixes(field.path)));
    this.repeatingGroups = new Set(fields.flatMap((field) => (field.repeatingGroup === undefined ? [] : [field.repeatingGroup])));
  }

  /**
   * Reads a list of items. `where` names the list in messages; `target` receives the answers of
   * a repeating group's occurrence (the root elsewhere); `inOccurrence` is true inside one.
   */
  walkList(items: unknown, where: string, target: Record<string, unknown>, inOccurrence: boolean): void {
    if (!Array.isArray(items)) {
      this.fail(where, 'invalid_structure', `'${where}' must be a list of items, got ${describe(items)}`);
      return;
    }
    items.forEach((item: unknown, position) => {
      this.walkItem(item, `${where}[${String(position)}]`, target, inOccurrence);
    });
  }

  resolveGates(): void {
    for (const gate of this.gates) {
      const answered = valueAt(gate.target, gate.key);
      if (!gate.value) continue;
      if (answered !== undefined) {
        this.fail(
          gate.linkId,
          'conflicting_answers',
          `'${gate.linkId}' says "never", but '${gate.linkId.slice(0, -'.none'.length)}' is answered too: the two contradict each other`,
        );
      } else {
        setPath(gate.target, gate.key, null);
      }
    }
  }

  private walkItem(item: unknown, where: string, target: Record<string, unknown>, inOccurrence: boolean): void {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      this.fail(where, 'invalid_structure', `${where} must be an item object with a linkId, got ${describe(item)}`);
      return;
    }
    const record = item as Record<string, unknown>;
    const linkId = record['linkId'];
    if (typeof linkId !== 'string' || linkId === '') {
      this.fail(where, 'invalid_structure', `${where} has no linkId (a non-empty string)`);
      return;
    }
    const entry = this.index.get(linkId);
    if (entry === undefined && this.groups.has(linkId)) {
      this.walkGroup(record, linkId, target, inOccurrence);
      return;
    }
    if (entry === undefined) {
      this.fail(linkId, 'unknown_link_id', `'${linkId}' is not a question of this questionnaire`);
      return;
    }
    const inGroup = entry.field.repeatingGroup !== undefined;
    if (inGroup !== inOccurrence) {
      this.fail(
        linkId,
        'misplaced_item',
        inGroup
          ? `'${linkId}' must be inside a '${entry.field.repeatingGroup ?? ''}' group: outside one it cannot be placed`
          : `'${linkId}' is inside a repeating group, where it does not belong`,
      );
      return;
    }
    const destination = inGroup ? target : this.root;
    if (!this.firstTime(destination, linkId)) return;
    const answers = this.answersOf(record, linkId);
    if (answers === undefined) return;
    if (record['item'] !== undefined) this.walkList(record['item'], `${linkId}.item`, target, inOccurrence);
    answers.forEach((answer, position) => {
      if (answer['item'] !== undefined) this.walkList(answer['item'], `${linkId}.answer[${String(position)}].item`, target, inOccurrence);
    });
    if (answers.length > 0) this.record(entry, linkId, answers, destination);
  }

  private walkGroup(record: Record<string, unknown>, linkId: string, target: Record<string, unknown>, inOccurrence: boolean): void {
    if (record['answer'] !== undefined) {
      this.fail(linkId, 'answer_on_group', `'${linkId}' is a group: it takes no answer, its questions do`);
      return;
    }
    const children = record['item'] ?? [];
    if (this.repeatingGroups.has(linkId)) {
      if (inOccurrence) {
        this.fail(linkId, 'misplaced_item', `'${linkId}' is nested inside another '${linkId}' group`);
        return;
      }
      const occurrence: Record<string, unknown> = {};
      ensureArray(this.root, linkId).push(occurrence);
      this.walkList(children, `${linkId}.item`, occurrence, true);
      return;
    }
    if (inOccurrence) {
      this.fail(linkId, 'misplaced_item', `'${linkId}' is inside a repeating group, where it does not belong`);
      return;
    }
    // A group given twice is an error; its questions are still read, so that each one answered
    // twice is named too. A group given (even empty) is an object of the input.
    this.firstTime(this.root, linkId);
    if (valueAt(this.root, linkId) === undefined) setPath(this.root, linkId, {});
    this.walkList(children, `${linkId}.item`, target, inOccurrence);
  }

  /** False (and an issue) when the linkId was already read for this target. */
  private firstTime(target: object, linkId: string): boolean {
    let seen = this.seen.get(target);
    if (seen === undefined) {
      seen = new Set();
      this.seen.set(target, seen);
    }
    if (seen.has(linkId)) {
      this.fail(linkId, 'duplicate_answer', `'${linkId}' appears more than once: each question is answered once`);
      return false;
    }
    seen.add(linkId);
    return true;
  }

  private answersOf(record: Record<string, unknown>, linkId: string): Record<string, unknown>[] | undefined {
    const answers = record['answer'];
    if (answers === undefined) return [];
    if (!Array.isArray(answers) || answers.length === 0) {
      this.fail(
        linkId,
        'invalid_structure',
        Array.isArray(answers)
          ? `'${linkId}' has an empty answer list: leave 'answer' out for an unanswered question`
          : `the answer of '${linkId}' must be a list, got ${describe(answers)}`,
      );
      return undefined;
    }
    const bad = answers.findIndex((answer: unknown) => answer === null || typeof answer !== 'object' || Array.isArray(answer));
    if (bad >= 0) {
      this.fail(linkId, 'invalid_structure', `answer ${String(bad + 1)} of '${linkId}' must be an object, got ${describe(answers[bad])}`);
      return undefined;
    }
    return answers as Record<string, unknown>[];
  }

  private record(entry: IndexEntry, linkId: string, answers: readonly Record<string, unknown>[], target: Record<string, unknown>): void {
    const { field } = entry;
    const key = field.repeatingGroup === undefined ? field.path : field.path.slice(field.repeatingGroup.length + 1);
    const values: unknown[] = [];
    for (const answer of answers) {
      const keys = Object.keys(answer).filter((name) => name.startsWith('value'));
      if (keys.length > 1) {
        this.fail(linkId, 'ambiguous_answer', `an answer to '${linkId}' has ${keys.join(' and ')}: an answer has one value`);
        return;
      }
      const value = entry.gate ? gateValue(answer) : answerValue(field, answer);
      if ('error' in value) {
        this.fail(linkId, 'invalid_answer', `answer to '${linkId}' ${value.error}`);
        return;
      }
      values.push(value.value);
    }
    if (entry.gate) {
      if (values.length !== 1) {
        this.fail(linkId, 'invalid_answer', `answer to '${linkId}' must be one valueBoolean`);
        return;
      }
      this.gates.push({ linkId, target, key, value: values[0] === true });
      return;
    }
    if (field.type.kind !== 'enum-array') {
      if (values.length > 1) {
        this.fail(linkId, 'invalid_answer', `answer to '${linkId}' must be a single answer, got ${String(values.length)}`);
        return;
      }
      setPath(target, key, values[0]);
      return;
    }
    if (new Set(values).size !== values.length) {
      this.fail(linkId, 'duplicate_answer', `'${linkId}' lists the same option twice`);
      return;
    }
    if (values.includes(NONE_OF_THESE)) {
      if (values.length > 1) {
        this.fail(linkId, 'conflicting_answers', `'${linkId}' answers '${NONE_OF_THESE}' together with other options`);
        return;
      }
      setPath(target, key, []);
      return;
    }
    setPath(target, key, values);
  }

  private fail(path: string, code: InputIssueCode, message: string): void {
    this.issues.push({ path, code, message });
  }
}

type Read = { value: unknown } | { error: string };

function gateValue(answer: Record<string, unknown>): Read {
  return typeof answer['valueBoolean'] === 'boolean' ? { value: answer['valueBoolean'] } : { error: `must be one valueBoolean` };
}

function answerValue(field: QuestionField, answer: Record<string, unknown>): Read {
  const type = field.type;
  switch (type.kind) {
    case 'boolean':
      return typed(answer, 'valueBoolean', 'boolean');
    case 'datetime':
      return typed(answer, 'valueDateTime', 'string');
    case 'string':
      return typed(answer, 'valueString', 'string');
    case 'number': {
      if (type.values !== undefined && answer['valueCoding'] !== undefined) return codeIn(field, answer, type.values.map(String), Number);
      if (answer['valueQuantity'] !== undefined) return quantity(field, answer['valueQuantity']);
      const number = answer['valueDecimal'] ?? answer['valueInteger'];
      return typeof number === 'number' && Number.isFinite(number)
        ? { value: number }
        : {
            error: `must be a valueDecimal or valueInteger${field.unit === undefined ? '' : ' (or a valueQuantity)'}, got ${answerKind(answer)}`,
          };
    }
    case 'enum':
    case 'enum-array':
      return codeIn(field, answer, type.kind === 'enum-array' ? [...type.values, NONE_OF_THESE] : type.values, (code) => code);
  }
}

function typed(answer: Record<string, unknown>, key: string, type: 'boolean' | 'string'): Read {
  const value = answer[key];
  return typeof value === type ? { value } : { error: `must be a ${key}, got ${answerKind(answer)}` };
}

function quantity(field: QuestionField, value: unknown): Read {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: 'has a valueQuantity that is not an object' };
  if (field.unit === undefined) return { error: 'has a valueQuantity, but this question takes a plain number (valueDecimal)' };
  const converted = convertQuantity(value as Quantity, field.unit);
  return 'error' in converted ? converted : { value: converted.value };
}

function codeIn(
  field: QuestionField,
  answer: Record<string, unknown>,
  allowed: readonly string[],
  convert: (code: string) => unknown,
): Read {
  const coding = answer['valueCoding'];
  if (coding !== undefined && (coding === null || typeof coding !== 'object' || Array.isArray(coding)))
    return { error: 'has a valueCoding that is not an object' };
  const { system, code: coded } = (coding ?? {}) as { system?: unknown; code?: unknown };
  const code = coding === undefined ? answer['valueString'] : coded;
  if (typeof code !== 'string') return { error: `must be a valueCoding with a code, got ${answerKind(answer)}` };
  if (system !== undefined && system !== answerSystem(field.path))
    return { error: `has a coding from ${JSON.stringify(system)}, expected '${answerSystem(field.path)}'` };
  if (!allowed.includes(code)) return { error: `has code '${code}', expected one of ${allowed.map((value) => `'${value}'`).join(', ')}` };
  return { value: code === NONE_OF_THESE ? code : convert(code) };
}

function answerKind(answer: Record<string, unknown>): string {
  const keys = Object.keys(answer).filter((key) => key.startsWith('value'));
  return keys.length === 0 ? 'no value' : keys.join(', ');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
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
