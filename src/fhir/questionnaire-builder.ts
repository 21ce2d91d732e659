import { builtinRuleSet } from '../rules/builtin-rules.js';
import { loadRuleSet, type QuestionIndex } from '../rules/load-rule-set.js';
import type { RuleSetSource } from '../rules/validate-rule-set.js';
import { factsOf } from '../rules/condition-tree.js';
import type { TopLevelCondition } from '../rules/rule-set-schema.js';
import {
  answerSystem,
  NONE_OF_THESE,
  OPTION_EXCLUSIVE_EXTENSION,
  QUESTIONNAIRE_UNIT_EXTENSION,
  QUESTIONNAIRE_URLS,
  UCUM_SYSTEM,
} from './fhir-codes.js';
import { narrative } from './narrative.js';
import { unitDisplay } from './units.js';
import type { Questionnaire, QuestionnaireAnswerOption, QuestionnaireEnableWhen, QuestionnaireItem } from './fhir-types.js';
import { gateLinkId, questionFields, type QuestionField, type QuestionnaireKind } from './questionnaire-fields.js';

/** Labels of groups and of fields that are not facts (facts take their text from the rules' questions). */
const LABELS: Readonly<Record<string, string>> = {
  treatment: 'The treatment',
  patient: 'About you',
  'patient.history': 'Your medical history',
  signs: 'What you notice now',
  exposures: 'Products since the treatment',
  previous: 'An earlier check-in',
  'previous.hoursSinceTreatment': 'Hours since treatment at that check-in',
  'previous.assessedAt': 'When was that check-in?',
  'previous.redness': 'Redness at that check-in',
  'previous.pain': 'Pain at that check-in',
  'previous.swelling': 'Swelling at that check-in',
  treatedAt: 'When were you treated? (date, time and time zone)',
  assessedAt: 'When is this check-in? (leave empty for now)',
  screenedAt: 'When is this screening? (leave empty for now)',
  plannedTreatment: 'The planned treatment',
  conditions: 'Conditions',
  medications: 'Medicines and products',
};

/** Texts of the gate items of nullable fields ("never" answers). */
const NEVER_LABELS: Readonly<Record<string, string>> = {
  'medications.isotretinoinMonthsAgo': 'I have never taken isotretinoin',
  'medications.retinoidDaysAgo': 'I do not use retinoids',
  'medications.exfoliantDaysAgo': 'I do not use strong exfoliants',
  'medications.nsaidHoursAgo': 'I have not taken ibuprofen or aspirin',
  'medications.supplementHoursAgo': 'I have not taken vitamin E or fish oil',
  lastSessionWeeksAgo: 'This is my first session on this area',
};

/** Trend questions asked only when the sign itself is present. */
const TREND_OF: Readonly<Record<string, string>> = { 'signs.rednessTrend': 'signs.redness', 'signs.painTrend': 'signs.pain' };

const CLEARANCE = 'medicalClearance';
const PREVIOUS_PREFIX = 'previous.';

/**
 * Builds the FHIR R4 Questionnaire for post-procedure check-ins or pre-treatment screenings:
 * one item per input field (its linkId is the field's path), answer types and options from the
 * input contract, question texts from the rule set, and `enableWhen` for follow-ups.
 */
export function buildQuestionnaire(kind: QuestionnaireKind, ruleSet: RuleSetSource = builtinRuleSet): Questionnaire {
  const loaded = loadRuleSet(ruleSet);
  const questions = kind === 'checkin' ? loaded.assessment.questions : loaded.screening.questions;
  const clearanceFor = kind === 'screening' ? factsPairedWith(CLEARANCE, loaded.screening.rules) : [];
  const root: QuestionnaireItem[] = [];
  const groups = new Map<string, QuestionnaireItem[]>([['', root]]);
  const groupOf = (path: string, repeating: boolean): QuestionnaireItem[] => {
    const existing = groups.get(path);
    if (existing !== undefined) return existing;
    const parentPath = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
    const children: QuestionnaireItem[] = [];
    groupOf(parentPath, false).push({
      linkId: path,
      text: LABELS[path] ?? humanise(path),
      type: 'group',
      ...(repeating ? { repeats: true } : {}),
      item: children,
    });
    groups.set(path, children);
    return children;
  };
  for (const field of questionFields(kind)) {
    const parent = field.path.includes('.') ? field.path.slice(0, field.path.lastIndexOf('.')) : '';
    const siblings = parent === '' ? root : groupOf(parent, field.repeatingGroup === parent);
    siblings.push(...itemsFor(field, questions, clearanceFor));
  }
  const title = kind === 'checkin' ? 'Microneedling: post-procedure check-in' : 'Microneedling: pre-treatment screening';
  const description =
    kind === 'checkin'
      ? 'How the skin looks and feels after microneedling. Unanswered questions are treated as not asked, never as "no".'
      : 'Whether a candidate should be treated now. Unanswered questions are treated as not asked, never as "no".';
  return {
    resourceType: 'Questionnaire',
    id: kind === 'checkin' ? 'post-procedure-check-in' : 'pre-treatment-screening',
    text: narrative([
      `${title} (version ${loaded.info.version}).`,
      description,
      root.map((item) => `${item.text ?? item.linkId}${item.type === 'group' ? ` (${String(item.item?.length ?? 0)} questions)` : ''}`),
    ]),
    url: QUESTIONNAIRE_URLS[kind],
    version: loaded.info.version,
    name: kind === 'checkin' ? 'PostProcedureCheckIn' : 'PreTreatmentScreening',
    title,
    status: 'active',
    subjectType: ['Patient'],
    description,
    item: root,
  };
}

function itemsFor(field: QuestionField, questions: QuestionIndex, clearanceFor: readonly string[]): QuestionnaireItem[] {
  const text = questionTextFor(field.path, questions) ?? LABELS[field.path] ?? humanise(field.path);
  const item: QuestionnaireItem = { linkId: field.path, text, ...answerShape(field, answerLabelsFor(field.path, questions)) };
  const trendOf = TREND_OF[field.path];
  if (trendOf !== undefined)
    item.enableWhen = [{ question: trendOf, operator: '!=', answerCoding: { system: answerSystem(trendOf), code: 'none' } }];
  const questionGate = questions.get(field.path)?.gate;
  if (questionGate !== undefined) {
    // Hidden while an answer closes its gate (the reader then fills the gate's value).
    item.enableWhen = [...(item.enableWhen ?? []), ...questionGate.closedBy.map((value) => notAnswered(questionGate.fact, value))];
    if (item.enableWhen.length > 1) item.enableBehavior = 'all';
  }
  if (field.path === CLEARANCE && clearanceFor.length > 0) {
    item.enableWhen = clearanceFor.map((fact): QuestionnaireEnableWhen => ({ question: fact, operator: '=', answerBoolean: true }));
    item.enableBehavior = 'any';
  }
  if (!field.nullable) return [item];
  const gate = gateLinkId(field.path);
  // Beside a question gate, if any: shown only while both allow it.
  item.enableWhen = [...(item.enableWhen ?? []), { question: gate, operator: '!=', answerBoolean: true }];
  if (item.enableWhen.length > 1) item.enableBehavior = 'all';
  return [{ linkId: gate, text: NEVER_LABELS[field.path] ?? `Never: ${humanise(field.path)}`, type: 'boolean' }, item];
}

/** An `enableWhen` that holds unless `question` has the answer `value`. */
function notAnswered(question: string, value: string | number | boolean): QuestionnaireEnableWhen {
  if (typeof value === 'boolean') return { question, operator: '!=', answerBoolean: value };
  if (typeof value === 'number') return { question, operator: '!=', answerDecimal: value };
  return { question, operator: '!=', answerCoding: { system: answerSystem(question), code: value } };
}

function answerShape(
  field: QuestionField,
  labels: Readonly<Record<string, string>>,
): Pick<QuestionnaireItem, 'type' | 'repeats' | 'answerOption' | 'extension'> {
  const type = field.type;
  const option = (value: string | number): QuestionnaireAnswerOption => ({
    valueCoding: {
      system: answerSystem(field.path),
      code: String(value),
      display: labels[String(value)] ?? String(value).replaceAll('-', ' '),
    },
  });
  switch (type.kind) {
    case 'boolean':
      return { type: 'boolean' };
    case 'datetime':
      return { type: 'dateTime' };
    case 'string':
      return { type: 'string' };
    case 'number':
      if (type.values !== undefined) {
        return {
          type: 'choice',
          answerOption: type.values.map(option),
        };
      }
      return {
        type: 'decimal',
        ...(field.unit === undefined
          ? {}
          : {
              extension: [
                {
                  url: QUESTIONNAIRE_UNIT_EXTENSION,
                  valueCoding: { system: UCUM_SYSTEM, code: field.unit, display: unitDisplay(field.unit) },
                },
              ],
            }),
      };
    case 'enum':
      return { type: 'choice', answerOption: type.values.map(option) };
    case 'enum-array':
      if (type.values.includes(NONE_OF_THESE))
        throw new Error(`'${field.path}' has a value '${NONE_OF_THESE}', the code of "none of these"`);
      return {
        type: 'choice',
        repeats: true,
        answerOption: [
          ...type.values.map(option),
          {
            extension: [{ url: OPTION_EXCLUSIVE_EXTENSION, valueBoolean: true }],
            valueCoding: { system: answerSystem(field.path), code: NONE_OF_THESE, display: 'none of these' },
          },
        ],
      };
  }
}

function questionFor(path: string, questions: QuestionIndex) {
  return questions.get(path) ?? [...questions.values()].find((question) => question.field === path);
}

function questionTextFor(path: string, questions: QuestionIndex): string | undefined {
  return questionFor(path, questions)?.patient;
}

/**
 * The plain labels of a field's answers, from its question's `answers`; an earlier check-in's
 * redness, pain or swelling is answered like the sign now.
 */
function answerLabelsFor(path: string, questions: QuestionIndex): Readonly<Record<string, string>> {
  const asked = path.startsWith(PREVIOUS_PREFIX) ? `signs.${path.slice(PREVIOUS_PREFIX.length)}` : path;
  return questionFor(asked, questions)?.answers ?? {};
}

/** Facts tested in the same rules as `fact` (e.g. the conditions medical clearance applies to). */
function factsPairedWith(fact: string, rules: readonly { readonly conditions: TopLevelCondition }[]): string[] {
  const paired = new Set<string>();
  for (const rule of rules) {
    const facts = factsOf(rule.conditions);
    if (facts.includes(fact)) for (const other of facts) if (other !== fact) paired.add(other);
  }
  return [...paired];
}

function humanise(path: string): string {
  const last = path.split('.').at(-1) ?? path;
  const words = last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
