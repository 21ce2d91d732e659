import type { Engine, RuleProperties } from 'json-rules-engine';
import { dottedPathResolver } from './dotted-path-resolver.js';
import { UNKNOWN_SAFE_OPERATORS } from './operators.js';

/**
 * json-rules-engine keeps its run status on the Engine, so two overlapping `run()` calls on one
 * engine with several priority tiers can skip rules (json-rules-engine issue #303). The pool
 * gives every run an engine of its own: an idle one when available, a new one otherwise.
 * json-rules-engine is imported on first use, so code that never selects it does not load it.
 */
export class EnginePool {
  private readonly idle: Engine[] = [];

  constructor(
    private readonly rules: readonly RuleProperties[],
    private readonly maxIdle = 8,
  ) {}

  /** Runs `work` with an engine no other run is using, and returns the engine afterwards. */
  async use<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    const engine = this.idle.pop() ?? (await this.create());
    try {
      return await work(engine);
    } finally {
      if (this.idle.length < this.maxIdle) this.idle.push(engine);
    }
  }

  private async create(): Promise<Engine> {
    const { Engine, Operator } = await import('json-rules-engine');
    const engine = new Engine([], { allowUndefinedFacts: false, pathResolver: dottedPathResolver });
    for (const { name, compare, validate } of UNKNOWN_SAFE_OPERATORS) engine.addOperator(new Operator(name, compare, validate));
    for (const rule of this.rules) engine.addRule(rule);
    return engine;
  }
}
