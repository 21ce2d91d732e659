/*
 * The FHIR SDC adaptive form (`Questionnaire/$next-question`): the parts of the adaptive
 * QuestionnaireResponse, its contained Questionnaire and the operation's OperationOutcome that
 * this package reads and writes. Structurally compatible with `fhir4` of @types/fhir.
 */
import type {
  Coding,
  Narrative,
  QuestionnaireItem,
  QuestionnaireResponseAnswer,
  QuestionnaireResponseItem,
  Reference,
} from './fhir-types.js';

/** Marks a Questionnaire as adaptive (SDC `questionnaireAdaptive`): `true`, or the base URL of a server doing `$next-question`. */
export const ADAPTIVE_EXTENSION = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-questionnaireAdaptive';
/** SDC profile of the adaptive Questionnaire contained in the response. */
export const ADAPTIVE_QUESTIONNAIRE_PROFILE = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-adapt';
/** SDC profile of the adaptive QuestionnaireResponse. */
export const ADAPTIVE_RESPONSE_PROFILE = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaireresponse-adapt';
/** The SDC operation this package implements. */
export const NEXT_QUESTION_OPERATION = 'http://hl7.org/fhir/uv/sdc/OperationDefinition/Questionnaire-next-question';
/** The standard extension giving why a value is absent (FHIR `data-absent-reason`). */
export const DATA_ABSENT_REASON_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
/** The `data-absent-reason` code of an "I don't know" answer: the person was asked and does not know. */
export const ASKED_UNKNOWN = 'asked-unknown';
/** linkId of the read-only item that carries the result (level or decision) once the interview is done. */
export const RESULT_LINK_ID = 'triage-result';
/** linkId of the display item that says what to do now, once the interview is done. */
export const ACTION_LINK_ID = 'triage-action';

/** An extension of the adaptive resources (the value types used there). */
export interface AdaptiveExtension {
  url: string;
  valueBoolean?: boolean;
  valueUrl?: string;
  valueCode?: string;
  valueCoding?: Coding;
}

/** An item of the adaptive Questionnaire: a question asked so far, or the result once done. */
export interface AdaptiveQuestionnaireItem extends Omit<QuestionnaireItem, 'extension'> {
  extension?: AdaptiveExtension[];
  readOnly?: boolean;
}

/** The adaptive Questionnaire contained in the response (SDC `sdc-questionnaire-adapt`). */
export interface AdaptiveQuestionnaire {
  resourceType: 'Questionnaire';
  id: string;
  meta?: { profile?: string[] };
  text?: Narrative;
  extension?: AdaptiveExtension[];
  version?: string;
  name?: string;
  title?: string;
  /** The canonical URL of the questionnaire this adaptive form comes from (check-in or screening). */
  derivedFrom?: string[];
  status: 'draft' | 'active' | 'retired' | 'unknown';
  subjectType?: string[];
  item?: AdaptiveQuestionnaireItem[];
}

/** An answer of the adaptive response: a value, or a `data-absent-reason` of `asked-unknown` ("I don't know"). */
export interface AdaptiveAnswer extends QuestionnaireResponseAnswer {
  extension?: AdaptiveExtension[];
}

/** An item of the adaptive response. */
export interface AdaptiveResponseItem extends Omit<QuestionnaireResponseItem, 'answer'> {
  answer?: AdaptiveAnswer[];
}

/** The adaptive QuestionnaireResponse (SDC `sdc-questionnaireresponse-adapt`): the operation's input and output. */
export interface AdaptiveQuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  id?: string;
  meta?: { profile?: string[] };
  text?: Narrative;
  contained: AdaptiveQuestionnaire[];
  /** `#` and the id of the contained Questionnaire. */
  questionnaire: string;
  status: 'in-progress' | 'completed';
  subject?: Reference;
  authored?: string;
  author?: Reference;
  item?: AdaptiveResponseItem[];
}

/** FHIR R4 OperationOutcome: the answer of the operation to a request it cannot serve. */
export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  text?: Narrative;
  issue: OperationOutcomeIssue[];
}

/** One issue of an OperationOutcome. */
export interface OperationOutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  /** FHIR IssueType. */
  code: string;
  details?: { text?: string };
  diagnostics?: string;
  /** FHIRPath of the element at fault. */
  expression?: string[];
}
