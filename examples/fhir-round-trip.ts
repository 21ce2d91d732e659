// FHIR round trip: Questionnaire out, QuestionnaireResponse in, CDS Hooks card, RiskAssessment
// and care-team alert out.
import { createTriage } from 'microneedling-triage';
import {
  buildQuestionnaire,
  fromQuestionnaireResponse,
  QUESTIONNAIRE_URLS,
  toCareTeamBundle,
  toCdsHooksCards,
  toRiskAssessment,
} from 'microneedling-triage/fhir';
import { runIfMain } from './run-if-main.js';

export async function main(): Promise<unknown> {
  const questionnaire = buildQuestionnaire('checkin');
  // What a FHIR client sends back after the patient answers (linkIds are the input paths).
  const response = {
    resourceType: 'QuestionnaireResponse',
    id: 'qr-42',
    questionnaire: `${QUESTIONNAIRE_URLS.checkin}|${questionnaire.version ?? ''}`,
    status: 'completed',
    subject: { reference: 'Patient/p-7' },
    // When the patient answered: the check-in is judged at this time, not when it is read.
    authored: '2026-03-10T09:30:00+01:00',
    item: [
      { linkId: 'hoursSinceTreatment', answer: [{ valueQuantity: { value: 100, system: 'http://unitsofmeasure.org', code: 'h' } }] },
      {
        linkId: 'signs',
        item: [
          { linkId: 'signs.redness', answer: [{ valueCoding: { code: 'mild' } }] },
          { linkId: 'signs.itch', answer: [{ valueCoding: { code: 'intense' } }] },
        ],
      },
      { linkId: 'exposures', item: [{ linkId: 'exposures.newProductApplied', answer: [{ valueBoolean: true }] }] },
    ],
  };
  const { kind, input, derived } = fromQuestionnaireResponse(response);
  const assessment = await createTriage().assess(input);
  const [card] = toCdsHooksCards(assessment);
  const subject = { reference: 'Patient/p-7' };
  const basis = { reference: 'QuestionnaireResponse/qr-42' };
  const risk = toRiskAssessment(assessment, { basis, subject });
  // For the care team (contact-provider or urgent): a Flag and a Task for the treating practitioner.
  const alert = toCareTeamBundle(assessment, { subject, basis, practitioner: { reference: 'Practitioner/dr-3' } });
  return {
    kind,
    input,
    derived: derived.map((entry) => entry.note),
    level: assessment.level,
    card: { indicator: card?.indicator, summary: card?.summary },
    risk: { id: risk.id, basis: risk.basis, outcome: risk.prediction?.[0]?.outcome?.text },
    alert: alert?.entry.map((entry) => entry.resource.resourceType) ?? [],
  };
}

await runIfMain(import.meta.url, main);
