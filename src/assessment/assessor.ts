import { normaliseCheckIn } from '../checkin/normalise-checkin.js';
import { FlooredRules } from '../engine/floored-rules.js';
import type { Evaluator } from '../engine/run-rules.js';
import { OPEN_RED_FLAGS_FACT } from '../facts/checkin-facts.js';
import type { LoadedRuleSet } from '../rules/load-rule-set.js';
import type { Assessment } from './assessment-types.js';
import { buildAssessment } from './build-assessment.js';
import { ruleTraces, type EvaluationOptions } from '../explain/rule-trace.js';

/** Runs post-procedure assessments against one loaded rule set. */
export class Assessor {
  private readonly rules: FlooredRules;

  constructor(
    private readonly ruleSet: LoadedRuleSet,
    private readonly now: () => Date,
    rules: FlooredRules | Evaluator = 'compiled',
  ) {
    this.rules = rules instanceof FlooredRules ? rules : new FlooredRules(ruleSet.assessment.rules, OPEN_RED_FLAGS_FACT, rules);
  }

  /** The same rules and engines, with another clock. */
  withClock(now: () => Date): Assessor {
    return new Assessor(this.ruleSet, now, this.rules);
  }

  /**
   * Validates the check-in, derives facts, works out which red-flag questions are still open,
   * runs the rules and combines their outcomes.
   *
   * @throws {ObservationError} (as a rejection) for input that does not match the contract.
   */
  async assess(input: unknown, options: EvaluationOptions = {}): Promise<Assessment> {
    const clock = this.now();
    const knowledge = this.ruleSet.assessment;
    const { checkIn, facts } = normaliseCheckIn(input, clock, knowledge);
    const { values, outcomes, statuses } = await this.rules.evaluate(facts.values);
    const assessment = buildAssessment({
      knowledge,
      ruleSet: this.ruleSet.info,
      facts: { values, derivations: facts.derivations },
      outcomes,
      statuses,
      assessedAt: checkIn.assessedAt ?? clock.toISOString(),
    });
    if (options.trace !== true) return assessment;
    return {
      ...assessment,
      trace: ruleTraces(
        outcomes,
        statuses,
        this.rules.graded.map((rule) => rule.id),
      ),
    };
  }
}
