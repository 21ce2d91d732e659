import type { EvaluationKind } from '../evaluation/pipeline.js';
import type { FreshFacts } from '../facts/fact-values.js';
import { OPEN_BLOCKING_FACT } from '../facts/screening-facts.js';
import { buildScreening } from './build-screening.js';
import { normaliseScreening } from './normalise-screening.js';
import type { Screening } from './screening-types.js';

/** A validated candidate's facts and time, before the rules run. */
interface PreparedCandidate {
  readonly facts: FreshFacts;
  readonly screenedAt: Date;
  readonly candidate: unknown;
}

/** Pre-treatment screening in the evaluation pipeline: candidate → facts → rules → {@link Screening}. */
export const SCREENING: EvaluationKind<PreparedCandidate, Screening> = {
  method: 'screen',
  counterFact: OPEN_BLOCKING_FACT,
  rules: (ruleSet) => ruleSet.screening.rules,
  prepare(raw, now, ruleSet) {
    const { input, facts } = normaliseScreening(raw, ruleSet.screening);
    return { facts, screenedAt: input.screenedAt === undefined ? now() : new Date(input.screenedAt), candidate: input };
  },
  build: (prepared, { values, outcomes, statuses }, ruleSet) =>
    buildScreening({
      knowledge: ruleSet.screening,
      ruleSet: ruleSet.info,
      facts: { values, derivations: prepared.facts.derivations },
      outcomes,
      statuses,
      screenedAt: prepared.screenedAt,
      candidate: prepared.candidate,
    }),
};
