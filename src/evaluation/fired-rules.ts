import type { RuleOutcome } from '../engine/rule-runner.js';

/** A rule that fired, with its outcome. */
export interface FiredRule<R> {
  readonly rule: R;
  readonly outcome: RuleOutcome;
}

/**
 * The rules that fired, in rule order. Outcomes come one per rule in the rules' order (both
 * runners keep it), so a rule and its outcome share a position.
 */
export function firedRules<R extends { readonly id: string }>(rules: readonly R[], outcomes: readonly RuleOutcome[]): FiredRule<R>[] {
  const fired: FiredRule<R>[] = [];
  for (let position = 0; position < rules.length; position += 1) {
    const outcome = outcomes[position];
    const rule = rules[position];
    if (outcome === undefined || rule === undefined || outcome.ruleId !== rule.id)
      throw new Error(`internal: outcome ${String(position)} is not rule ${rule?.id ?? '(none)'}'s`);
    if (outcome.fired) fired.push({ rule, outcome });
  }
  return fired;
}
