import type { Assessment } from '../assessment/assessment-types.js';
import { deterministicUuid } from './deterministic-uuid.js';
import { LEVEL_SYSTEM } from './fhir-codes.js';
import type { Reference, RiskAssessment } from './fhir-types.js';

/** Options for {@link toRiskAssessment}. */
export interface RiskAssessmentOptions {
  /** The patient (defaults to a display-only reference). */
  readonly subject?: Reference;
  /** What the assessment was based on, usually the QuestionnaireResponse (`QuestionnaireResponse/<id>`). */
  readonly basis?: Reference | readonly Reference[];
}

/**
 * A FHIR R4 RiskAssessment recording an assessment: the level as the qualitative risk, the
 * suspected causes as predictions, the reasons as notes, the advice as mitigation, and the
 * rule set (id, version, hash) as the method.
 */
export function toRiskAssessment(assessment: Assessment, options: RiskAssessmentOptions = {}): RiskAssessment {
  const basis =
    options.basis === undefined
      ? []
      : Array.isArray(options.basis)
        ? [...(options.basis as readonly Reference[])]
        : [options.basis as Reference];
  const level = { coding: [{ system: LEVEL_SYSTEM, code: assessment.level }], text: assessment.level };
  const causes = assessment.causes.length === 0 ? [{ id: 'none', level: assessment.level, rules: [] as string[] }] : assessment.causes;
  return {
    resourceType: 'RiskAssessment',
    id: deterministicUuid(
      `${assessment.ruleSet.hash}|${assessment.assessedAt}|${JSON.stringify(assessment.reasons.map((reason) => reason.ruleId))}`,
    ),
    status: 'final',
    method: { text: `microneedling-triage rules ${assessment.ruleSet.id} ${assessment.ruleSet.version} (${assessment.ruleSet.hash})` },
    code: { text: 'Post-microneedling healing triage' },
    subject: options.subject ?? { display: 'Patient' },
    occurrenceDateTime: assessment.assessedAt,
    ...(basis.length === 0 ? {} : { basis }),
    prediction: causes.map((cause) => ({
      outcome: { text: cause.id },
      qualitativeRisk: level,
      ...(cause.rules.length === 0 ? {} : { rationale: `Rules: ${cause.rules.join(', ')}` }),
    })),
    mitigation: assessment.advice.now.join(' '),
    note: assessment.reasons.map((reason) => ({ text: `[${reason.level}] ${reason.ruleId}: ${reason.message.clinician}` })),
  };
}
