import { evaluateTriState } from '../engine/tri-state.js';
import { evaluatedLeavesOf, foldEvaluated, type EvaluatedCondition } from '../rules/condition-tree.js';
import type { RuleTrace } from '../explain/rule-trace.js';
import type { FactValue } from '../facts/fact-values.js';
import { RuleSetError } from '../rules/diagnostics.js';
import type { ConditionNode, LeafCondition, TopLevelCondition } from '../rules/rule-set-schema.js';
import type { RuleSetSource } from '../rules/validate-rule-set.js';
import { createTriage, type TriageOptions } from '../triage.js';
import { generateMutants, type Mutant } from './mutants.js';
import { runCases, type CaseResult, type ResolvedCase } from './run-cases.js';

/** What became of one mutant. */
export interface MutantResult {
  readonly id: string;
  readonly ruleId: string;
  readonly kind: Mutant['kind'];
  readonly description: string;
  /** `killed`: some case failed; `survived`: every case still passed; `invalid`: the mutated rule set does not load. */
  readonly status: 'killed' | 'survived' | 'invalid';
  /** The first case that failed. */
  readonly killedBy?: string;
}

/** The outcome of mutation testing a rule set against a corpus. */
export interface MutationReport {
  readonly total: number;
  readonly killed: number;
  readonly survived: number;
  readonly invalid: number;
  /** killed / (total - invalid), in percent. */
  readonly score: number;
  /** Cases that already fail on the unmutated rules (they cannot kill anything). */
  readonly failingCases: readonly string[];
  readonly mutants: readonly MutantResult[];
}

/** One mutant to try on the cases whose outcome it may change (indices into the corpus). */
export interface MutantTrial {
  readonly mutant: Mutant;
  readonly cases: readonly number[];
}

/** What trying a mutant found. */
export type MutantVerdict = Pick<MutantResult, 'status' | 'killedBy'>;

/** Tries every mutant and resolves with the verdicts in trial order. */
export type TrialRunner = (trials: readonly MutantTrial[]) => Promise<readonly MutantVerdict[]>;

/**
 * Mutation testing: makes small changes to each rule and reports the changes no case notices.
 * A surviving mutant is rule logic no test pins down. Only the cases whose outcome for the
 * mutated rule can change (found from the traces) are run again in full.
 */
export async function mutateRules(
  source: RuleSetSource,
  cases: readonly ResolvedCase[],
  options: Pick<TriageOptions, 'ruleSets'> & {
    /** Mutate only the rules whose id starts with one of these prefixes (default: every rule). */
    readonly only?: readonly string[];
  } = {},
): Promise<MutationReport> {
  const { only, ...triageOptions } = options;
  return mutateRulesWith(source, cases, options, async (trials) => {
    const verdicts: MutantVerdict[] = [];
    for (const trial of trials) verdicts.push(await tryMutant(source, triageOptions, trial.mutant, casesAt(cases, trial.cases)));
    return verdicts;
  });
}

/**
 * `mutateRules` with the trials run by `runTrials` (the CLI runs them on worker threads): the
 * baseline, the choice of mutants and of the cases each may change, and the report stay here.
 */
export async function mutateRulesWith(
  source: RuleSetSource,
  cases: readonly ResolvedCase[],
  options: NonNullable<Parameters<typeof mutateRules>[2]>,
  runTrials: TrialRunner,
): Promise<MutationReport> {
  const { only, ...triageOptions } = options;
  const original = createTriage({ ruleSet: source, ...triageOptions });
  const baseline = await runCases(original, cases);
  const failingCases = baseline.filter((result) => !result.passed).map((result) => result.name);
  const passing = baseline.flatMap((result, index) => (result.passed ? [{ index, result }] : []));
  const flagged = new Set(original.rules.filter((rule) => rule.flagged).map((rule) => rule.id));

  const selected = generateMutants(source).filter(
    (mutant) => only === undefined || only.some((prefix) => mutant.ruleId.startsWith(prefix)),
  );
  const trials = selected.map(
    (mutant): MutantTrial => ({
      mutant,
      cases: passing
        .filter(({ result }) => mayChange(mutant, traceOf(result, mutant.ruleId), flagged.has(mutant.ruleId)))
        .map(({ index }) => index),
    }),
  );
  // A mutant no case can notice survives without a run.
  const tried = trials.filter((trial) => trial.cases.length > 0);
  const verdicts = await runTrials(tried);
  if (verdicts.length !== tried.length) throw new Error(`${String(verdicts.length)} verdicts for ${String(tried.length)} trials`);
  const pending = verdicts.values();
  const results = trials.map(({ mutant, cases: affected }): MutantResult => {
    const base = { id: mutant.id, ruleId: mutant.ruleId, kind: mutant.kind, description: mutant.description };
    if (affected.length === 0) return { ...base, status: 'survived' };
    const verdict = pending.next();
    if (verdict.done === true) throw new Error(`no verdict for mutant ${mutant.id}`);
    return { ...base, ...verdict.value };
  });
  const killed = results.filter((result) => result.status === 'killed').length;
  const invalid = results.filter((result) => result.status === 'invalid').length;
  const scored = results.length - invalid;
  return {
    total: results.length,
    killed,
    survived: results.length - killed - invalid,
    invalid,
    score: scored === 0 ? 100 : Math.round((killed / scored) * 1000) / 10,
    failingCases,
    mutants: results,
  };
}

/**
 * Tries one mutant: `invalid` when the mutated rule set does not load, `killed` by the first of
 * `cases` that fails on it, `survived` when every one still passes.
 */
export async function tryMutant(
  source: RuleSetSource,
  triageOptions: Pick<TriageOptions, 'ruleSets'>,
  mutant: Mutant,
  cases: readonly ResolvedCase[],
): Promise<MutantVerdict> {
  let triage;
  try {
    triage = createTriage({ ruleSet: withRule(source, mutant), ...triageOptions });
  } catch (error) {
    if (!(error instanceof RuleSetError)) throw error;
    return { status: 'invalid' };
  }
  const failed = (await runCases(triage, cases)).find((result) => !result.passed);
  return failed === undefined ? { status: 'survived' } : { status: 'killed', killedBy: failed.name };
}

/** The cases at these indices of the corpus. */
export function casesAt(cases: readonly ResolvedCase[], indices: readonly number[]): ResolvedCase[] {
  return indices.map((index) => {
    const entry = cases[index];
    if (entry === undefined) throw new Error(`no case ${String(index)} in a corpus of ${String(cases.length)}`);
    return entry;
  });
}

function traceOf(result: CaseResult, ruleId: string): RuleTrace | undefined {
  return (result.assessment?.trace ?? result.screening?.trace)?.find((entry) => entry.ruleId === ruleId);
}

/**
 * Whether the mutant can change this case's result: its rule fires differently, or (for a
 * red-flag or blocking rule) waits on different unanswered questions. A grade mutant matters
 * only where the rule fired.
 */
function mayChange(mutant: Mutant, trace: RuleTrace | undefined, flagged: boolean): boolean {
  if (trace === undefined) return false;
  if (mutant.gradeOnly) return trace.fired;
  const facts = factsSeen(trace.conditions);
  const before = evaluateTriState(trace.conditions.kind === 'leaf' ? { all: [] } : toConditions(trace.conditions), facts);
  const after = evaluateTriState(mutant.rule['conditions'] as TopLevelCondition, facts);
  if (before.status !== after.status) return true;
  return flagged && [...before.openFacts].sort().join() !== [...after.openFacts].sort().join();
}

/** The fact values the trace saw (`null`: unknown or not evaluated; for a fact tested twice, the last leaf's). */
function factsSeen(node: EvaluatedCondition): Record<string, FactValue> {
  return Object.fromEntries(evaluatedLeavesOf(node).map(({ leaf }) => [leaf.fact, (leaf.factValue ?? null) as FactValue]));
}

/** The conditions the trace was evaluated from. */
function toConditions(node: EvaluatedCondition): TopLevelCondition {
  return foldEvaluated<ConditionNode>(node, {
    leaf: ({ fact, operator, value }) => ({ fact, operator, value }) as LeafCondition,
    all: (children) => ({ all: [...children] }),
    any: (children) => ({ any: [...children] }),
    not: (child) => ({ not: child }),
  }) as TopLevelCondition;
}

/** The rule set with the mutant's rule in place of the original. */
function withRule(source: RuleSetSource, mutant: Mutant): RuleSetSource {
  const file = source.files[mutant.file] as { rules: Record<string, unknown>[] };
  return {
    ...source,
    files: {
      ...source.files,
      [mutant.file]: { ...file, rules: file.rules.map((rule) => (rule['id'] === mutant.ruleId ? mutant.rule : rule)) },
    },
  };
}
