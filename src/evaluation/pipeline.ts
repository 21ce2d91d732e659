import { FlooredRules, syncUnavailable, type FlooredEvaluation } from '../engine/floored-rules.js';
import type { GradedRule } from '../engine/open-questions.js';
import type { EngineRule, Evaluator } from '../engine/rule-runner.js';
import { ruleTraces, type EvaluationOptions, type RuleTrace } from '../explain/rule-trace.js';
import type { FreshFacts } from '../facts/fact-values.js';
import type { LoadedRuleSet } from '../rules/load-rule-set.js';

/**
 * What one kind of evaluation (assessment, screening) brings to the pipeline: its rules and
 * floor counter, how an input becomes facts, and how outcomes become its result.
 */
export interface EvaluationKind<P extends { readonly facts: FreshFacts }, R extends { readonly trace?: readonly RuleTrace[] }> {
  /** The public method (`assess`, `screen`), named in errors. */
  readonly method: string;
  /** The fact that carries the count of open flagged questions to the rules. */
  readonly counterFact: string;
  rules(ruleSet: LoadedRuleSet): readonly (EngineRule & { readonly graded: GradedRule })[];
  /**
   * Validates the input and derives its facts (`now` is the clock, read only if needed).
   *
   * @throws {ObservationError} for input that does not match the contract.
   */
  prepare(input: unknown, now: () => Date, ruleSet: LoadedRuleSet): P;
  build(prepared: P, evaluation: FlooredEvaluation, ruleSet: LoadedRuleSet): R;
}

/** Evaluations that give results of type `R` (whatever their kind prepares on the way). */
export interface Evaluations<R> {
  run(input: unknown, options?: EvaluationOptions): Promise<R>;
  runSync(input: unknown, options?: EvaluationOptions): R;
  /** The same rules and engines, with another clock. */
  withClock(now: () => Date): Evaluations<R>;
}

/**
 * The one evaluation pipeline: normalise the input into facts, run the floored rules, build the
 * kind's result, and add a trace of every rule when asked.
 */
export class EvaluationPipeline<P extends { readonly facts: FreshFacts }, R extends { readonly trace?: readonly RuleTrace[] }>
  implements Evaluations<R>
{
  private readonly rules: FlooredRules;

  constructor(
    private readonly kind: EvaluationKind<P, R>,
    private readonly ruleSet: LoadedRuleSet,
    private readonly now: () => Date,
    rules: FlooredRules | Evaluator = 'compiled',
  ) {
    this.rules = rules instanceof FlooredRules ? rules : new FlooredRules(kind.rules(ruleSet), kind.counterFact, rules);
  }

  withClock(now: () => Date): EvaluationPipeline<P, R> {
    return new EvaluationPipeline(this.kind, this.ruleSet, now, this.rules);
  }

  /** @throws {ObservationError} (as a rejection) for input that does not match the contract. */
  async run(input: unknown, options: EvaluationOptions = {}): Promise<R> {
    const prepared = this.kind.prepare(input, this.now, this.ruleSet);
    return this.finish(prepared, await this.rules.evaluate(prepared.facts.values, prepared.facts.routes), options);
  }

  /**
   * {@link EvaluationPipeline.run}, synchronously (the compiled evaluator only).
   *
   * @throws {RuleSetError} (`sync-unavailable`) with the json-rules-engine evaluator, checked first.
   * @throws {ObservationError} for input that does not match the contract.
   */
  runSync(input: unknown, options: EvaluationOptions = {}): R {
    const method = `${this.kind.method}Sync`;
    if (!this.rules.synchronous) throw syncUnavailable(method);
    const prepared = this.kind.prepare(input, this.now, this.ruleSet);
    return this.finish(prepared, this.rules.evaluateSync(prepared.facts.values, method, prepared.facts.routes), options);
  }

  private finish(prepared: P, evaluation: FlooredEvaluation, options: EvaluationOptions): R {
    const result = this.kind.build(prepared, evaluation, this.ruleSet);
    if (options.trace !== true) return result;
    return { ...result, trace: ruleTraces(evaluation.outcomes, evaluation.statuses) };
  }
}
