/**
 * Testing tools for rule sets, with no Node dependency: golden cases, failure explanations,
 * coverage, decision diffs between rule versions, mutation testing, and the rule catalog.
 *
 * @module
 */
export { runCases, resolveCaseFile, checkAssessment, checkScreening, deepMerge, type ResolvedCase, type CaseResult } from './run-cases.js';
export { caseTests, type TestFunction } from './case-tests.js';
export {
  caseFileSchema,
  caseExpectationSchema,
  goldenCaseSchema,
  type CaseFile,
  type CaseExpectation,
  type GoldenCase,
} from './case-file.js';
export { explainFailure, renderCondition } from './explain-failure.js';
export { computeCoverage, type CoverageReport } from './coverage.js';
export { formatJUnit } from './junit.js';
export { diffDecisions, type DiffCase, type DecisionDiff, type CaseChange, type CaseOutcome } from './diff-decisions.js';
export { generateMutants, type Mutant } from './mutants.js';
export { mutateRules, type MutationReport, type MutantResult } from './mutate-rules.js';
export { renderTraceability, spliceTraceability, TRACEABILITY_MARKERS } from './traceability.js';
export { renderRuleCatalog } from '../catalog/rule-catalog.js';
