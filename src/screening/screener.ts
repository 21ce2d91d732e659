import { FlooredRules, syncUnavailable, type FlooredEvaluation } from '../engine/floored-rules.js';
import type { FactSnapshot } from '../facts/fact-values.js';
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
    const prepared = this.prepare(raw);
    return this.finish(prepared, await this.rules.evaluate(prepared.facts.values), options);
  }

  /**
   * {@link Screener.screen}, synchronously (the compiled evaluator only).
   *
   * @throws {RuleSetError} (`sync-unavailable`) with the json-rules-engine evaluator, checked first.
   * @throws {ObservationError} for input that does not match the contract.
   */
  screenSync(raw: unknown, options: EvaluationOptions = {}): Screening {
    if (!this.rules.synchronous) throw syncUnavailable('screenSync');
    const prepared = this.prepare(raw);
    return this.finish(prepared, this.rules.evaluateSync(prepared.facts.values, 'screenSync'), options);
  }

  private prepare(raw: unknown): Prepared {
    const { input, facts } = normaliseScreening(raw, this.ruleSet.screening.derivations);
    return { facts, screenedAt: input.screenedAt === undefined ? this.now() : new Date(input.screenedAt) };
  }

  private finish(prepared: Prepared, evaluation: FlooredEvaluation, options: EvaluationOptions): Screening {
    const { values, outcomes, statuses } = evaluation;
    const screening = buildScreening({
      knowledge: this.ruleSet.screening,
      ruleSet: this.ruleSet.info,
      facts: { values, derivations: prepared.facts.derivations },
      outcomes,
      statuses,
      screenedAt: prepared.screenedAt,
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

/** A validated candidate's facts and time, before the rules run. */
interface Prepared {
  readonly facts: FactSnapshot;
  readonly screenedAt: Date;
}
