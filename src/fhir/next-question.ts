import type { Assessment } from '../assessment/assessment-types.js';
import type { Decision, Level } from '../contract.js';
import type { InterviewScreen, InterviewStep } from '../interview/interview-types.js';
import { ObservationError } from '../input/observation-error.js';
import type { Screening } from '../screening/screening-types.js';
import type { Triage } from '../triage.js';
import { isResultLinkId, resultItems, screenItems } from './adaptive-items.js';
import { readAdaptiveResponse, shown, type AdaptiveAnswers, type AdaptiveResponseOptions } from './adaptive-response.js';
import type { AdaptiveQuestionnaire, AdaptiveQuestionnaireResponse } from './adaptive-types.js';
import type { QuestionnaireKind } from './questionnaire-fields.js';

/** The name of the operation's input parameter (SDC `questionnaire-response`). */
const INPUT_PARAMETER = 'questionnaire-response';

/** Options of {@link nextQuestion}. */
export type NextQuestionOptions = AdaptiveResponseOptions;

/** The interview step of a check-in or of a screening. */
export type AdaptiveStep = InterviewStep<Assessment, Level> | InterviewStep<Screening, Decision>;

/** What `$next-question` returns, with what it was worked out from. */
export interface NextQuestion {
  /** The operation's output: the response with the next question added, or `completed` with the result. */
  readonly response: AdaptiveQuestionnaireResponse;
  readonly kind: QuestionnaireKind;
  /** The interview step on the answers so far. */
  readonly step: AdaptiveStep;
  /** The answers so far, as read from the request. */
  readonly answers: AdaptiveAnswers;
  /** The first input field asked by this call (`undefined` once done); `screen.fields` holds them all. */
  readonly asked?: string;
  /** The screen asked by this call (`step.screens[0]`, `undefined` once done): one question, or a checklist or group as one group item. */
  readonly screen?: InterviewScreen<Level | Decision>;
}

/**
 * FHIR SDC `Questionnaire/$next-question` on the answers so far. `request` is the adaptive
 * QuestionnaireResponse, or a Parameters resource holding it as `questionnaire-response` (both
 * are what the operation accepts over HTTP). The answers are read with
 * {@link readAdaptiveResponse}; the interview ({@link Triage.interview} or
 * {@link Triage.screeningInterview}, by the contained Questionnaire's `derivedFrom`) gives the
 * step. While it is not done, the response comes back `in-progress` with the interview's next
 * screen (`step.screens[0]`) appended to the contained Questionnaire: one question (with its
 * "never" gate item when it has one), or a checklist or group as one `group` item (linkId
 * `screen.<group id>`, the caption as its text) holding a boolean or choice item per question,
 * each answered on its own (or "I don't know"), the answers nested under the group in the
 * response; once done it comes back `completed`, with a read-only result item (the level or
 * decision) answered and a display item saying what to do now. Everything else in the response
 * is returned as it came.
 *
 * @throws {ObservationError} for a request that is not such a response, an answer that cannot
 *   be read, a question asked and left unanswered (`unanswered`), or answers the triage rejects.
 */
export async function nextQuestion(
  request: unknown,
  triage: Pick<Triage, 'interview' | 'screeningInterview'>,
  options: NextQuestionOptions = {},
): Promise<NextQuestion> {
  const response = unwrap(request);
  const answers = readAdaptiveResponse(response, options);
  if (answers.unanswered.length > 0) {
    throw new ObservationError(
      answers.unanswered.map((field) => ({
        path: field,
        code: 'unanswered',
        message: `'${field}' was asked and is not answered: answer it, or answer "I don't know" (no value, data-absent-reason 'asked-unknown')`,
      })),
    );
  }
  const kind = answers.kind;
  const step: AdaptiveStep =
    kind === 'checkin'
      ? await triage.interview(answers.input, { unknown: answers.unknown })
      : await triage.screeningInterview(answers.input, { unknown: answers.unknown });

  const output = structuredClone(response) as AdaptiveQuestionnaireResponse;
  const questionnaire = (output.contained as { resourceType: string; id?: string }[]).find(
    (resource): resource is AdaptiveQuestionnaire => resource.resourceType === 'Questionnaire' && resource.id === answers.questionnaireId,
  );
  if (questionnaire === undefined) throw new Error('the contained Questionnaire went missing');
  questionnaire.item = (questionnaire.item ?? []).filter((item) => !isResultLinkId(item.linkId));
  output.item = (output.item ?? []).filter((item) => !isResultLinkId(item.linkId));
  const derivedTime = answers.derived.find((derived) => derived.from === 'option');
  if (output.authored === undefined && derivedTime !== undefined) output.authored = derivedTime.value;

  if (step.done) {
    const grade = 'level' in step.result ? step.result.level : step.result.decision;
    const added = resultItems(kind, grade, step.action?.summary ?? { patient: grade, clinician: grade });
    questionnaire.item.push(...added.questionnaire);
    output.item.push(added.response);
    output.status = 'completed';
    return { response: output, kind, step, answers };
  }
  const screen = step.screens.find((next) => next.fields.every((field) => !answers.asked.includes(field)));
  if (screen === undefined) throw new Error('the interview asks again a question already asked and answered');
  const taken = new Set(questionnaire.item.map((item) => item.linkId));
  questionnaire.item.push(...screenItems(kind, screen, taken));
  output.status = 'in-progress';
  if (output.item.length === 0) delete output.item;
  const [asked] = screen.fields;
  return { response: output, kind, step, answers, ...(asked === undefined ? {} : { asked }), screen };
}

/** The adaptive response: the request itself, or the `questionnaire-response` parameter of a Parameters resource. */
function unwrap(request: unknown): unknown {
  if (typeof request !== 'object' || request === null || (request as { resourceType?: unknown }).resourceType !== 'Parameters') {
    return request;
  }
  const parameters = (request as { parameter?: unknown }).parameter;
  const fail = (message: string): never => {
    throw new ObservationError([{ path: 'parameter', code: 'invalid_parameters', message }]);
  };
  if (!Array.isArray(parameters)) return fail(`the Parameters resource must have a 'parameter' list`);
  const names = (parameters as unknown[]).map((parameter) =>
    typeof parameter === 'object' && parameter !== null ? (parameter as { name?: unknown }).name : undefined,
  );
  const others = names.filter((name) => name !== INPUT_PARAMETER);
  if (others.length > 0)
    return fail(
      `$next-question takes one parameter, '${INPUT_PARAMETER}'; got ${others.map((name) => (name === undefined ? 'a parameter without a name' : shown(name))).join(', ')}`,
    );
  if (names.length !== 1) return fail(`'${INPUT_PARAMETER}' must be given exactly once, got ${String(names.length)}`);
  const resource = (parameters[0] as { resource?: unknown }).resource;
  if (resource === undefined) return fail(`the '${INPUT_PARAMETER}' parameter must hold the QuestionnaireResponse in 'resource'`);
  return resource;
}
