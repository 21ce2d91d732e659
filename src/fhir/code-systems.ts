import { CAUSE_IDS, DECISIONS, LEVELS, type CauseId, type Decision, type Level } from '../contract.js';
import { answerSystem, CAUSE_SYSTEM, DECISION_SYSTEM, LEVEL_SYSTEM, NONE_OF_THESE, OVERRIDE_REASON_SYSTEM } from './fhir-codes.js';
import type { CodeSystem, Coding } from './fhir-types.js';
import { narrative } from './narrative.js';
import { questionFields, type QuestionnaireKind } from './questionnaire-fields.js';

/** Version of the code systems below: they change only when the public contract is extended. */
const CODE_SYSTEM_VERSION = '1.0.0';

const LEVEL_TEXT: Readonly<Record<Level, readonly [string, string]>> = {
  expected: ['Expected healing', 'Consistent with normal healing for the time since treatment.'],
  monitor: ['Monitor', 'Not typical, no warning signs: self-care and re-check. Also the floor while red-flag questions are unanswered.'],
  'contact-provider': ['Contact the provider today', 'Contact the treating clinician today.'],
  urgent: ['Urgent care now', 'Seek urgent care now.'],
};

const DECISION_TEXT: Readonly<Record<Decision, readonly [string, string]>> = {
  proceed: ['Proceed', 'Nothing found that argues against treating now.'],
  'proceed-with-caution': ['Proceed with caution', 'Treat, with the listed precautions.'],
  postpone: ['Postpone treatment', 'Do not treat now; treat when the listed waits are over.'],
  contraindicated: ['Contraindicated', 'Do not treat.'],
};

const CAUSE_TEXT: Readonly<Record<CauseId, string>> = {
  'normal-healing': 'Normal healing',
  infection: 'Infection',
  'contact-dermatitis': 'Contact dermatitis',
  'rosacea-flare': 'Rosacea flare',
  pih: 'Post-inflammatory hyperpigmentation',
  hypopigmentation: 'Hypopigmentation',
  'hsv-reactivation': 'Herpes simplex reactivation',
  scarring: 'Scarring',
  'granulomatous-reaction': 'Granulomatous reaction',
  'acne-flare': 'Acne flare',
  bruising: 'Bruising',
  'prolonged-inflammation': 'Prolonged inflammation',
};

/** The reasons offered to a clinician who dismisses a card (CDS Hooks `overrideReasons`). */
export const OVERRIDE_REASONS: readonly Coding[] = [
  { system: OVERRIDE_REASON_SYSTEM, code: 'patient-contacted', display: 'The patient has already been contacted' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'seen-in-person', display: 'The patient has been seen in person since this check-in' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'answers-outdated', display: 'The answers are out of date' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'clinical-judgement', display: 'Clinical judgement differs' },
];

/** The display of a level (e.g. `urgent` → `Urgent care now`). */
export function levelDisplay(level: Level): string {
  return LEVEL_TEXT[level][0];
}

/** The display of a screening decision. */
export function decisionDisplay(decision: Decision): string {
  return DECISION_TEXT[decision][0];
}

/** The display of a cause id. */
export function causeDisplay(cause: CauseId): string {
  return CAUSE_TEXT[cause];
}

function codeSystem(id: string, url: string, title: string, description: string, concept: CodeSystem['concept'] & object): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    id,
    text: narrative([`${title}: ${description}`, concept.map((entry) => `${entry.code}: ${entry.display ?? entry.code}`)]),
    url,
    version: CODE_SYSTEM_VERSION,
    name: title.replace(/[^A-Za-z0-9]/g, ''),
    title,
    status: 'active',
    description,
    caseSensitive: true,
    content: 'complete',
    count: concept.length,
    concept,
  };
}

/**
 * The code systems of the public contract as FHIR R4 CodeSystem resources: assessment levels,
 * screening decisions, suspected causes and card override reasons (lowest level first). Load
 * them into a terminology server so that validators can resolve the codes this package writes.
 */
export function contractCodeSystems(): CodeSystem[] {
  return [
    codeSystem(
      'assessment-level',
      LEVEL_SYSTEM,
      'Microneedling assessment level',
      'The level of a post-microneedling check-in, lowest to highest.',
      LEVELS.map((level) => ({ code: level, display: LEVEL_TEXT[level][0], definition: LEVEL_TEXT[level][1] })),
    ),
    codeSystem(
      'screening-decision',
      DECISION_SYSTEM,
      'Microneedling screening decision',
      'The decision of a pre-treatment screening, lowest to highest.',
      DECISIONS.map((decision) => ({ code: decision, display: DECISION_TEXT[decision][0], definition: DECISION_TEXT[decision][1] })),
    ),
    codeSystem(
      'cause',
      CAUSE_SYSTEM,
      'Microneedling suspected cause',
      'A cause a post-microneedling assessment can suspect.',
      CAUSE_IDS.map((cause) => ({ code: cause, display: CAUSE_TEXT[cause] })),
    ),
    codeSystem(
      'override-reason',
      OVERRIDE_REASON_SYSTEM,
      'Microneedling card override reason',
      'Why a clinician dismissed a card of the microneedling CDS Hooks services.',
      OVERRIDE_REASONS.map((reason) => ({ code: reason.code ?? '', display: reason.display ?? '' })),
    ),
  ];
}

/**
 * The code systems of a questionnaire's answer options, one per coded field (its url is
 * `answerSystem(field)`), with `none-of-these` in the multi-select ones.
 */
export function answerCodeSystems(kind: QuestionnaireKind): CodeSystem[] {
  return questionFields(kind).flatMap((field): CodeSystem[] => {
    const type = field.type;
    const values =
      type.kind === 'enum' || type.kind === 'enum-array'
        ? [...type.values, ...(type.kind === 'enum-array' ? [NONE_OF_THESE] : [])]
        : type.kind === 'number' && type.values !== undefined
          ? type.values.map(String)
          : [];
    if (values.length === 0) return [];
    return [
      codeSystem(
        `answers-${field.path.replaceAll('.', '-')}`.slice(0, 64),
        answerSystem(field.path),
        `Answers to ${field.path}`,
        `The answer codes of the '${field.path}' question (the values of the input field).`,
        values.map((value) => ({ code: value, display: value === NONE_OF_THESE ? 'none of these' : value.replaceAll('-', ' ') })),
      ),
    ];
  });
}
