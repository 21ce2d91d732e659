import { normaliseCheckIn } from '../checkin/normalise-checkin.js';
import type { EvaluationKind } from '../evaluation/pipeline.js';
import { OPEN_RED_FLAGS_FACT } from '../facts/checkin-facts.js';
import type { FreshFacts } from '../facts/fact-values.js';
import type { Assessment } from './assessment-types.js';
import { buildAssessment } from './build-assessment.js';

/** A validated check-in's facts and time, before the rules run. */
interface PreparedCheckIn {
  readonly facts: FreshFacts;
  readonly assessedAt: string;
  readonly checkIn: unknown;
}

/** Post-procedure assessment in the evaluation pipeline: check-in → facts → rules → {@link Assessment}. */
export const ASSESSMENT: EvaluationKind<PreparedCheckIn, Assessment> = {
  method: 'assess',
  counterFact: OPEN_RED_FLAGS_FACT,
  rules: (ruleSet) => ruleSet.assessment.rules,
  prepare(input, now, ruleSet) {
    const clock = now();
    const { checkIn, facts } = normaliseCheckIn(input, clock, ruleSet.assessment);
    return { facts, assessedAt: checkIn.assessedAt ?? clock.toISOString(), checkIn };
  },
  build: (prepared, { values, outcomes, statuses }, ruleSet) =>
    buildAssessment({
      knowledge: ruleSet.assessment,
      ruleSet: ruleSet.info,
      facts: { values, derivations: prepared.facts.derivations },
      outcomes,
      statuses,
      assessedAt: prepared.assessedAt,
      checkIn: prepared.checkIn,
    }),
};
