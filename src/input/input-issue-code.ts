/**
 * Every code an `InputIssue` can carry. The list is closed: a new kind of problem gets a
 * new code here, and the input reference documents each one.
 *
 * - Shape (any input, checked before anything reads it): `not_json`, `unreadable`, `cycle`,
 *   `forbidden_key`, `too_deep`, `too_large`.
 * - Schema: `unknown_key`, `invalid_type`, `invalid_value`, `invalid_format`, `too_small`,
 *   `too_big`.
 * - Time: `treated_after_assessed`, `inconsistent_time`, `previous_after_current`,
 *   `previous_before_treatment`, `required`.
 * - Answers that contradict each other: `inconsistent_answer`.
 * - FHIR QuestionnaireResponse: `invalid_resource`, `wrong_questionnaire`,
 *   `unknown_questionnaire`, `unknown_link_id`, `invalid_answer`, `invalid_status`,
 *   `missing_time`, `invalid_time`, `duplicate_answer`, `ambiguous_answer`,
 *   `conflicting_answers`, `answer_on_group`, `misplaced_item`, `invalid_structure`; elements that
 *   change what the answers mean: `modifier_extension`, `implicit_rules`,
 *   `value_with_absent_reason`, `questionnaire_version`.
 * - SDC `$next-question`: `not_adaptive`, `not_asked`, `unanswered`, `invalid_parameters`.
 * - `too_many_issues`: the last issue when more problems were found than an error lists.
 */
export const INPUT_ISSUE_CODES = [
  'not_json',
  'unreadable',
  'cycle',
  'forbidden_key',
  'too_deep',
  'too_large',
  'unknown_key',
  'invalid_type',
  'invalid_value',
  'invalid_format',
  'too_small',
  'too_big',
  'treated_after_assessed',
  'inconsistent_time',
  'previous_after_current',
  'previous_before_treatment',
  'required',
  'inconsistent_answer',
  'invalid_resource',
  'wrong_questionnaire',
  'unknown_questionnaire',
  'unknown_link_id',
  'invalid_answer',
  'invalid_status',
  'missing_time',
  'invalid_time',
  'duplicate_answer',
  'ambiguous_answer',
  'conflicting_answers',
  'answer_on_group',
  'misplaced_item',
  'invalid_structure',
  'modifier_extension',
  'implicit_rules',
  'value_with_absent_reason',
  'questionnaire_version',
  'not_adaptive',
  'not_asked',
  'unanswered',
  'invalid_parameters',
  'too_many_issues',
] as const;

/** A code of the closed list {@link INPUT_ISSUE_CODES}. */
export type InputIssueCode = (typeof INPUT_ISSUE_CODES)[number];
