import type { Triage } from '../triage.js';
import { explainFailure } from './explain-failure.js';
import { runCases, type ResolvedCase } from './run-cases.js';

/** The `it` (or `test`) function of vitest, jest, node:test or mocha. */
export type TestFunction = (name: string, body: () => Promise<void>) => unknown;

/**
 * Registers one test per golden case with your test framework. A failing case throws an error
 * listing the unmet expectations and explaining the rules involved.
 *
 * @example
 * import { it } from 'vitest';
 * caseTests(createTriage(), resolveCaseFile(json), it);
 */
export function caseTests(triage: Triage, cases: readonly ResolvedCase[], test: TestFunction): void {
  for (const entry of cases) {
    test(entry.name, async () => {
      const [result] = await runCases(triage, [entry]);
      if (result === undefined || result.passed) return;
      const explanation = explainFailure(result, entry.expect, triage.rules);
      throw new Error(
        [
          `Case '${entry.name}' failed:`,
          ...result.failures.map((failure) => `  - ${failure}`),
          ...explanation.map((line) => `  ${line}`),
        ].join('\n'),
      );
    });
  }
}
