import { FlooredRules } from '../engine/floored-rules.js';
import type { Evaluator } from '../engine/run-rules.js';
import { OPEN_BLOCKING_FACT } from '../facts/screening-facts.js';
import type { LoadedRuleSet } from '../rules/load-rule-set.js';
import { buildScreening } from './build-screening.js';
import { normaliseScreening } from './normalise-screening.js';
import type { Screening } from './screening-types.js';
import { ruleTraces, type EvaluationOptions } from '../explain/rule-trace.js';

/** Runs pre-treatment screenings against one loaded rule set. */
export class Screener {
  private readonly rules: FlooredRules;

  constructor(
    private readonly ruleSet: LoadedRuleSet,
    private readonly now: () => Date,
    rules: FlooredRules | Evaluator = 'compiled',
  ) {
    this.rules = rules instanceof FlooredRules ? rules : new FlooredRules(ruleSet.screening.rules, OPEN_BLOCKING_FACT, rules);
  }

  /** The same rules and engines, with another clock. */
  withClock(now: () => Date): Screener {
    return new Screener(this.ruleSet, now, this.rules);
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
    const { values, outcomes, statuses } = await this.rules.evaluate(facts.values);
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
        this.rules.graded.map((rule) => rule.id),
      ),
    };
  }
}
