/*
 * The parts of FHIR R4 this package reads and writes. Structurally compatible with the
 * `fhir4` types of @types/fhir (checked in the tests), without a dependency on them.
 */

/** FHIR Coding. */
export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

/** FHIR CodeableConcept. */
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

/** FHIR Identifier. */
export interface Identifier {
  system?: string;
  value?: string;
}

/** FHIR Reference. */
export interface Reference {
  reference?: string;
  identifier?: Identifier;
  display?: string;
}

/** FHIR Narrative (a resource's `text`). */
export interface Narrative {
  status: 'generated' | 'extensions' | 'additional' | 'empty';
  /** XHTML, in a `div` of the XHTML namespace. */
  div: string;
}

/** FHIR Extension (the value types this package uses). */
export interface Extension {
  url: string;
  valueBoolean?: boolean;
  valueCoding?: Coding;
  valueString?: string;
}

/** FHIR Quantity. */
export interface Quantity {
  value?: number;
  comparator?: '<' | '<=' | '>=' | '>';
  unit?: string;
  system?: string;
  code?: string;
}

/** FHIR Questionnaire.item.answerOption. */
export interface QuestionnaireAnswerOption {
  extension?: Extension[];
  valueCoding?: Coding;
  valueInteger?: number;
  valueString?: string;
}

/** FHIR Questionnaire.item.enableWhen. */
export interface QuestionnaireEnableWhen {
  question: string;
  operator: 'exists' | '=' | '!=' | '>' | '<' | '>=' | '<=';
  answerBoolean?: boolean;
  answerCoding?: Coding;
  answerDecimal?: number;
}

/** FHIR Questionnaire.item. */
export interface QuestionnaireItem {
  extension?: Extension[];
  linkId: string;
  text?: string;
  type: 'group' | 'display' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'string' | 'choice';
  required?: boolean;
  repeats?: boolean;
  enableWhen?: QuestionnaireEnableWhen[];
  enableBehavior?: 'all' | 'any';
  answerOption?: QuestionnaireAnswerOption[];
  item?: QuestionnaireItem[];
}

/** FHIR R4 Questionnaire. */
export interface Questionnaire {
  resourceType: 'Questionnaire';
  id?: string;
  text?: Narrative;
  url?: string;
  version?: string;
  name?: string;
  title?: string;
  status: 'draft' | 'active' | 'retired' | 'unknown';
  subjectType?: 'Patient'[];
  description?: string;
  item?: QuestionnaireItem[];
}

/** FHIR QuestionnaireResponse.item.answer. */
export interface QuestionnaireResponseAnswer {
  valueBoolean?: boolean;
  valueDecimal?: number;
  valueInteger?: number;
  valueDate?: string;
  valueDateTime?: string;
  valueTime?: string;
  valueString?: string;
  valueUri?: string;
  valueCoding?: Coding;
  valueQuantity?: Quantity;
  valueReference?: Reference;
  item?: QuestionnaireResponseItem[];
}

/** FHIR QuestionnaireResponse.item. */
export interface QuestionnaireResponseItem {
  linkId: string;
  text?: string;
  answer?: QuestionnaireResponseAnswer[];
  item?: QuestionnaireResponseItem[];
}

/** FHIR R4 QuestionnaireResponse. */
export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  id?: string;
  text?: Narrative;
  questionnaire?: string;
  status: 'in-progress' | 'completed' | 'amended' | 'entered-in-error' | 'stopped';
  subject?: Reference;
  authored?: string;
  item?: QuestionnaireResponseItem[];
}

/** FHIR R4 RiskAssessment. */
export interface RiskAssessment {
  resourceType: 'RiskAssessment';
  id?: string;
  text?: Narrative;
  status: 'registered' | 'preliminary' | 'final' | 'amended' | 'corrected' | 'cancelled' | 'entered-in-error' | 'unknown';
  method?: CodeableConcept;
  code?: CodeableConcept;
  subject: Reference;
  occurrenceDateTime?: string;
  basis?: Reference[];
  prediction?: {
    outcome?: CodeableConcept;
    qualitativeRisk?: CodeableConcept;
    rationale?: string;
  }[];
  mitigation?: string;
  note?: { text: string }[];
}

/** FHIR R4 Flag: a warning on the patient's record. */
export interface Flag {
  resourceType: 'Flag';
  id?: string;
  text?: Narrative;
  identifier?: Identifier[];
  status: 'active' | 'inactive' | 'entered-in-error';
  category?: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  period?: { start?: string; end?: string };
  author?: Reference;
}

/** Priority of a Task or Communication (FHIR request-priority). */
export type RequestPriority = 'routine' | 'urgent' | 'asap' | 'stat';

/** FHIR R4 Task: work for someone on the care team. */
export interface Task {
  resourceType: 'Task';
  id?: string;
  text?: Narrative;
  identifier?: Identifier[];
  status:
    | 'draft'
    | 'requested'
    | 'received'
    | 'accepted'
    | 'rejected'
    | 'ready'
    | 'cancelled'
    | 'in-progress'
    | 'on-hold'
    | 'failed'
    | 'completed'
    | 'entered-in-error';
  intent: 'unknown' | 'proposal' | 'plan' | 'order' | 'original-order' | 'reflex-order' | 'filler-order' | 'instance-order' | 'option';
  priority?: RequestPriority;
  code?: CodeableConcept;
  description?: string;
  focus?: Reference;
  for?: Reference;
  authoredOn?: string;
  requester?: Reference;
  owner?: Reference;
  reasonCode?: CodeableConcept;
  reasonReference?: Reference;
}

/** FHIR R4 Communication: a message to someone on the care team. */
export interface Communication {
  resourceType: 'Communication';
  id?: string;
  text?: Narrative;
  identifier?: Identifier[];
  status: 'preparation' | 'in-progress' | 'not-done' | 'on-hold' | 'stopped' | 'completed' | 'entered-in-error' | 'unknown';
  category?: CodeableConcept[];
  priority?: RequestPriority;
  subject?: Reference;
  about?: Reference[];
  sent?: string;
  recipient?: Reference[];
  sender?: Reference;
  reasonCode?: CodeableConcept[];
  payload?: { contentString: string }[];
}

/** FHIR R4 CodeSystem (the parts this package ships). */
export interface CodeSystem {
  resourceType: 'CodeSystem';
  id?: string;
  text?: Narrative;
  url: string;
  version?: string;
  name?: string;
  title?: string;
  status: 'draft' | 'active' | 'retired' | 'unknown';
  description?: string;
  caseSensitive?: boolean;
  content: 'not-present' | 'example' | 'fragment' | 'complete' | 'supplement';
  count?: number;
  concept?: { code: string; display?: string; definition?: string }[];
}

/** A resource of this package, as an entry of a Bundle. */
export type BundleResource = Flag | Task | Communication | RiskAssessment | QuestionnaireResponse;

/** FHIR R4 Bundle of type `transaction` (the parts this package writes). */
export interface TransactionBundle {
  resourceType: 'Bundle';
  type: 'transaction';
  entry: {
    fullUrl?: string;
    resource: BundleResource;
    request: { method: 'POST' | 'PUT'; url: string; ifNoneExist?: string };
  }[];
}
