// Screen a candidate: the decision, why, what to change, and when a wait resolves it.
import { createTriage } from 'microneedling-triage';
import { runIfMain } from './run-if-main.js';

export async function main(): Promise<unknown> {
  const triage = createTriage();
  const screening = await triage.screen({
    screenedAt: '2026-03-10T09:00:00Z',
    plannedTreatment: { depth: 'superficial', site: 'face' },
    patient: { fitzpatrick: 5 },
    conditions: {
      pregnant: false,
      immunosuppressed: false,
      activeInfection: false,
      activeColdSore: false,
      keloidHistory: false,
      bleedingDisorder: false,
    },
    medications: { onIsotretinoin: false, isotretinoinMonthsAgo: null, anticoagulants: false, retinoidDaysAgo: 1 },
    lastSessionWeeksAgo: null,
  });
  return {
    decision: screening.decision,
    postponeUntil: screening.postponeUntil,
    reasons: screening.reasons.map((reason) => `${reason.ruleId} [${reason.decision}]`),
    precautions: screening.precautions.map((precaution) => precaution.text),
  };
}

await runIfMain(import.meta.url, main);
