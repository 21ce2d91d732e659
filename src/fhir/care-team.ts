import type { Assessment } from '../assessment/assessment-types.js';
import { levelRank, type Level } from '../contract.js';
import { levelDisplay } from './code-systems.js';
import { deterministicUuid } from './deterministic-uuid.js';
import { ALERT_IDENTIFIER_SYSTEM, LEVEL_SYSTEM } from './fhir-codes.js';
import type {
  CodeableConcept,
  Communication,
  Flag,
  Identifier,
  Reference,
  RequestPriority,
  Task,
  TransactionBundle,
} from './fhir-types.js';
import { narrative } from './narrative.js';

/** Options of the care-team adapters ({@link toFlag}, {@link toTask}, {@link toCommunication}, {@link toCareTeamBundle}). */
export interface CareTeamOptions {
  /** The patient (`Patient/<id>`). */
  readonly subject: Reference;
  /** The treating practitioner who owns the Task or receives the Communication (`Practitioner/<id>`, `PractitionerRole/<id>`). */
  readonly practitioner: Reference;
  /** What the assessment was based on, usually the QuestionnaireResponse. */
  readonly basis?: Reference;
  /** Who raises the alert (a Device or Organization), when the server should record one. */
  readonly author?: Reference;
}

/** The lowest level at which the care team is alerted. */
const ALERT_FROM: Level = 'contact-provider';

/**
 * Task and Communication priority for each alerting level: `urgent` ("seek urgent care now") is
 * `stat`; `contact-provider` ("contact the treating clinician today") is `urgent`.
 */
const PRIORITY: Readonly<Partial<Record<Level, RequestPriority>>> = { urgent: 'stat', 'contact-provider': 'urgent' };

/** True when the assessment calls for the care team (level `contact-provider` or `urgent`). */
export function needsCareTeam(assessment: Pick<Assessment, 'level'>): boolean {
  return levelRank(assessment.level) >= levelRank(ALERT_FROM);
}

function summary(assessment: Assessment): string {
  const top = assessment.reasons[0];
  const reason = top === undefined ? '' : `: ${top.message.clinician}`;
  return `Microneedling check-in: ${levelDisplay(assessment.level)}${reason}`;
}

function levelCode(assessment: Assessment): CodeableConcept {
  return { coding: [{ system: LEVEL_SYSTEM, code: assessment.level, display: levelDisplay(assessment.level) }], text: summary(assessment) };
}

/** The identifier shared by the alert resources of one assessment of one patient (for conditional create). */
export function alertIdentifier(
  assessment: Assessment,
  options: Pick<CareTeamOptions, 'subject' | 'basis'>,
  resourceType: string,
): Identifier {
  return {
    system: ALERT_IDENTIFIER_SYSTEM,
    value: deterministicUuid(
      JSON.stringify([
        resourceType,
        options.subject.reference ?? options.subject.identifier?.value ?? options.subject.display ?? '',
        options.basis?.reference ?? '',
        assessment.assessedAt,
        assessment.ruleSet.hash,
        assessment.level,
      ]),
    ),
  };
}

function details(assessment: Assessment): string[] {
  return [
    ...assessment.reasons.map((reason) => `[${reason.level}] ${reason.message.clinician} (${reason.ruleId})`),
    ...assessment.advice.now.map((step) => `Advice given: ${step}`),
  ];
}

/**
 * A FHIR R4 Flag on the patient's record for an assessment: `active`, category `clinical`, the
 * level as the code (with the main reason as its text), from the assessment time.
 */
export function toFlag(assessment: Assessment, options: CareTeamOptions): Flag {
  return {
    resourceType: 'Flag',
    text: narrative([summary(assessment), details(assessment)]),
    identifier: [alertIdentifier(assessment, options, 'Flag')],
    status: 'active',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'clinical', display: 'Clinical' }] }],
    code: levelCode(assessment),
    subject: options.subject,
    period: { start: assessment.assessedAt },
    ...(options.author === undefined ? {} : { author: options.author }),
  };
}

/**
 * A FHIR R4 Task for the treating practitioner: contact the patient about the check-in
 * (`requested`, intent `order`, priority `stat` for urgent and `urgent` for contact-provider),
 * focused on the QuestionnaireResponse.
 */
export function toTask(assessment: Assessment, options: CareTeamOptions): Task {
  const priority = PRIORITY[assessment.level];
  return {
    resourceType: 'Task',
    text: narrative([`Contact the patient. ${summary(assessment)}`, details(assessment)]),
    identifier: [alertIdentifier(assessment, options, 'Task')],
    status: 'requested',
    intent: 'order',
    ...(priority === undefined ? {} : { priority }),
    code: { text: 'Contact the patient about their post-microneedling check-in' },
    description: summary(assessment),
    ...(options.basis === undefined ? {} : { focus: options.basis }),
    for: options.subject,
    authoredOn: assessment.assessedAt,
    ...(options.author === undefined ? {} : { requester: options.author }),
    owner: options.practitioner,
    reasonCode: levelCode(assessment),
  };
}

/** A FHIR R4 Communication to the treating practitioner about the check-in (instead of a Task). */
export function toCommunication(assessment: Assessment, options: CareTeamOptions): Communication {
  const priority = PRIORITY[assessment.level];
  return {
    resourceType: 'Communication',
    text: narrative([summary(assessment), details(assessment)]),
    identifier: [alertIdentifier(assessment, options, 'Communication')],
    status: 'completed',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/communication-category', code: 'alert', display: 'Alert' }] }],
    ...(priority === undefined ? {} : { priority }),
    subject: options.subject,
    ...(options.basis === undefined ? {} : { about: [options.basis] }),
    sent: assessment.assessedAt,
    recipient: [options.practitioner],
    ...(options.author === undefined ? {} : { sender: options.author }),
    reasonCode: [levelCode(assessment)],
    payload: [{ contentString: [summary(assessment), ...details(assessment)].join('\n') }],
  };
}

/**
 * The FHIR transaction that alerts the care team about an assessment: a Flag and a Task (or a
 * Communication, with `use: 'communication'`), each created only if none with its identifier
 * exists (so a retried POST creates nothing twice). `undefined` below `contact-provider`.
 */
export function toCareTeamBundle(
  assessment: Assessment,
  options: CareTeamOptions & { readonly use?: 'task' | 'communication' },
): TransactionBundle | undefined {
  if (!needsCareTeam(assessment)) return undefined;
  const resources = [
    toFlag(assessment, options),
    options.use === 'communication' ? toCommunication(assessment, options) : toTask(assessment, options),
  ];
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => {
      const identifier = resource.identifier?.[0];
      return {
        fullUrl: `urn:uuid:${identifier?.value ?? ''}`,
        resource,
        request: {
          method: 'POST' as const,
          url: resource.resourceType,
          ifNoneExist: `identifier=${encodeURIComponent(`${identifier?.system ?? ''}|${identifier?.value ?? ''}`)}`,
        },
      };
    }),
  };
}
