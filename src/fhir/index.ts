/**
 * Clinic integration: FHIR R4 Questionnaires in, CDS Hooks cards and a RiskAssessment out.
 * No FHIR runtime dependency.
 *
 * @module
 */
export { buildQuestionnaire } from './questionnaire-builder.js';
export { fromQuestionnaireResponse, type QuestionnaireInput } from './from-questionnaire-response.js';
export { toCdsHooksCards, type CdsCard, type CardOptions } from './cds-hooks.js';
export { toRiskAssessment, type RiskAssessmentOptions } from './risk-assessment.js';
export { QUESTIONNAIRE_URLS, FHIR_BASE, LEVEL_SYSTEM, DECISION_SYSTEM, answerSystem } from './fhir-codes.js';
export { gateLinkId, type QuestionnaireKind } from './questionnaire-fields.js';
export type * from './fhir-types.js';
