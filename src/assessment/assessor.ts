import { normaliseCheckIn } from '../checkin/normalise-checkin.js';
import { createRuleRunner, type Evaluator, type RuleRunner } from '../engine/run-rules.js';
import { OPEN_RED_FLAGS_FACT } from '../facts/checkin-facts.js';
import type { LoadedRuleSet } from '../rules/load-rule-set.js';
import type { Assessment } from './assessment-types.js';
import { buildAssessment } from './build-assessment.js';
import { ruleTraces, type EvaluationOptions } from '../explain/rule-trace.js';
import { openFlaggedFacts, ruleStatuses, withCounter } from '../engine/open-questions.js';
import { factsOf } from '../rules/validate-rule-set.js';
import type { GradedRule } from '../engine/open-questions.js';

/** Runs post-procedure assessments against one loaded rule set. */
export class Assessor {
  private readonly graded: readonly GradedRule[];
  /** Rules that test the floor counter: the only ones whose status changes once it is known. */
  private readonly counterRules: readonly GradedRule[];

  constructor(
    private readonly ruleSet: LoadedRuleSet,
    private readonly now: () => Date,
    evaluator: Evaluator = 'compiled',
    private readonly runner: RuleRunner = createRuleRunner(ruleSet.assessment.rules, evaluator),
  ) {
    this.graded = ruleSet.assessment.rules.map((rule) => rule.graded);
    this.counterRules = this.graded.filter((rule) => factsOf(rule.conditions).includes(OPEN_RED_FLAGS_FACT));
  }

  /** The same rules and engines, with another clock. */
  withClock(now: () => Date): Assessor {
    return new Assessor(this.ruleSet, now, 'compiled', this.runner);
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
    const initial = ruleStatuses(this.graded, facts.values);
    const values = { ...facts.values, [OPEN_RED_FLAGS_FACT]: openFlaggedFacts(this.graded, initial).size };
    const snapshot = { values, derivations: facts.derivations };
    const outcomes = await this.runner.run(values);
    const statuses = withCounter(initial, this.counterRules, values);
    const assessment = buildAssessment({
      knowledge,
      ruleSet: this.ruleSet.info,
      facts: snapshot,
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
        this.graded.map((rule) => rule.id),
      ),
    };
  }
}
