import { observeCoverage, type CoverageObservations } from '../testing/coverage.js';
import { explainFailure } from '../testing/explain-failure.js';
import { runCases, type ResolvedCase } from '../testing/run-cases.js';
import type { Triage } from '../triage.js';

/** What `test` reports of one case: its outcome and, for a failure, the explanation lines. */
export interface CaseReport {
  readonly name: string;
  readonly passed: boolean;
  readonly failures: readonly string[];
  /** Why a failed case failed (see `explainFailure`); empty for a passed case. */
  readonly explanation: readonly string[];
}

/** The reports of some cases, and what they show of coverage when it is asked for. */
export interface CasesReport {
  readonly cases: CaseReport[];
  readonly coverage: CoverageObservations | undefined;
}

/**
 * Runs cases and keeps only what `test` prints: the traced results (tens of kilobytes each)
 * stay where they ran, so that a worker thread sends back a few bytes per case, and one job
 * holds one case file's results at a time.
 */
export async function reportCases(triage: Triage, cases: readonly ResolvedCase[], coverage: boolean): Promise<CasesReport> {
  const results = await runCases(triage, cases);
  return {
    cases: results.map((result, index) => ({
      name: result.name,
      passed: result.passed,
      failures: result.failures,
      explanation: result.passed ? [] : explainFailure(result, cases[index]?.expect ?? {}, triage.rules),
    })),
    coverage: coverage ? observeCoverage(results) : undefined,
  };
}
