// FHIR SDC adaptive form: POST /Questionnaire/$next-question (and the CapabilityStatement that
// announces it at GET /metadata). Answers are FHIR JSON; every error is an OperationOutcome.
import type { ServerResponse } from 'node:http';
import { isObservationError, type InputIssue, type Triage } from 'microneedling-triage';
import { nextQuestion, NEXT_QUESTION_OPERATION, toOperationOutcome } from 'microneedling-triage/fhir';
import { HttpError, requestTarget } from './http.js';

/** The operation's path, and the same with `$` percent-encoded (as some clients send it). */
export const NEXT_QUESTION_PATHS = ['/Questionnaire/$next-question', '/Questionnaire/%24next-question'] as const;

/** Where the service answers FHIR (OperationOutcomes for errors, `application/fhir+json`). */
export function isFhirPath(url: string | undefined): boolean {
  let pathname: string;
  try {
    ({ pathname } = requestTarget(url));
  } catch {
    return false;
  }
  return pathname === '/metadata' || pathname.startsWith('/Questionnaire/') || pathname === '/Questionnaire';
}

/** Problems with the request itself (not a usable adaptive response): 400; problems with the answers: 422. */
const MALFORMED = new Set([
  'invalid_resource',
  'invalid_structure',
  'invalid_parameters',
  'not_adaptive',
  'unknown_questionnaire',
  'too_large',
  'too_deep',
  'forbidden_key',
]);

/** FHIR IssueType of the HTTP errors. */
const HTTP_ISSUE_TYPES: Readonly<Record<number, string>> = {
  404: 'not-found',
  405: 'not-supported',
  413: 'too-long',
  415: 'not-supported',
};

/** `$next-question`: the adaptive response with the next question, or completed with the result. */
export async function nextQuestionRoute(triage: Triage, body: unknown): Promise<unknown> {
  return (await nextQuestion(body, triage, { at: new Date() })).response;
}

/** The CapabilityStatement: a FHIR R4 server with one operation, SDC `$next-question` on Questionnaire. */
export function capabilityStatement(started: Date): unknown {
  return {
    resourceType: 'CapabilityStatement',
    text: {
      status: 'generated',
      div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Microneedling intake service: FHIR SDC adaptive questionnaires (Questionnaire/$next-question) over the check-in and screening interviews.</p></div>',
    },
    status: 'active',
    date: started.toISOString(),
    kind: 'instance',
    implementation: { description: 'Microneedling intake service (example): SDC adaptive check-in and screening' },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        resource: [{ type: 'Questionnaire', operation: [{ name: 'next-question', definition: NEXT_QUESTION_OPERATION }] }],
      },
    ],
  };
}

/** Answers a FHIR resource (`application/fhir+json`). */
export function sendFhir(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/fhir+json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  response.end(json);
}

/**
 * Answers an error as an OperationOutcome: an HttpError with its status (bad JSON 400, wrong
 * content type 415, too large 413, wrong method 405, no such path 404), input problems 400 when
 * the request is not a usable adaptive response and 422 when its answers are wrong, else 500
 * (details logged).
 */
export function sendOperationOutcome(response: ServerResponse, error: unknown, headers: Readonly<Record<string, string>>): void {
  if (error instanceof HttpError) {
    const outcome = toOperationOutcome([{ path: '', code: 'http', message: error.message }]);
    const code = HTTP_ISSUE_TYPES[error.status] ?? 'invalid';
    sendFhir(
      response,
      error.status,
      { ...outcome, issue: outcome.issue.map((issue) => ({ ...issue, code })) },
      { ...headers, ...error.headers },
    );
  } else if (isObservationError(error)) {
    const malformed = error.issues.some((issue: InputIssue) => MALFORMED.has(issue.code));
    sendFhir(response, malformed ? 400 : 422, toOperationOutcome(error.issues), headers);
  } else {
    console.error(error); // the details stay in the server log
    const outcome = toOperationOutcome([{ path: '', code: 'exception', message: 'Internal server error' }]);
    sendFhir(response, 500, { ...outcome, issue: outcome.issue.map((issue) => ({ ...issue, code: 'exception' })) }, headers);
  }
}
