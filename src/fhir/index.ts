/**
 * Clinic integration: FHIR R4 Questionnaires in, CDS Hooks cards, a RiskAssessment and the
 * care-team alerts (Flag, Task, Communication) out, and the code systems they use; the SDC
 * adaptive form (`Questionnaire/$next-question`) over the interview.
 * No FHIR runtime dependency: these functions only build and read resources.
 *
 * @module
 */
export { buildQuestionnaire } from './questionnaire-builder.js';
export {
  fromQuestionnaireResponse,
  type QuestionnaireInput,
  type QuestionnaireResponseOptions,
  type DerivedAnswer,
  type ReadableStatus,
} from './from-questionnaire-response.js';
export { toQuestionnaireResponse, type ToQuestionnaireResponseOptions } from './to-questionnaire-response.js';
export { toCdsHooksCards, type CdsCard, type CardOptions, type CdsLink, type CdsSuggestion } from './cds-hooks.js';
export { toRiskAssessment, OVERALL_OUTCOME, type RiskAssessmentOptions } from './risk-assessment.js';
export { toFlag, toTask, toCommunication, toCareTeamBundle, needsCareTeam, alertIdentifier, type CareTeamOptions } from './care-team.js';
export { contractCodeSystems, answerCodeSystems, OVERRIDE_REASONS, levelDisplay, decisionDisplay, causeDisplay } from './code-systems.js';
export {
  QUESTIONNAIRE_URLS,
  FHIR_BASE,
  LEVEL_SYSTEM,
  DECISION_SYSTEM,
  CAUSE_SYSTEM,
  OVERRIDE_REASON_SYSTEM,
  ALERT_IDENTIFIER_SYSTEM,
  RISK_PROBABILITY_SYSTEM,
  UCUM_SYSTEM,
  QUESTIONNAIRE_UNIT_EXTENSION,
  OPTION_EXCLUSIVE_EXTENSION,
  NONE_OF_THESE,
  answerSystem,
} from './fhir-codes.js';
export { convertQuantity, UCUM_CODES } from './units.js';
export { gateLinkId, type QuestionnaireKind } from './questionnaire-fields.js';
export { nextQuestion, type NextQuestion, type NextQuestionOptions, type AdaptiveStep } from './next-question.js';
export { readAdaptiveResponse, type AdaptiveAnswers, type AdaptiveResponseOptions } from './adaptive-response.js';
export { toOperationOutcome, type OutcomeIssue } from './operation-outcome.js';
export {
  ADAPTIVE_EXTENSION,
  ADAPTIVE_QUESTIONNAIRE_PROFILE,
  ADAPTIVE_RESPONSE_PROFILE,
  NEXT_QUESTION_OPERATION,
  DATA_ABSENT_REASON_EXTENSION,
  ASKED_UNKNOWN,
  RESULT_LINK_ID,
  ACTION_LINK_ID,
} from './adaptive-types.js';
export type * from './adaptive-types.js';
export type * from './fhir-types.js';
