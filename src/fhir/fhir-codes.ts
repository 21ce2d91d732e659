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

/** Code system of assessment levels (used in cards, RiskAssessment, Flag and Task). */
export const LEVEL_SYSTEM = `${FHIR_BASE}/CodeSystem/assessment-level`;
/** Code system of screening decisions (used in cards). */
export const DECISION_SYSTEM = `${FHIR_BASE}/CodeSystem/screening-decision`;
/** Code system of the suspected causes (RiskAssessment prediction outcomes). */
export const CAUSE_SYSTEM = `${FHIR_BASE}/CodeSystem/cause`;
/** Code system of the reasons a clinician may give for overriding a card (CDS Hooks `overrideReasons`). */
export const OVERRIDE_REASON_SYSTEM = `${FHIR_BASE}/CodeSystem/override-reason`;
/** Identifier system of the care-team alerts (Flag, Task, Communication) this package builds. */
export const ALERT_IDENTIFIER_SYSTEM = `${FHIR_BASE}/identifier/care-team-alert`;

/** HL7's risk-probability code system (negligible, low, moderate, high, certain). */
export const RISK_PROBABILITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/risk-probability';
/** UCUM, the system of units of `valueQuantity` answers and of the questionnaires' units. */
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';
/** The standard extension that gives a decimal question its unit. */
export const QUESTIONNAIRE_UNIT_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/questionnaire-unit';
/** The standard extension that marks an answer option as excluding all others ("none of these"). */
export const OPTION_EXCLUSIVE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive';

/**
 * The answer code of a multi-select question that means "asked, none of these" (the empty
 * list `[]`). It excludes every other option.
 */
export const NONE_OF_THESE = 'none-of-these';
