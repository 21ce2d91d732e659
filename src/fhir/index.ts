/**
 * Clinic integration: FHIR R4 Questionnaires in, CDS Hooks cards, a RiskAssessment and the
 * care-team alerts (Flag, Task, Communication) out, and the code systems they use.
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
export type * from './fhir-types.js';
