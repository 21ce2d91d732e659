/** Base of the canonical URLs and code systems this package defines. */
export const FHIR_BASE = 'https://microneedling-triage.dev/fhir';

/** Canonical URL of the shipped questionnaires. */
export const QUESTIONNAIRE_URLS = {
  checkin: `${FHIR_BASE}/Questionnaire/post-procedure-check-in`,
  screening: `${FHIR_BASE}/Questionnaire/pre-treatment-screening`,
} as const;

/** The code system of the answers of an input field: one system per field. */
export function answerSystem(field: string): string {
  return `${FHIR_BASE}/CodeSystem/${field}`;
}

/** Code system of assessment levels (used in cards and RiskAssessment). */
export const LEVEL_SYSTEM = `${FHIR_BASE}/CodeSystem/assessment-level`;
/** Code system of screening decisions (used in cards). */
export const DECISION_SYSTEM = `${FHIR_BASE}/CodeSystem/screening-decision`;
