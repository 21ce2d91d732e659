import { openFlaggedFacts, ruleStatuses, withCounter, type GradedRule } from '../engine/open-questions.js';
import { factsOf } from '../rules/validate-rule-set.js';
import { createRuleRunner, type Evaluator, type RuleRunner } from '../engine/run-rules.js';
import { OPEN_BLOCKING_FACT } from '../facts/screening-facts.js';
import type { LoadedRuleSet } from '../rules/load-rule-set.js';
import { buildScreening } from './build-screening.js';
import { normaliseScreening } from './normalise-screening.js';
import type { Screening } from './screening-types.js';
import { ruleTraces, type EvaluationOptions } from '../explain/rule-trace.js';

/** Runs pre-treatment screenings against one loaded rule set. */
export class Screener {
  private readonly graded: readonly GradedRule[];
  /** Rules that test the floor counter: the only ones whose status changes once it is known. */
  private readonly counterRules: readonly GradedRule[];

  constructor(
    private readonly ruleSet: LoadedRuleSet,
    private readonly now: () => Date,
    evaluator: Evaluator = 'compiled',
    private readonly runner: RuleRunner = createRuleRunner(ruleSet.screening.rules, evaluator),
  ) {
    this.graded = ruleSet.screening.rules.map((rule) => rule.graded);
    this.counterRules = this.graded.filter((rule) => factsOf(rule.conditions).includes(OPEN_BLOCKING_FACT));
  }

  /** The same rules and engines, with another clock. */
  withClock(now: () => Date): Screener {
    return new Screener(this.ruleSet, now, 'compiled', this.runner);
  }

  /**
   * Validates the candidate, works out which blocking questions are open, runs the screening
   * rules and combines them.
   *
   * @throws {ObservationError} (as a rejection) for input that does not match the contract.
   */
  async screen(raw: unknown, options: EvaluationOptions = {}): Promise<Screening> {
    const knowledge = this.ruleSet.screening;
    const { input, facts } = normaliseScreening(raw, knowledge.derivations);
    const screenedAt = input.screenedAt === undefined ? this.now() : new Date(input.screenedAt);
    const initial = ruleStatuses(this.graded, facts.values);
    const values = { ...facts.values, [OPEN_BLOCKING_FACT]: openFlaggedFacts(this.graded, initial).size };
    const outcomes = await this.runner.run(values);
    const statuses = withCounter(initial, this.counterRules, values);
    const screening = buildScreening({
      knowledge,
      ruleSet: this.ruleSet.info,
      facts: { values, derivations: facts.derivations },
      outcomes,
      statuses,
      screenedAt,
    });
    if (options.trace !== true) return screening;
    return {
      ...screening,
      trace: ruleTraces(
        outcomes,
        statuses,
        this.graded.map((rule) => rule.id),
      ),
    };
  }
}
