import type { Level } from '../contract.js';
import { valueAt } from '../input/dotted-path.js';
import type { QuestionGroups, QuestionIndex } from '../rules/load-rule-set.js';
import type { FactRole, Question } from '../rules/rule-set-schema.js';

/**
 * The id of the question group whose questions are the warning signs of a clinician summary.
 * Only an id: which questions belong to it, and their wording, are in the questions files.
 */
export const WARNING_SIGNS_GROUP = 'warning-signs';

/** An answer as given in the input. */
export type AnswerValue = string | number | boolean | readonly string[];

/** A question of the summary, in the clinician's wording from the questions file. */
export interface ClinicianQuestion {
  /** The input field that answers it (dotted path), e.g. `signs.fever`. */
  readonly field: string;
  /** The fact the question answers (usually the same as `field`). */
  readonly fact: string;
  /** The question's clinician wording, e.g. "Fever?". */
  readonly question: string;
  /**
   * What the question asks about, for lists and before an answer: its `finding` in the questions
   * file, or else its clinician wording without the question mark, e.g. "Fever", "Discharge".
   */
  readonly name: string;
}

/** An answered question: the answer as given, and the finding as one line. */
export interface ClinicianFinding extends ClinicianQuestion {
  readonly answer: AnswerValue;
  /**
   * The finding as a clinician reads it: the question's `name`, then the answer (yes/no for
   * yes/no questions, lists joined with commas), e.g. "Erythema severity: moderate", "Fever: yes",
   * "Discharge: purulent".
   */
  readonly text: string;
}

/** A question still open: it could raise the level (an entry of `missing`). */
export interface ClinicianOpenQuestion extends ClinicianQuestion {
  /** The highest level an answer could lead to. */
  readonly couldRaiseTo: Level;
  /** A red-flag question: while it is open the level is at least `monitor`. */
  readonly redFlag: boolean;
}

/**
 * The warning signs, each in exactly one of four lists. The warning signs are the questions of
 * the questions files' group `warning-signs` (see {@link WARNING_SIGNS_GROUP}) that ask their fact
 * directly (no separate `field`) and declare an order of concern (`role.concern` as a list), in
 * the questions files' order. A sign is present when its answer is past the least concerning
 * tier of that order, absent when it is in the least concerning tier.
 */
export interface WarningSigns {
  /** The group's clinician caption, e.g. "Warning signs (each present, absent or unknown)". */
  readonly title: string;
  /** Answered with a concerning value. */
  readonly present: readonly ClinicianFinding[];
  /** Answered with the least concerning value ("no"). */
  readonly absent: readonly ClinicianFinding[];
  /** Answered "I don't know" (only in an interview: see {@link ClinicianSummary.unknown}). */
  readonly unknown: readonly ClinicianQuestion[];
  /** Not answered: whether or not the answer could still change the level (those that could are also in `open`). */
  readonly open: readonly ClinicianQuestion[];
}

/**
 * What a nurse reads first: the level and its headline, what the person reported, the warning
 * signs present, absent, unknown or not asked, and the questions still open. Every wording is
 * the rule set's: the level's clinician summary from the advice files, the questions' clinician
 * wording from the questions files.
 */
export interface ClinicianSummary {
  /** The result's level. */
  readonly level: Level;
  /** The level's clinician summary (the same as `advice.summary.clinician`). */
  readonly headline: string;
  /**
   * Every answered question, once, in the questions files' order: each input field the check-in
   * gives a value for and a question asks (not `assessedAt` or `previous`, which are no findings;
   * facts derived from other answers, such as trends from earlier check-ins, are in `derived`).
   */
  readonly reported: readonly ClinicianFinding[];
  readonly warningSigns: WarningSigns;
  /**
   * Questions answered "I don't know". A check-in has no way to say it (an unanswered field is
   * omitted), so `assess` always gives an empty list; an interview step's result lists the fields
   * of its `unknown` option here (and not in `open`, though they still hold the safety floor).
   */
  readonly unknown: readonly ClinicianQuestion[];
  /**
   * Questions still open, most important first: every entry of `missing` (apart from those
   * answered "I don't know" in an interview), in the clinician's wording.
   */
  readonly open: readonly ClinicianOpenQuestion[];
}

/** What the summary needs of a rule set. */
export interface SummaryKnowledge {
  readonly questions: QuestionIndex;
  readonly groups: QuestionGroups;
}

/** What the summary needs of a result. */
export interface SummarisedResult {
  readonly level: Level;
  readonly advice: { readonly summary: { readonly clinician: string } };
  readonly missing: readonly {
    readonly id: string;
    readonly field: string;
    readonly question: { readonly clinician: string };
    readonly couldRaiseTo: Level;
    readonly redFlag: boolean;
  }[];
}

/**
 * The clinician summary of a result for a check-in (`input`, validated), with the fields
 * answered "I don't know" (interviews only).
 */
export function clinicianSummary(
  knowledge: SummaryKnowledge,
  input: unknown,
  result: SummarisedResult,
  dontKnow: ReadonlySet<string> = new Set(),
): ClinicianSummary {
  const questions = [...knowledge.questions.values()];
  const reported: ClinicianFinding[] = [];
  const reportedFields = new Set<string>();
  for (const question of questions) {
    const field = question.field ?? question.fact;
    const answer = answerAt(input, field);
    if (answer === undefined || reportedFields.has(field)) continue;
    reportedFields.add(field);
    reported.push(finding(question, field, answer));
  }

  const warningSigns: { present: ClinicianFinding[]; absent: ClinicianFinding[]; unknown: ClinicianQuestion[]; open: ClinicianQuestion[] } =
    { present: [], absent: [], unknown: [], open: [] };
  for (const question of questions) {
    const tiers = concernTiers(question.role);
    if (question.group !== WARNING_SIGNS_GROUP || question.field !== undefined || tiers === undefined) continue;
    const answer = answerAt(input, question.fact);
    if (answer !== undefined) {
      const least = tiers[0] ?? [];
      (least.includes(answer as string | boolean) ? warningSigns.absent : warningSigns.present).push(
        finding(question, question.fact, answer),
      );
    } else if (dontKnow.has(question.fact)) {
      warningSigns.unknown.push(asked(question, question.fact));
    } else {
      warningSigns.open.push(asked(question, question.fact));
    }
  }

  const unknown = questions.flatMap((question) => {
    const field = question.field ?? question.fact;
    return dontKnow.has(field) && answerAt(input, field) === undefined ? [asked(question, field)] : [];
  });
  const open = result.missing
    .filter((entry) => !dontKnow.has(entry.field))
    .map(({ id, field, question, couldRaiseTo, redFlag }) => ({
      field,
      fact: id,
      question: question.clinician,
      name: nameOf(knowledge.questions.get(id) ?? question),
      couldRaiseTo,
      redFlag,
    }));

  return {
    level: result.level,
    headline: result.advice.summary.clinician,
    reported,
    warningSigns: { title: knowledge.groups.get(WARNING_SIGNS_GROUP)?.clinician ?? WARNING_SIGNS_GROUP, ...warningSigns },
    unknown: unknownOnce(unknown),
    open,
  };
}

function asked(question: Question, field: string): ClinicianQuestion {
  return { field, fact: question.fact, question: question.clinician, name: nameOf(question) };
}

function nameOf(question: { readonly clinician: string; readonly finding?: string | undefined }): string {
  return question.finding ?? question.clinician.replace(/\?\s*$/, '');
}

function finding(question: Question, field: string, answer: AnswerValue): ClinicianFinding {
  return {
    ...asked(question, field),
    answer,
    text: `${question.finding ?? question.clinician.replace(/\?\s*$/, '')}: ${answerText(answer)}`,
  };
}

/** The answer at a field, when one was given (`null`, "never" in a screening, is no check-in answer). */
function answerAt(input: unknown, field: string): AnswerValue | undefined {
  const value = valueAt(input, field);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // A list is a set: sorted (by code unit, not locale) so that the summary does not depend on the order given.
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...value].sort();
  return undefined;
}

function answerText(answer: AnswerValue): string {
  if (typeof answer === 'boolean') return answer ? 'yes' : 'no';
  if (typeof answer === 'number') return String(answer);
  if (typeof answer === 'string') return answer;
  return answer.length === 0 ? 'none' : answer.join(', ');
}

/** An order of concern as tiers of equal concern, least concerning first; `undefined` for other roles. */
function concernTiers(role: FactRole | undefined): (string | boolean)[][] | undefined {
  if (role === undefined || typeof role === 'string' || !Array.isArray(role.concern)) return undefined;
  return (role.concern as readonly (string | boolean | readonly (string | boolean)[])[]).map((tier) =>
    Array.isArray(tier) ? [...(tier as readonly (string | boolean)[])] : [tier as string | boolean],
  );
}

/** Each field once (two questions may share an input field). */
function unknownOnce(questions: readonly ClinicianQuestion[]): ClinicianQuestion[] {
  const seen = new Set<string>();
  return questions.filter(({ field }) => {
    if (seen.has(field)) return false;
    seen.add(field);
    return true;
  });
}
