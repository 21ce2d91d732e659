import { normaliseCheckIn } from '../checkin/normalise-checkin.js';
import { FlooredRules, syncUnavailable, type FlooredEvaluation } from '../engine/floored-rules.js';
import type { FactSnapshot } from '../facts/fact-values.js';
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
    const prepared = this.prepare(input);
    return this.finish(prepared, await this.rules.evaluate(prepared.facts.values), options);
  }

  /**
   * {@link Assessor.assess}, synchronously (the compiled evaluator only).
   *
   * @throws {RuleSetError} (`sync-unavailable`) with the json-rules-engine evaluator, checked first.
   * @throws {ObservationError} for input that does not match the contract.
   */
  assessSync(input: unknown, options: EvaluationOptions = {}): Assessment {
    if (!this.rules.synchronous) throw syncUnavailable('assessSync');
    const prepared = this.prepare(input);
    return this.finish(prepared, this.rules.evaluateSync(prepared.facts.values, 'assessSync'), options);
  }

  private prepare(input: unknown): Prepared {
    const clock = this.now();
    const { checkIn, facts } = normaliseCheckIn(input, clock, this.ruleSet.assessment);
    return { facts, assessedAt: checkIn.assessedAt ?? clock.toISOString() };
  }

  private finish(prepared: Prepared, evaluation: FlooredEvaluation, options: EvaluationOptions): Assessment {
    const { values, outcomes, statuses } = evaluation;
    const assessment = buildAssessment({
      knowledge: this.ruleSet.assessment,
      ruleSet: this.ruleSet.info,
      facts: { values, derivations: prepared.facts.derivations },
      outcomes,
      statuses,
      assessedAt: prepared.assessedAt,
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

/** A validated check-in's facts and time, before the rules run. */
interface Prepared {
  readonly facts: FactSnapshot;
  readonly assessedAt: string;
}
