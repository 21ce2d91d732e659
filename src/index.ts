/**
 * microneedling-triage: decision support that tells normal healing after microneedling from a
 * reason to act, with every result traced to its rules and sources. Not a diagnosis.
 *
 * @packageDocumentation
 */
export {
  createTriage,
  assess,
  assessSync,
  safeAssess,
  screen,
  screenSync,
  safeScreen,
  aftercare,
  assessMany,
  screenMany,
  type Triage,
  type TriageOptions,
} from './triage.js';
export { parseCheckIn, parseScreening, parseAftercare, safeParseCheckIn, safeParseScreening, safeParseAftercare } from './parse-inputs.js';
export type { ParseOptions } from './read-parse-options.js';
export type { SafeResult } from './input/safe-result.js';
export type { BatchItem } from './batch/evaluate-many.js';
export type {
  InterviewOptions,
  InterviewStep,
  InterviewQuestion,
  InterviewScreen,
  QuestionReason,
  InterviewAction,
} from './interview/interview-types.js';
export type { AnswerSpec } from './interview/answer-spec.js';
export { ObservationError, isObservationError, MAX_ISSUES, type InputIssue } from './input/observation-error.js';
export { INPUT_ISSUE_CODES, type InputIssueCode } from './input/input-issue-code.js';
export { RuleSetError, isRuleSetError, type Diagnostic } from './rules/diagnostics.js';
export { DIAGNOSTIC_CODES, type DiagnosticCode } from './rules/diagnostic-code.js';
export { validateRuleSet, type RuleSetSource, type RuleSetValidation, type ValidationOptions } from './rules/validate-rule-set.js';
export { builtinRuleSet } from './rules/builtin-rules.js';
export type { RuleSetInfo } from './rules/load-rule-set.js';
export {
  checkInSchema,
  type CheckIn,
  type AssessInput,
  type Signs,
  type PreviousCheckIn,
  type Severity,
  type Trend,
} from './checkin/checkin-schema.js';
export {
  LEVELS,
  DECISIONS,
  CAUSE_IDS,
  COMPARISON_FEATURES,
  AFTERCARE_ITEMS,
  levelRank,
  decisionRank,
  maxLevel,
  maxDecision,
  type Level,
  type Decision,
  type CauseId,
  type ComparisonFeature,
  type ComparisonFinding,
  type AftercareItem,
} from './contract.js';
export type {
  Assessment,
  Reason,
  MatchedValue,
  PhaseResult,
  CauseResult,
  ComparisonRow,
  Advice,
  PatientView,
  MissingQuestion,
  DerivedFact,
} from './assessment/assessment-types.js';
export {
  WARNING_SIGNS_GROUP,
  BLOCKING_QUESTIONS_GROUP,
  type ClinicianSummary,
  type ClinicianFinding,
  type ClinicianQuestion,
  type ClinicianOpenQuestion,
  type QuestionLists,
  type WarningSigns,
  type BlockingQuestions,
  type ScreeningClinicianSummary,
  type ScreeningOpenQuestion,
  type AnswerValue,
} from './assessment/clinician-summary.js';
export {
  SOURCE_KINDS,
  type SourceRef,
  type CitedSource,
  type SourceInfo,
  type RuleMessage,
  type FactRole,
  type AcknowledgedLowering,
  type AcknowledgedChange,
} from './rules/rule-set-schema.js';
export type { Screening, ScreeningReason, Precaution, Wait, MissingScreeningQuestion } from './screening/screening-types.js';
export { screeningInputSchema, type ScreeningInput, type ScreenInput } from './screening/screening-schema.js';
export type { AftercareGuide, ResumeStatus } from './aftercare/aftercare-types.js';
export { aftercareInputSchema, type AftercareInput, type AftercareRequest } from './aftercare/aftercare-schema.js';
export type { RuleTrace, EvaluationOptions } from './explain/rule-trace.js';
export type { EvaluatedCondition, MatchedCondition } from './engine/evaluated-condition.js';
export type { RuleSummary } from './rules/rule-summary.js';
export { composeRuleSets, type RuleSetProvenance } from './rules/compose-rule-sets.js';
export type { FactValue } from './facts/fact-values.js';
export type { ParsedRuleSet, NamedFile } from './rules/validate-rule-set.js';
export {
  OPERATORS,
  type TopLevelCondition,
  type ConditionNode,
  type LeafCondition,
  type ConditionScalar,
  type OperatorName,
} from './rules/rule-set-schema.js';
export type { Evaluator } from './engine/rule-runner.js';
