import type { InputIssue } from '../input/observation-error.js';
import type { OperationOutcome, OperationOutcomeIssue } from './adaptive-types.js';
import { narrative } from './narrative.js';

/** FHIR IssueType of the input problems, by their code (others are `invalid`). */
const ISSUE_TYPES: Readonly<Record<string, string>> = {
  invalid_resource: 'structure',
  invalid_structure: 'structure',
  invalid_parameters: 'structure',
  misplaced_item: 'structure',
  answer_on_group: 'structure',
  too_large: 'too-long',
  too_deep: 'structure',
  forbidden_key: 'security',
  duplicate_answer: 'duplicate',
  missing_time: 'required',
  unanswered: 'required',
  unknown_questionnaire: 'not-supported',
  wrong_questionnaire: 'not-supported',
  not_adaptive: 'not-supported',
  invalid_status: 'business-rule',
  not_asked: 'business-rule',
  invalid_answer: 'value',
  ambiguous_answer: 'value',
  conflicting_answers: 'value',
  invalid_type: 'value',
  invalid_value: 'value',
  too_big: 'value',
  too_small: 'value',
  unknown_key: 'value',
  unknown_link_id: 'value',
};

/** A problem to report: an input issue, or one a service adds (an HTTP error, say) with its own code. */
export type OutcomeIssue = InputIssue | { readonly path: string; readonly code: string; readonly message: string };

/**
 * An OperationOutcome for input problems (an `ObservationError`'s issues): one `error` issue
 * each, with its FHIR issue type, the message as `details.text` and where it is (the field,
 * linkId or element) with the problem's code as `diagnostics`.
 */
export function toOperationOutcome(issues: readonly OutcomeIssue[]): OperationOutcome {
  const listed: OperationOutcomeIssue[] = issues.map((issue) => ({
    severity: 'error',
    code: ISSUE_TYPES[issue.code] ?? 'invalid',
    details: { text: issue.message },
    diagnostics: `${issue.path === '' ? '(the resource)' : issue.path}: ${issue.code}`,
  }));
  return {
    resourceType: 'OperationOutcome',
    text: narrative([
      `The request was not processed (${String(issues.length)} problem${issues.length === 1 ? '' : 's'}).`,
      issues.map((issue) => issue.message),
    ]),
    issue:
      listed.length > 0
        ? listed
        : [{ severity: 'error', code: 'invalid', details: { text: 'The request was not processed.' }, diagnostics: '(the resource)' }],
  };
}
