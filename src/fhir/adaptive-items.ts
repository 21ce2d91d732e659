import { DECISIONS, LEVELS, type Decision, type Level } from '../contract.js';
import type { InterviewQuestion, InterviewScreen } from '../interview/interview-types.js';
import type { RuleMessage } from '../rules/rule-set-schema.js';
import { ACTION_LINK_ID, RESULT_LINK_ID, type AdaptiveQuestionnaireItem, type AdaptiveResponseItem } from './adaptive-types.js';
import { decisionDisplay, levelDisplay } from './code-systems.js';
import { DECISION_SYSTEM, LEVEL_SYSTEM, NONE_OF_THESE } from './fhir-codes.js';
import type { QuestionnaireItem } from './fhir-types.js';
import { buildQuestionnaire } from './questionnaire-builder.js';
import { gateLinkId, type QuestionnaireKind } from './questionnaire-fields.js';

const baseItems = new Map<QuestionnaireKind, ReadonlyMap<string, QuestionnaireItem>>();

/** The questions of the full questionnaire by linkId (groups left out), built once per kind. */
function itemsOf(kind: QuestionnaireKind): ReadonlyMap<string, QuestionnaireItem> {
  let items = baseItems.get(kind);
  if (items === undefined) {
    const flat = new Map<string, QuestionnaireItem>();
    const visit = (list: readonly QuestionnaireItem[]): void => {
      for (const item of list) {
        if (item.type === 'group') visit(item.item ?? []);
        else flat.set(item.linkId, item);
      }
    };
    visit(buildQuestionnaire(kind).item ?? []);
    items = flat;
    baseItems.set(kind, items);
  }
  return items;
}

/**
 * The items that ask one input field in the adaptive form: the field's item of the full
 * questionnaire (same linkId, type, unit and answer options, so its answers read the same way),
 * with the wording of the rule set in use and only the answers the interview offers (a sign the
 * person reported is asked without "none"), required, and without the full form's `enableWhen`
 * (the interview decides what to ask). A field that accepts "never" is asked with its gate item
 * first (`<field>.none`), as in the full form.
 */
export function questionItems(
  kind: QuestionnaireKind,
  question: Pick<InterviewQuestion<string>, 'field' | 'question' | 'answer'>,
): AdaptiveQuestionnaireItem[] {
  const { field, question: wording, answer } = question;
  const items = itemsOf(kind);
  const item = items.get(field);
  if (item === undefined) throw new Error(`the ${kind} questionnaire has no item for '${field}'`);
  const gate = items.get(gateLinkId(field));
  const { enableWhen: _enableWhen, enableBehavior: _enableBehavior, ...shape } = item;
  const offered = answer.type === 'choice' ? new Set([...answer.options.map(String), NONE_OF_THESE]) : undefined;
  const asked: AdaptiveQuestionnaireItem = {
    ...shape,
    ...(offered === undefined || shape.answerOption === undefined
      ? {}
      : { answerOption: shape.answerOption.filter((option) => offered.has(String(option.valueCoding?.code ?? option.valueInteger))) }),
    text: wording.patient,
    required: true,
    ...(gate === undefined ? {} : { enableWhen: [{ question: gate.linkId, operator: '!=', answerBoolean: true }] }),
  };
  return gate === undefined ? [asked] : [{ ...gate }, asked];
}

/** The prefix of the linkId of a group item that holds the questions of one screen (a checklist or group). */
export const SCREEN_LINK_PREFIX = 'screen.';

/** True for the linkId of a screen's group item. */
export function isScreenLinkId(linkId: unknown): linkId is string {
  return typeof linkId === 'string' && linkId.startsWith(SCREEN_LINK_PREFIX);
}

/**
 * The items that ask one interview screen (`step.screens[0]`): a single question as
 * {@link questionItems} asks it; a checklist or group as one `group` item, its caption as text,
 * holding the items of its questions (boolean items for a checklist, choice items for a group),
 * each answered on its own, "I don't know" included. `taken` holds the linkIds the form already
 * has: a screen of the same group shown again gets a linkId of its own (`screen.<id>.2`).
 */
export function screenItems(
  kind: QuestionnaireKind,
  screen: InterviewScreen<string>,
  taken: ReadonlySet<string> = new Set(),
): AdaptiveQuestionnaireItem[] {
  if (screen.kind === 'question') return questionItems(kind, screen.question);
  const base = `${SCREEN_LINK_PREFIX}${screen.id}`;
  let linkId = base;
  for (let copy = 2; taken.has(linkId); copy += 1) linkId = `${base}.${String(copy)}`;
  return [
    {
      linkId,
      text: screen.caption.patient,
      type: 'group',
      required: true,
      item: screen.items.flatMap((item) => questionItems(kind, item)) as QuestionnaireItem[],
    },
  ];
}

/** The linkIds the adaptive form may hold for a kind, each with the input field it answers (a gate answers its field). */
export function askableLinkIds(kind: QuestionnaireKind): ReadonlyMap<string, string> {
  const fields = new Map<string, string>();
  for (const linkId of itemsOf(kind).keys()) {
    fields.set(
      linkId,
      linkId.endsWith('.none') && itemsOf(kind).has(linkId.slice(0, -'.none'.length)) ? linkId.slice(0, -'.none'.length) : linkId,
    );
  }
  return fields;
}

/** True for the items the server adds when the interview is done (the result and what to do now). */
export function isResultLinkId(linkId: unknown): boolean {
  return linkId === RESULT_LINK_ID || linkId === ACTION_LINK_ID;
}

/**
 * The items added when the interview is done: a read-only question holding the result (the
 * level, or the screening decision, coded in this package's code system) answered in the
 * response, and a display item saying what to do now.
 */
export function resultItems(
  kind: QuestionnaireKind,
  grade: Level | Decision,
  action: RuleMessage,
): { readonly questionnaire: AdaptiveQuestionnaireItem[]; readonly response: AdaptiveResponseItem } {
  const options =
    kind === 'checkin'
      ? LEVELS.map((level) => ({ system: LEVEL_SYSTEM, code: level, display: levelDisplay(level) }))
      : DECISIONS.map((decision) => ({ system: DECISION_SYSTEM, code: decision, display: decisionDisplay(decision) }));
  const text = kind === 'checkin' ? 'Result of the check-in' : 'Screening decision';
  const coding = options.find((option) => option.code === grade);
  if (coding === undefined) throw new Error(`'${grade}' is not a ${kind === 'checkin' ? 'level' : 'decision'}`);
  return {
    questionnaire: [
      { linkId: RESULT_LINK_ID, text, type: 'choice', readOnly: true, answerOption: options.map((valueCoding) => ({ valueCoding })) },
      { linkId: ACTION_LINK_ID, text: action.patient, type: 'display' },
    ],
    response: { linkId: RESULT_LINK_ID, text, answer: [{ valueCoding: coding }] },
  };
}
