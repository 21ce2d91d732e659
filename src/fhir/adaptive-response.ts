import { valueAt } from '../input/dotted-path.js';
import { guardJson, INPUT_LIMITS } from '../input/json-guard.js';
import { isObservationError, ObservationError, type InputIssue } from '../input/observation-error.js';
import { askableLinkIds, isResultLinkId, isScreenLinkId } from './adaptive-items.js';
import { ADAPTIVE_EXTENSION, ASKED_UNKNOWN, DATA_ABSENT_REASON_EXTENSION } from './adaptive-types.js';
import { QUESTIONNAIRE_URLS } from './fhir-codes.js';
import { fromQuestionnaireResponse, type QuestionnaireInput } from './from-questionnaire-response.js';
import { modifierIssues } from './modifier-elements.js';
import { builtinRuleSet } from '../rules/builtin-rules.js';
import type { QuestionnaireKind } from './questionnaire-fields.js';

/** An adaptive QuestionnaireResponse turned into the answers so far. */
export interface AdaptiveAnswers extends QuestionnaireInput {
  /** `in-progress` while asking, `completed` once done (then `draft` is false). */
  readonly status: 'in-progress' | 'completed';
  /** The input fields answered "I don't know" (`data-absent-reason` `asked-unknown`), in the order asked. */
  readonly unknown: readonly string[];
  /** The input fields asked so far (the items of the contained Questionnaire), in order. */
  readonly asked: readonly string[];
  /** Fields asked and neither answered nor answered "I don't know". */
  readonly unanswered: readonly string[];
  /** The id of the contained adaptive Questionnaire. */
  readonly questionnaireId: string;
}

/** Options of {@link readAdaptiveResponse}. */
export interface AdaptiveResponseOptions {
  /**
   * The time of the check-in or screening when the response has no `authored` time (the
   * server's clock, for example); without it such a response is rejected (`missing_time`).
   */
  readonly at?: string | Date;
}

const STATUSES: readonly string[] = ['in-progress', 'completed'];

/**
 * Reads an SDC adaptive QuestionnaireResponse (`sdc-questionnaireresponse-adapt`): its
 * `questionnaire` is `#` and the id of a contained Questionnaire marked adaptive
 * (`sdc-questionnaire-questionnaireAdaptive`) whose `derivedFrom` is the check-in or screening
 * questionnaire of this package, and its items answer questions of that contained Questionnaire.
 * A screen the operation asked as a `group` item (`screen.<group id>`, a checklist or a group) is
 * answered by that group item holding the answers to its questions; each is read as any other.
 * "I don't know" is an answer with no value and the `data-absent-reason` extension, code
 * `asked-unknown`. The answers are read like {@link fromQuestionnaireResponse} reads them, and
 * the time of the check-in is `authored` (or the `at` option).
 *
 * @throws {ObservationError} naming the element or linkId of every problem; nothing else.
 */
export function readAdaptiveResponse(response: unknown, options: AdaptiveResponseOptions = {}): AdaptiveAnswers {
  const shape = guardJson(response, INPUT_LIMITS);
  if (shape.length > 0) throw new ObservationError(shape);
  if (!isRecord(response) || response['resourceType'] !== 'QuestionnaireResponse') {
    throw new ObservationError([
      { path: 'resourceType', code: 'invalid_resource', message: "expected a FHIR resource with resourceType 'QuestionnaireResponse'" },
    ]);
  }
  // The response's own modifiers (its answers' are checked where they are read, below).
  const { item: _item, contained: _contained, ...own } = response;
  const modifiers = modifierIssues(own, builtinRuleSet.version);
  if (modifiers.length > 0) throw new ObservationError(modifiers);
  const issues: InputIssue[] = [];
  const status = response['status'];
  if (typeof status !== 'string' || !STATUSES.includes(status)) {
    issues.push({
      path: 'status',
      code: 'invalid_status',
      message: `'status' is ${shown(status)}; an adaptive response is 'in-progress' (or 'completed' once done)`,
    });
  }
  const questionnaire = containedQuestionnaire(response, issues);
  if (questionnaire === undefined) throw new ObservationError(issues);
  const { kind, id, linkIds, screens } = questionnaire;
  const fieldOf = askableLinkIds(kind);
  const asked = [...new Set(linkIds.flatMap((linkId) => (isResultLinkId(linkId) ? [] : [fieldOf.get(linkId) ?? linkId])))];

  const items = response['item'] ?? [];
  if (!Array.isArray(items)) {
    issues.push({ path: 'item', code: 'invalid_structure', message: "'item' must be a list of items" });
    throw new ObservationError(issues);
  }
  const answered: unknown[] = [];
  const unknown: string[] = [];
  const answeredFields = new Set<string>();
  const visit = (item: unknown, where: string, inScreen: boolean): void => {
    if (!isRecord(item) || typeof item['linkId'] !== 'string') {
      answered.push(item); // reported by fromQuestionnaireResponse, with the same words as for any response
      return;
    }
    const linkId = item['linkId'];
    if (isResultLinkId(linkId)) return; // the server's own result, worked out again on every call
    if (!inScreen && screens.has(linkId)) {
      // A screen's group: no answer of its own, its questions' answers inside it.
      const children = item['item'];
      if (item['answer'] !== undefined || !Array.isArray(children)) {
        issues.push({
          path: linkId,
          code: 'invalid_structure',
          message: `${where} ('${linkId}'): a screen's group has no answer, and holds the answers to its questions in 'item'`,
        });
        return;
      }
      (children as unknown[]).forEach((child, index) => {
        const childLinkId = isRecord(child) ? child['linkId'] : undefined;
        if (typeof childLinkId === 'string' && !(screens.get(linkId) ?? []).includes(childLinkId)) {
          issues.push({
            path: childLinkId,
            code: 'not_asked',
            message: `'${childLinkId}' is not a question of the screen '${linkId}': answer each question inside its own screen`,
          });
          return;
        }
        visit(child, `${where}.item[${String(index)}]`, true);
      });
      return;
    }
    if (!linkIds.includes(linkId) || (!inScreen && inScreenLinkIds.has(linkId))) {
      issues.push({
        path: linkId,
        code: 'not_asked',
        message: `'${linkId}' is not a question of the contained Questionnaire: answer only the questions asked`,
      });
      return;
    }
    if (
      item['item'] !== undefined ||
      (Array.isArray(item['answer']) && (item['answer'] as unknown[]).some((a) => isRecord(a) && a['item'] !== undefined))
    ) {
      issues.push({
        path: linkId,
        code: 'invalid_structure',
        message: `${where} ('${linkId}'): the questions of the adaptive form are not nested`,
      });
      return;
    }
    const field = fieldOf.get(linkId) ?? linkId;
    const absent = absentReason(item['answer'], linkId, issues);
    if (absent === 'none') {
      if (item['answer'] !== undefined && (field === linkId || saysNever(item['answer']))) answeredFields.add(`${field}|${linkId}`);
      answered.push(item);
      return;
    }
    if (absent === 'unknown') {
      if (unknown.includes(field)) {
        issues.push({ path: linkId, code: 'duplicate_answer', message: `'${field}' is answered "I don't know" twice` });
        return;
      }
      unknown.push(field);
    }
  };
  const inScreenLinkIds = new Set([...screens.values()].flat());
  (items as unknown[]).forEach((item, position) => {
    visit(item, `item[${String(position)}]`, false);
  });
  for (const field of unknown) {
    const conflict = [...answeredFields].find((entry) => entry.startsWith(`${field}|`));
    if (conflict !== undefined) {
      issues.push({
        path: conflict.split('|')[1] ?? field,
        code: 'conflicting_answers',
        message: `'${field}' is answered "I don't know" and answered too: the two contradict each other`,
      });
    }
  }

  let read: QuestionnaireInput | undefined;
  try {
    read = fromQuestionnaireResponse(
      {
        resourceType: 'QuestionnaireResponse',
        ...pick(response, ['id', 'subject', 'authored']),
        questionnaire: QUESTIONNAIRE_URLS[kind],
        status: 'in-progress',
        item: answered,
      },
      { kind, allowDraft: true, ...(options.at === undefined ? {} : { at: options.at }) },
    );
  } catch (error) {
    if (!isObservationError(error)) throw error;
    issues.push(...error.issues);
  }
  if (issues.length > 0 || read === undefined) throw new ObservationError(issues);
  const input = read.input;
  const unanswered = asked.filter((field) => !unknown.includes(field) && valueAt(input, field) === undefined);
  return {
    ...read,
    status: status as AdaptiveAnswers['status'],
    draft: status !== 'completed',
    unknown,
    asked,
    unanswered,
    questionnaireId: id,
  };
}

/**
 * The contained adaptive Questionnaire the response points at: its kind (from `derivedFrom`),
 * id and item linkIds, each checked; `undefined` (with issues) when there is none to use.
 */
function containedQuestionnaire(
  response: Record<string, unknown>,
  issues: InputIssue[],
): { kind: QuestionnaireKind; id: string; linkIds: string[]; screens: Map<string, string[]> } | undefined {
  const reference = response['questionnaire'];
  if (typeof reference !== 'string' || !reference.startsWith('#') || reference.length < 2) {
    issues.push({
      path: 'questionnaire',
      code: 'not_adaptive',
      message: `'questionnaire' must point at the contained adaptive Questionnaire ('#' and its id), got ${shown(reference)}`,
    });
    return undefined;
  }
  const contained = response['contained'];
  const found = Array.isArray(contained)
    ? (contained as unknown[]).find(
        (resource) => isRecord(resource) && resource['resourceType'] === 'Questionnaire' && resource['id'] === reference.slice(1),
      )
    : undefined;
  if (!isRecord(found)) {
    issues.push({
      path: 'contained',
      code: 'not_adaptive',
      message: `'contained' holds no Questionnaire with id '${reference.slice(1)}' (the one 'questionnaire' points at)`,
    });
    return undefined;
  }
  const extensions = Array.isArray(found['extension']) ? (found['extension'] as unknown[]) : [];
  const adaptive = extensions.some(
    (extension) =>
      isRecord(extension) &&
      extension['url'] === ADAPTIVE_EXTENSION &&
      (extension['valueBoolean'] === true || typeof extension['valueUrl'] === 'string'),
  );
  if (!adaptive) {
    issues.push({
      path: 'contained.questionnaire.extension',
      code: 'not_adaptive',
      message: `the contained Questionnaire is not marked adaptive (extension ${ADAPTIVE_EXTENSION} with valueBoolean true)`,
    });
  }
  const derivedFrom = Array.isArray(found['derivedFrom']) ? (found['derivedFrom'] as unknown[]) : [];
  const kinds = (['checkin', 'screening'] as const).filter((kind) =>
    derivedFrom.some((url) => typeof url === 'string' && url.split('|')[0] === QUESTIONNAIRE_URLS[kind]),
  );
  const kind = kinds.length === 1 ? kinds[0] : undefined;
  if (kind === undefined) {
    issues.push({
      path: 'contained.questionnaire.derivedFrom',
      code: 'unknown_questionnaire',
      message: `the contained Questionnaire's 'derivedFrom' must be ${QUESTIONNAIRE_URLS.checkin} or ${QUESTIONNAIRE_URLS.screening}`,
    });
    return undefined;
  }
  const items = found['item'] ?? [];
  if (!Array.isArray(items)) {
    issues.push({
      path: 'contained.questionnaire.item',
      code: 'invalid_structure',
      message: "the contained Questionnaire's 'item' must be a list",
    });
    return undefined;
  }
  const known = askableLinkIds(kind);
  const linkIds: string[] = [];
  const screens = new Map<string, string[]>();
  const visit = (item: unknown, where: string, screen: string[] | undefined): void => {
    const linkId = isRecord(item) ? item['linkId'] : undefined;
    if (typeof linkId !== 'string') {
      issues.push({ path: where, code: 'invalid_structure', message: `${where} must be an item with a linkId` });
    } else if (screen === undefined && isScreenLinkId(linkId) && isRecord(item) && item['type'] === 'group') {
      // A screen (a checklist or group): its questions, one level down.
      if (screens.has(linkId)) {
        issues.push({ path: linkId, code: 'duplicate_answer', message: `'${linkId}' is asked twice in the contained Questionnaire` });
        return;
      }
      const children = item['item'];
      if (!Array.isArray(children) || children.length === 0) {
        issues.push({
          path: linkId,
          code: 'invalid_structure',
          message: `'${linkId}': a screen's group must hold its questions in 'item'`,
        });
        return;
      }
      const held: string[] = [];
      screens.set(linkId, held);
      (children as unknown[]).forEach((child, index) => {
        visit(child, `${where}.item[${String(index)}]`, held);
      });
    } else if (!known.has(linkId) && (screen !== undefined || !isResultLinkId(linkId))) {
      issues.push({ path: linkId, code: 'unknown_link_id', message: `'${linkId}' is not a question of the ${kind} questionnaire` });
    } else if (linkIds.includes(linkId)) {
      issues.push({ path: linkId, code: 'duplicate_answer', message: `'${linkId}' is asked twice in the contained Questionnaire` });
    } else if (isRecord(item) && item['item'] !== undefined) {
      issues.push({ path: linkId, code: 'invalid_structure', message: `'${linkId}': the questions of the adaptive form are not nested` });
    } else {
      linkIds.push(linkId);
      screen?.push(linkId);
    }
  };
  (items as unknown[]).forEach((item, position) => {
    visit(item, `contained.questionnaire.item[${String(position)}]`, undefined);
  });
  return { kind, id: reference.slice(1), linkIds, screens };
}

/**
 * Whether an item's answers say "I don't know": `unknown` for one answer with no value and the
 * `data-absent-reason` extension `asked-unknown`, `none` for no such extension, `invalid` (with
 * an issue) for any other use of the extension.
 */
function absentReason(answers: unknown, linkId: string, issues: InputIssue[]): 'none' | 'unknown' | 'invalid' {
  if (!Array.isArray(answers)) return 'none';
  const reasons = (answers as unknown[]).map((answer) =>
    isRecord(answer) && Array.isArray(answer['extension'])
      ? (answer['extension'] as unknown[]).filter((extension) => isRecord(extension) && extension['url'] === DATA_ABSENT_REASON_EXTENSION)
      : [],
  );
  if (reasons.every((found) => found.length === 0)) return 'none';
  const [answer] = answers as unknown[];
  const [reason] = reasons[0] ?? [];
  const fail = (message: string): 'invalid' => {
    issues.push({ path: linkId, code: 'invalid_answer', message: `'${linkId}': ${message}` });
    return 'invalid';
  };
  if (answers.length !== 1 || reasons[0]?.length !== 1 || !isRecord(answer) || !isRecord(reason))
    return fail(`"I don't know" is one answer holding one data-absent-reason extension, and nothing else`);
  const values = Object.keys(answer).filter((key) => key.startsWith('value'));
  if (values.length > 0) return fail(`an answer with a data-absent-reason has no value, but this one has ${values.join(', ')}`);
  if (reason['valueCode'] !== ASKED_UNKNOWN)
    return fail(`the data-absent-reason of an answer must be '${ASKED_UNKNOWN}' ("I don't know"), got ${shown(reason['valueCode'])}`);
  return 'unknown';
}

/** True when a gate item's answer is "never" (`true`): an answer of the field, unlike `false`. */
function saysNever(answers: unknown): boolean {
  return Array.isArray(answers) && (answers as unknown[]).some((answer) => isRecord(answer) && answer['valueBoolean'] === true);
}

/** A value for a message: its JSON, or `missing`. */
export function shown(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.flatMap((key) => (record[key] === undefined ? [] : [[key, record[key]]])));
}
