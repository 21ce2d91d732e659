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

/** FHIR Reference. */
export interface Reference {
  reference?: string;
  display?: string;
}

/** FHIR Questionnaire.item.answerOption. */
export interface QuestionnaireAnswerOption {
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
  valueQuantity?: { value?: number; unit?: string };
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
  status: 'registered' | 'preliminary' | 'final' | 'amended' | 'corrected' | 'cancelled' | 'entered-in-error' | 'unknown';
  method?: { coding?: Coding[]; text?: string };
  code?: { coding?: Coding[]; text?: string };
  subject: Reference;
  occurrenceDateTime?: string;
  basis?: Reference[];
  prediction?: {
    outcome?: { coding?: Coding[]; text?: string };
    qualitativeRisk?: { coding?: Coding[]; text?: string };
    rationale?: string;
  }[];
  mitigation?: string;
  note?: { text: string }[];
}
