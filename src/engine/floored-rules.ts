import type { FactValue } from '../facts/fact-values.js';
import type { FactRoutes } from '../facts/fact-routes.js';
import { RuleSetError } from '../rules/diagnostics.js';
import { openFlaggedFacts, ruleStatuses, type GradedRule, type RuleStatuses } from './open-questions.js';
import { CompiledRules } from './compiled-rules.js';
import { EngineRuleRunner } from './json-rules-engine-runner.js';
import type { EngineRule, Evaluator, RuleOutcome, RuleRunner } from './rule-runner.js';

/** One evaluation: the facts as the rules saw them (with the counter), outcomes and statuses, in rule order. */
export interface FlooredEvaluation {
  readonly values: Readonly<Record<string, FactValue>>;
  readonly outcomes: readonly RuleOutcome[];
  readonly statuses: RuleStatuses;
}

/** Facts that the evaluation may complete with the floor counter (a fresh object of the caller's). */
export type OwnFacts = Record<string, FactValue>;

/**
 * Rules whose floor depends on open questions (red flags for assessments, blocking questions
 * for screenings). Each evaluation counts the questions that could still fire a flagged rule,
 * gives the count to the rules as `counterFact`, runs them, and returns their outcomes with
 * their three-valued statuses.
 */
export class FlooredRules {
  readonly graded: readonly GradedRule[];
  private readonly runner: RuleRunner;

  constructor(
    rules: readonly (EngineRule & { readonly graded: GradedRule })[],
    private readonly counterFact: string,
    evaluator: Evaluator,
  ) {
    this.graded = rules.map((rule) => rule.graded);
    this.runner = createRuleRunner(rules, evaluator);
  }

  /** Runs the rules on `facts`; `routes` say how unanswered questions could still change derived facts. */
  async evaluate(facts: OwnFacts, routes?: FactRoutes): Promise<FlooredEvaluation> {
    const statuses = this.counted(facts, routes);
    return { values: facts, outcomes: await this.runner.run(facts), statuses };
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
  evaluateSync(facts: OwnFacts, method: string, routes?: FactRoutes): FlooredEvaluation {
    const runSync = this.runner.runSync;
    if (runSync === undefined) throw syncUnavailable(method);
    const statuses = this.counted(facts, routes);
    return { values: facts, outcomes: runSync(facts), statuses };
  }

  /**
   * Adds the counter to the facts, in place, and returns the rules' statuses on them. Only the
   * flagged rules are read to count, and they cannot test the counter (the validator refuses
   * `counter-in-flagged-rule`), so every status, read before or after, is the status on the
   * facts with the counter.
   */
  private counted(facts: OwnFacts, routes: FactRoutes | undefined): RuleStatuses {
    const statuses = ruleStatuses(this.graded, facts, routes, this.counterFact);
    facts[this.counterFact] = openFlaggedFacts(this.graded, statuses).size;
    return statuses;
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

/** A runner for the chosen evaluator. */
function createRuleRunner(rules: readonly EngineRule[], evaluator: Evaluator = 'compiled'): RuleRunner {
  if (evaluator === 'json-rules-engine') return new EngineRuleRunner(rules);
  const compiled = new CompiledRules(rules);
  return { run: (facts) => Promise.resolve(compiled.run(facts)), runSync: (facts) => compiled.run(facts) };
}
