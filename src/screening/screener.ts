import { openFlaggedFacts, ruleStatuses } from '../engine/open-questions.js';
import { RuleRunner } from '../engine/run-rules.js';
import { OPEN_BLOCKING_FACT } from '../facts/screening-facts.js';
import type { LoadedRuleSet } from '../rules/load-rule-set.js';
import { buildScreening } from './build-screening.js';
import { normaliseScreening } from './normalise-screening.js';
import type { Screening } from './screening-types.js';
import { ruleTraces, type EvaluationOptions } from '../explain/rule-trace.js';

/** Runs pre-treatment screenings against one loaded rule set. */
export class Screener {
  constructor(
    private readonly ruleSet: LoadedRuleSet,
    private readonly now: () => Date,
    private readonly runner = new RuleRunner(ruleSet.screening.rules),
  ) {}

  /** The same rules and engines, with another clock. */
  withClock(now: () => Date): Screener {
    return new Screener(this.ruleSet, now, this.runner);
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
    const graded = knowledge.rules.map((rule) => rule.graded);
    const values = { ...facts.values, [OPEN_BLOCKING_FACT]: openFlaggedFacts(graded, ruleStatuses(graded, facts.values)).size };
    const outcomes = await this.runner.run(values);
    const statuses = ruleStatuses(graded, values);
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
        graded.map((rule) => rule.id),
      ),
    };
  }
}
