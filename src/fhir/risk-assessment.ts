import type { Assessment } from '../assessment/assessment-types.js';
import type { Level } from '../contract.js';
import { causeDisplay, levelDisplay } from './code-systems.js';
import { deterministicUuid } from './deterministic-uuid.js';
import { CAUSE_SYSTEM, LEVEL_SYSTEM, RISK_PROBABILITY_SYSTEM } from './fhir-codes.js';
import type { CodeableConcept, Coding, Reference, RiskAssessment } from './fhir-types.js';
import { narrative } from './narrative.js';

/** Options for {@link toRiskAssessment}. */
export interface RiskAssessmentOptions {
  /**
   * The patient (defaults to a display-only reference). The resource gets an `id` only when the
   * subject has a `reference` or an `identifier`, so that two patients never share one.
   */
  readonly subject?: Reference;
  /** What the assessment was based on, usually the QuestionnaireResponse (`QuestionnaireResponse/<id>`). */
  readonly basis?: Reference | readonly Reference[];
  /** An id to use instead of the derived one. */
  readonly id?: string;
}

/**
 * The risk-probability code beside a cause's level: the level is how far the rules naming the
 * cause reached, so `monitor` (not typical, no warning sign) reads as a low, `contact-provider`
 * (a sign the sources send to the clinician) as a moderate and `urgent` (a red flag) as a high
 * probability that the cause is present. `expected` has none: such a cause is not suspected
 * beyond normal healing, and "negligible" would claim more than the rules say. `certain` is never
 * used (decision support, not a diagnosis). See docs/integration.md.
 */
const RISK_PROBABILITY: Readonly<Partial<Record<Level, Coding>>> = {
  monitor: { system: RISK_PROBABILITY_SYSTEM, code: 'low', display: 'Low likelihood' },
  'contact-provider': { system: RISK_PROBABILITY_SYSTEM, code: 'moderate', display: 'Moderate likelihood' },
  urgent: { system: RISK_PROBABILITY_SYSTEM, code: 'high', display: 'High likelihood' },
};

/** The text of the overall prediction's outcome. */
export const OVERALL_OUTCOME = 'Overall triage level of the check-in';

/**
 * A FHIR R4 RiskAssessment recording an assessment: one prediction per suspected cause, each
 * with its own cause's level as the qualitative risk (our level code, and HL7's risk-probability
 * code for causes other than normal healing), then one prediction with the overall level; the
 * reasons as notes, the advice as mitigation, the rule set (id, version, hash) as the method,
 * and a narrative.
 */
export function toRiskAssessment(assessment: Assessment, options: RiskAssessmentOptions = {}): RiskAssessment {
  const basis =
    options.basis === undefined
      ? []
      : Array.isArray(options.basis)
        ? [...(options.basis as readonly Reference[])]
        : [options.basis as Reference];
  const subject = options.subject ?? { display: 'Patient' };
  const id = options.id ?? idFor(assessment, subject, basis);
  const causes = assessment.causes.map((cause) => ({
    outcome: { coding: [{ system: CAUSE_SYSTEM, code: cause.id, display: causeDisplay(cause.id) }], text: cause.id },
    qualitativeRisk: levelConcept(cause.level, cause.id !== 'normal-healing'),
    rationale: `Rules: ${cause.rules.join(', ')}`,
  }));
  const overall = { outcome: { text: OVERALL_OUTCOME }, qualitativeRisk: levelConcept(assessment.level, false) };
  return {
    resourceType: 'RiskAssessment',
    ...(id === undefined ? {} : { id }),
    text: narrative([
      `Post-microneedling triage at ${assessment.assessedAt}: ${levelDisplay(assessment.level)} (${assessment.level}).`,
      assessment.causes.map((cause) => `Suspected cause ${causeDisplay(cause.id)}: ${cause.level}`),
      assessment.reasons.map((reason) => `[${reason.level}] ${reason.ruleId}: ${reason.message.clinician}`),
      `Rules ${assessment.ruleSet.id} ${assessment.ruleSet.version} (${assessment.ruleSet.hash}). Decision support, not a diagnosis.`,
    ]),
    status: 'final',
    method: { text: `microneedling-triage rules ${assessment.ruleSet.id} ${assessment.ruleSet.version} (${assessment.ruleSet.hash})` },
    code: { text: 'Post-microneedling healing triage' },
    subject,
    occurrenceDateTime: assessment.assessedAt,
    ...(basis.length === 0 ? {} : { basis }),
    prediction: [...causes, overall],
    mitigation: assessment.advice.now.join(' '),
    ...(assessment.reasons.length === 0
      ? {}
      : { note: assessment.reasons.map((reason) => ({ text: `[${reason.level}] ${reason.ruleId}: ${reason.message.clinician}` })) }),
  };
}

function levelConcept(level: Level, withProbability: boolean): CodeableConcept {
  const probability = withProbability ? RISK_PROBABILITY[level] : undefined;
  return {
    coding: [{ system: LEVEL_SYSTEM, code: level, display: levelDisplay(level) }, ...(probability === undefined ? [] : [probability])],
    text: level,
  };
}

/** A name-based id of subject, basis, time and result; none without a subject to tie it to. */
function idFor(assessment: Assessment, subject: Reference, basis: readonly Reference[]): string | undefined {
  const who =
    subject.reference ??
    (subject.identifier === undefined ? undefined : `${subject.identifier.system ?? ''}|${subject.identifier.value ?? ''}`);
  if (who === undefined) return undefined;
  return deterministicUuid(
    JSON.stringify([
      'RiskAssessment',
      who,
      basis.map((entry) => entry.reference ?? entry.identifier?.value ?? ''),
      assessment.assessedAt,
      assessment.ruleSet.hash,
      assessment.level,
      assessment.reasons.map((reason) => reason.ruleId),
    ]),
  );
}
