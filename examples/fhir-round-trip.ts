// FHIR round trip: Questionnaire out, QuestionnaireResponse in, CDS Hooks card and RiskAssessment out.
import { createTriage } from 'microneedling-triage';
import {
  buildQuestionnaire,
  fromQuestionnaireResponse,
  QUESTIONNAIRE_URLS,
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
    item: [
      { linkId: 'hoursSinceTreatment', answer: [{ valueDecimal: 100 }] },
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
  const { kind, input } = fromQuestionnaireResponse(response);
  const assessment = await createTriage().assess(input);
  const [card] = toCdsHooksCards(assessment);
  const risk = toRiskAssessment(assessment, { basis: { reference: 'QuestionnaireResponse/qr-42' }, subject: { reference: 'Patient/p-7' } });
  return {
    kind,
    input,
    level: assessment.level,
    card: { indicator: card?.indicator, summary: card?.summary },
    risk: { basis: risk.basis, outcome: risk.prediction?.[0]?.outcome?.text },
  };
}

await runIfMain(import.meta.url, main);
