// The push path: a Flag and a Task (or Communication) for the treating practitioner, POSTed as a
// FHIR transaction to the clinic's FHIR server when a check-in is contact-provider or urgent.
import type { Assessment } from 'microneedling-triage';
import { needsCareTeam, toCareTeamBundle, type Reference } from 'microneedling-triage/fhir';
import { isRecord, operationOutcomeOnly } from './fhir-json.js';

export interface PushOptions {
  /** Base URL of the clinic's FHIR R4 server (the transaction is POSTed there). */
  readonly fhirServer: string;
  /** The treating practitioner who gets the Task or Communication (`Practitioner/<id>` or `PractitionerRole/<id>`). */
  readonly practitioner: string;
  /** A bearer token for the FHIR server. */
  readonly accessToken?: string;
  /** `task` (default) or `communication`, beside the Flag. */
  readonly use?: 'task' | 'communication';
  /** Recorded as the Flag's author and the Task's requester (e.g. `Device/microneedling-triage`). */
  readonly author?: string;
}

/** What the push path did for one result. */
export type PushOutcome =
  | { readonly status: 'not-needed' }
  | { readonly status: 'created'; readonly resources: readonly string[] }
  | { readonly status: 'failed'; readonly error: string };

/** Posts the Flag and Task (or Communication) for a contact-provider or urgent assessment. */
export async function pushAlert(
  push: PushOptions,
  assessment: Assessment,
  subject: string | undefined,
  basis: string | undefined,
): Promise<PushOutcome> {
  if (!needsCareTeam(assessment)) return { status: 'not-needed' };
  if (subject === undefined) {
    const error = 'the care team was not alerted: no patient (pass ?patient=<Patient id>, or a QuestionnaireResponse with a subject)';
    console.error(`push: ${error}`);
    return { status: 'failed', error };
  }
  const reference = (value: string): Reference => ({ reference: value });
  const bundle = toCareTeamBundle(assessment, {
    subject: reference(subject),
    practitioner: reference(push.practitioner),
    ...(basis === undefined ? {} : { basis: reference(basis) }),
    ...(push.author === undefined ? {} : { author: reference(push.author) }),
    ...(push.use === undefined ? {} : { use: push.use }),
  });
  if (bundle === undefined) return { status: 'not-needed' };
  try {
    const reply = await fetch(push.fhirServer.replace(/\/+$/, ''), {
      method: 'POST',
      headers: {
        'content-type': 'application/fhir+json',
        accept: 'application/fhir+json',
        ...(push.accessToken === undefined ? {} : { authorization: `Bearer ${push.accessToken}` }),
      },
      body: JSON.stringify(bundle),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = await reply.json().catch(() => undefined);
    if (!reply.ok) throw new Error(`the FHIR server answered ${String(reply.status)}${describeOutcome(answer)}`);
    const locations = entriesOfResponse(answer);
    return { status: 'created', resources: locations };
  } catch (error) {
    const message = `the care team was not alerted: ${error instanceof Error ? error.message : 'unknown error'}`;
    console.error(`push: ${message}`);
    return { status: 'failed', error: message };
  }
}

function entriesOfResponse(answer: unknown): string[] {
  if (!isRecord(answer) || !Array.isArray(answer['entry'])) return [];
  return (answer['entry'] as unknown[]).flatMap((entry) => {
    const response = isRecord(entry) ? entry['response'] : undefined;
    return isRecord(response) && typeof response['location'] === 'string' ? [response['location']] : [];
  });
}

function describeOutcome(answer: unknown): string {
  const texts = operationOutcomeOnly(answer);
  return texts === undefined || texts.length === 0 ? '' : ` (${texts.join('; ')})`;
}
