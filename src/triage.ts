import type { Assessment } from './assessment/assessment-types.js';
import { Assessor } from './assessment/assessor.js';
import { builtinRuleSet } from './rules/builtin-rules.js';
import { loadRuleSet, type RuleSetInfo } from './rules/load-rule-set.js';
import type { RuleSetSource } from './rules/validate-rule-set.js';

/** Options for {@link createTriage}. */
export interface TriageOptions {
  /** The clock used when a check-in gives `treatedAt` without `assessedAt`. Defaults to the system clock. */
  readonly now?: () => Date;
  /** The rule set to evaluate. Defaults to the built-in rules. */
  readonly ruleSet?: RuleSetSource;
}

/** A configured triage: one rule set, one clock. Safe to share and to call concurrently. */
export interface Triage {
  /**
   * Assesses a post-procedure check-in.
   *
   * @param input - a check-in (any JSON value is accepted and validated).
   * @returns the assessment; rejects with `ObservationError` for invalid input.
   */
  assess(input: unknown): Promise<Assessment>;
  /** Identity (id, version, content hash) of the rules in use. */
  readonly ruleSet: RuleSetInfo;
  /** The same rules with another clock (rules are not validated again). */
  withClock(now: () => Date): Triage;
}

/**
 * Creates a triage. The rule set is validated here, so a broken rule set fails at start-up
 * (with `RuleSetError`), not on the first check-in.
 */
export function createTriage(options: TriageOptions = {}): Triage {
  const ruleSet = loadRuleSet(options.ruleSet ?? builtinRuleSet);
  const now = options.now ?? ((): Date => new Date());
  return triageFrom(new Assessor(ruleSet, now), ruleSet.info);
}

function triageFrom(assessor: Assessor, info: RuleSetInfo): Triage {
  return {
    assess: (input) => assessor.assess(input),
    ruleSet: info,
    withClock: (now) => triageFrom(assessor.withClock(now), info),
  };
}

let defaultTriage: Triage | undefined;

/** Assesses a check-in with the built-in rules and the system clock. */
export function assess(input: unknown): Promise<Assessment> {
  defaultTriage ??= createTriage();
  return defaultTriage.assess(input);
}
