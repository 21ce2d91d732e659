import type { Decision } from '../contract.js';
import type { PatientView } from '../assessment/assessment-types.js';
import { explanationOf, headlineOf } from '../evaluation/grade-wording.js';
import type { LoadedScreeningRule, ScreeningKnowledge } from '../rules/load-rule-set.js';
import { DATE_PLACEHOLDER, type RuleMessage } from '../rules/rule-set-schema.js';

/** The day as a person reads it: day, month name, year (UTC; e.g. "13 March 2026"). */
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * The headline of a screening's decision, in both wordings, from the advice files' `decisions`.
 * A postponement made only of waiting times (`postponeUntil` set) says the day its waits are over
 * ("until after 13 March 2026": the UTC day of `postponeUntil`, so that the day named is never
 * before the end of a wait); otherwise the headline is chosen by why the decision was reached
 * (see `headlineOf`).
 */
export function screeningHeadline(
  knowledge: ScreeningKnowledge,
  decision: Decision,
  deciding: readonly LoadedScreeningRule[],
  postponeUntil: string | null,
): RuleMessage {
  const wording = knowledge.decisions[decision];
  const dated = wording.summaries?.waitUntil;
  if (postponeUntil !== null && dated !== undefined) {
    const day = DAY.format(new Date(postponeUntil));
    return { clinician: dated.clinician.replaceAll(DATE_PLACEHOLDER, day), patient: dated.patient.replaceAll(DATE_PLACEHOLDER, day) };
  }
  return headlineOf(wording, deciding);
}

/**
 * What a candidate reads: the decision's headline, the decision's actions (its own only), what to
 * tell the clinic about before the visit, and why: the messages of the rules at the decision
 * (see `explanationOf`). Open questions are for the clinician summary.
 */
export function screeningPatientView(
  knowledge: ScreeningKnowledge,
  decision: Decision,
  deciding: readonly LoadedScreeningRule[],
  headline: RuleMessage,
): PatientView {
  const wording = knowledge.decisions[decision];
  return {
    headline: headline.patient,
    actions: [...wording.actions],
    watchFor: [...(wording.watchFor ?? [])],
    explanation: explanationOf(deciding),
  };
}
