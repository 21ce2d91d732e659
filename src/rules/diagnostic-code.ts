/**
 * Every code a rule-set `Diagnostic` can carry. The list is closed: a new check gets a new
 * code here, and the rule-authoring guide documents each one.
 *
 * - Conditions: `unknown-fact`, `unknown-operator`, `value-type`, `negated-unknown`,
 *   `null-value`, `empty-group`, `mixed-node`, `invalid-root`, `invalid-condition`,
 *   `unsupported-key`, `never-fires` (an error for a rule that can never fire, a warning for a part
 *   of one that still can).
 * - File format: `unknown-kind`, `schema`, `unknown-key`, `missing-file`, `invalid-id`,
 *   `invalid-level`, `invalid-decision`, `invalid-cause`, `missing-source`.
 * - Rule set: `duplicate-rule-id`, `invalid-derivation`, `invalid-wait`, `timeframe-gap`,
 *   `duplicate-item`, `invalid-resume`, `unknown-rule` (warning), `incompatible-layer`,
 *   `hash-mismatch`.
 * - Shape of the data (as for inputs): `not-json`, `unreadable`, `cycle`, `forbidden-key`,
 *   `too-deep`, `too-large`.
 * - `createTriage` options: `invalid-option`, `unknown-option`; `sync-unavailable` (`assessSync` or
 *   `screenSync` on a triage created with the async-only json-rules-engine evaluator).
 * - The whole rule set: `unknown-source`, `duplicate-source` (the source registry); `no-role`,
 *   `invalid-role`, `modifier-without-source`, `explains-unused` (warning) (fact roles);
 *   `unworded-field` (a field an interview can ask with no question wording it), `invalid-group` (a
 *   checklist that is not declared, or holds a question that is not yes/no), `invalid-gate` (a
 *   gate on a question that is not asked, a chain of gates, answers the questions cannot take, or a
 *   gate that every answer closes), `invalid-report` (a `reports` answer its question cannot take,
 *   a reported sign that is not a graded, ungated check-in question with an order of concern, or
 *   the question in a group);
 *   `invalid-answer-label` (an answer label for a value the question's field does not have);
 *   `missing-floor`, `duplicate-floor`, `floor-level`, `floor-marked`, `floor-without-counter`,
 *   `counter-comparison`, `counter-in-flagged-rule` (the floor); `unknown-advice`,
 *   `duplicate-advice` (advice lines); `invalid-placeholder` (a screening decision's `{date}`
 *   missing from its `waitUntil` headline, or found in any other wording).
 * - Layers: `floor-lowered`, `floor-changed`, `rule-kind-changed`, `derive-answered-fact`,
 *   `unacknowledged-lowering`, `unacknowledged-change`, `unacknowledged-result-change` (the
 *   corpus check), `unused-acknowledgement` (warning), `acknowledged-lowering`,
 *   `acknowledged-change` (info).
 */
export const DIAGNOSTIC_CODES = [
  'unknown-fact',
  'unknown-operator',
  'value-type',
  'negated-unknown',
  'null-value',
  'empty-group',
  'mixed-node',
  'invalid-root',
  'invalid-condition',
  'unsupported-key',
  'never-fires',
  'unknown-kind',
  'schema',
  'unknown-key',
  'missing-file',
  'invalid-id',
  'invalid-level',
  'invalid-decision',
  'invalid-cause',
  'missing-source',
  'duplicate-rule-id',
  'invalid-derivation',
  'invalid-wait',
  'timeframe-gap',
  'duplicate-item',
  'invalid-resume',
  'unknown-rule',
  'incompatible-layer',
  'hash-mismatch',
  'not-json',
  'unreadable',
  'cycle',
  'forbidden-key',
  'too-deep',
  'too-large',
  'invalid-option',
  'unknown-option',
  'sync-unavailable',
  'unknown-source',
  'duplicate-source',
  'no-role',
  'unworded-field',
  'invalid-group',
  'invalid-answer-label',
  'invalid-gate',
  'invalid-report',
  'invalid-role',
  'modifier-without-source',
  'explains-unused',
  'missing-floor',
  'duplicate-floor',
  'floor-level',
  'floor-marked',
  'floor-without-counter',
  'counter-comparison',
  'counter-in-flagged-rule',
  'unknown-advice',
  'duplicate-advice',
  'invalid-placeholder',
  'floor-lowered',
  'floor-changed',
  'rule-kind-changed',
  'derive-answered-fact',
  'unacknowledged-lowering',
  'unacknowledged-change',
  'unacknowledged-result-change',
  'unused-acknowledgement',
  'acknowledged-lowering',
  'acknowledged-change',
] as const;

/** A code of the closed list {@link DIAGNOSTIC_CODES}. */
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];
