import type { FactValue } from '../facts/fact-values.js';
import { factsOf } from '../rules/condition-tree.js';
import { RuleSetError } from '../rules/diagnostics.js';
import { openFlaggedFacts, ruleStatuses, withCounter, type GradedRule, type RuleStatuses } from './open-questions.js';
import { createRuleRunner, type EngineRule, type Evaluator, type RuleOutcome, type RuleRunner } from './run-rules.js';

/** One evaluation: the facts as the rules saw them (with the counter), outcomes and statuses. */
export interface FlooredEvaluation {
  readonly values: Readonly<Record<string, FactValue>>;
  readonly outcomes: readonly RuleOutcome[];
  readonly statuses: RuleStatuses;
}

/**
 * Rules whose floor depends on open questions (red flags for assessments, blocking questions
 * for screenings). Each evaluation counts the questions that could still fire a flagged rule,
 * gives the count to the rules as `counterFact`, runs them, and returns their outcomes with
 * their three-valued statuses.
 */
export class FlooredRules {
  readonly graded: readonly GradedRule[];
  /** Rules that test the counter: the only ones whose status changes once it is known. */
  private readonly counterRules: readonly GradedRule[];
  private readonly runner: RuleRunner;

  constructor(
    rules: readonly (EngineRule & { readonly graded: GradedRule })[],
    private readonly counterFact: string,
    evaluator: Evaluator,
  ) {
    this.graded = rules.map((rule) => rule.graded);
    this.counterRules = this.graded.filter((rule) => factsOf(rule.conditions).includes(counterFact));
    this.runner = createRuleRunner(rules, evaluator);
  }

  async evaluate(facts: Readonly<Record<string, FactValue>>): Promise<FlooredEvaluation> {
    const { initial, values } = this.counted(facts);
    const outcomes = await this.runner.run(values);
    return { values, outcomes, statuses: withCounter(initial, this.counterRules, values) };
  }

  /** True when {@link FlooredRules.evaluateSync} can run (the compiled evaluator). */
  get synchronous(): boolean {
    return this.runner.runSync !== undefined;
  }

  /**
   * {@link FlooredRules.evaluate}, synchronously, with the compiled evaluator.
   *
   * @throws {RuleSetError} (`sync-unavailable`) with the json-rules-engine evaluator, which is async only.
   */
  evaluateSync(facts: Readonly<Record<string, FactValue>>, method: string): FlooredEvaluation {
    const runSync = this.runner.runSync;
    if (runSync === undefined) throw syncUnavailable(method);
    const { initial, values } = this.counted(facts);
    const outcomes = runSync(values);
    return { values, outcomes, statuses: withCounter(initial, this.counterRules, values) };
  }

  /** The rules' statuses before the counter is known, and the facts with the counter. */
  private counted(facts: Readonly<Record<string, FactValue>>): {
    readonly initial: RuleStatuses;
    readonly values: Readonly<Record<string, FactValue>>;
  } {
    const initial = ruleStatuses(this.graded, facts);
    return { initial, values: { ...facts, [this.counterFact]: openFlaggedFacts(this.graded, initial).size } };
  }
}

/** The error of a synchronous call on a triage whose evaluator is async only. */
export function syncUnavailable(method: string): RuleSetError {
  const async = method.replace(/Sync$/, '');
  return new RuleSetError([
    {
      code: 'sync-unavailable',
      severity: 'error',
      file: '',
      path: 'evaluator',
      message: `${method} needs the 'compiled' evaluator, but this triage was created with evaluator: 'json-rules-engine', which is async only: call ${async} (and await it), or create the triage with evaluator: 'compiled'`,
    },
  ]);
}
