import type { Decision, Level } from '../contract.js';
import { valueAt } from '../input/dotted-path.js';
import { factsOf } from '../rules/condition-tree.js';
import type { QuestionGroups, QuestionIndex } from '../rules/load-rule-set.js';
import type { FactRole, Question, TopLevelCondition } from '../rules/rule-set-schema.js';

/**
 * The id of the question group whose questions are the warning signs of a clinician summary.
 * Only an id: which questions belong to it, and their wording, are in the questions files.
 */
export const WARNING_SIGNS_GROUP = 'warning-signs';

/**
 * The id of the screening question group that captions the blocking questions of a screening's
 * clinician summary. Only an id, for the caption: which questions are blocking is derived from
 * the rules (see {@link BlockingQuestions}).
 */
export const BLOCKING_QUESTIONS_GROUP = 'blocking';

/** An answer as given in the input; `null` is a screening's "never" (a how-long-ago question). */
export type AnswerValue = string | number | boolean | readonly string[] | null;

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
   * yes/no questions, lists joined with commas, `null` as never), e.g. "Erythema severity:
   * moderate", "Fever: yes", "Discharge: purulent", "Days since the last retinoid: never".
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

/** Questions of one kind, each in exactly one of four lists, by their answers. */
export interface QuestionLists {
  /** The group's clinician caption, e.g. "Warning signs (each present, absent or unknown)". */
  readonly title: string;
  /** Answered with a concerning value. */
  readonly present: readonly ClinicianFinding[];
  /** Answered with the least concerning value ("no"). */
  readonly absent: readonly ClinicianFinding[];
  /** Answered "I don't know" (only in an interview: see {@link ClinicianSummary.unknown}). */
  readonly unknown: readonly ClinicianQuestion[];
  /** Not answered: whether or not the answer could still change the result (those that could are also in `open`). */
  readonly open: readonly ClinicianQuestion[];
}

/**
 * The warning signs, each in exactly one of four lists. The warning signs are the questions of
 * the questions files' group `warning-signs` (see {@link WARNING_SIGNS_GROUP}) that ask their fact
 * directly (no separate `field`) and declare an order of concern (`role.concern` as a list), in
 * the questions files' order. A sign is present when its answer is past the least concerning
 * tier of that order, absent when it is in the least concerning tier.
 */
export type WarningSigns = QuestionLists;

/**
 * The blocking questions of a screening, each in exactly one of four lists: the yes/no screening
 * questions (an order of concern over `false` and `true`) that ask their fact directly and that a
 * blocking rule reads (a rule marked `blocking`, or one at or above the floor's reach; not the
 * floor itself), in the questions files' order. Which questions they are is derived from the
 * rules; their caption is the screening group `blocking` (see {@link BLOCKING_QUESTIONS_GROUP}).
 */
export type BlockingQuestions = QuestionLists;

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

/**
 * What a screening coordinator reads first, the same as a check-in's {@link ClinicianSummary}
 * where it applies: the decision and its clinician headline (from the advice files' `decisions`),
 * what the candidate reported, the blocking questions present, absent, unknown or not asked, and
 * the questions still open.
 */
export interface ScreeningClinicianSummary {
  /** The screening's decision. */
  readonly decision: Decision;
  /** The decision's clinician headline (with the date when the screening gives one). */
  readonly headline: string;
  /**
   * Every answered question, once, in the questions files' order (a how-long-ago question answered
   * "never" included; not `screenedAt`, which is no finding).
   */
  readonly reported: readonly ClinicianFinding[];
  readonly blockingQuestions: BlockingQuestions;
  /** Questions answered "I don't know" in a screening interview (`screen` always gives an empty list). */
  readonly unknown: readonly ClinicianQuestion[];
  /** Questions still open, most important first: every entry of `missing` not answered "I don't know". */
  readonly open: readonly ScreeningOpenQuestion[];
}

/** A screening question still open: it could change the decision (an entry of `missing`). */
export interface ScreeningOpenQuestion extends ClinicianQuestion {
  /** The strongest decision an answer could lead to. */
  readonly couldRaiseTo: Decision;
  /** A blocking question: while it is open the decision is never `proceed`. */
  readonly blocking: boolean;
}

/** What the summary needs of a rule set. */
export interface SummaryKnowledge {
  readonly questions: QuestionIndex;
  readonly groups: QuestionGroups;
}

/** What a screening summary needs of a rule set: also the rules, to tell the blocking questions. */
export interface ScreeningSummaryKnowledge extends SummaryKnowledge {
  readonly rules: readonly {
    readonly conditions: TopLevelCondition;
    readonly floor?: unknown;
    readonly graded: { readonly flagged: boolean };
  }[];
}

/** An entry of a result's `missing`, as the summary reads it. */
interface MissingEntry {
  readonly id: string;
  readonly field: string;
  readonly question: { readonly clinician: string };
}

/** What the summary needs of a result. */
export interface SummarisedResult {
  readonly level: Level;
  readonly advice: { readonly summary: { readonly clinician: string } };
  readonly missing: readonly (MissingEntry & { readonly couldRaiseTo: Level; readonly redFlag: boolean })[];
}

/** What a screening summary needs of a result (the clinician headline is the caller's: it may carry a date). */
export interface SummarisedScreening {
  readonly decision: Decision;
  readonly missing: readonly (MissingEntry & { readonly couldRaiseTo: Decision; readonly blocking: boolean })[];
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
  const parts = summaryParts(knowledge, input, result.missing, dontKnow, (question) => question.group === WARNING_SIGNS_GROUP);
  return {
    level: result.level,
    headline: result.advice.summary.clinician,
    reported: parts.reported,
    warningSigns: { title: captionOf(knowledge, WARNING_SIGNS_GROUP), ...parts.lists },
    unknown: parts.unknown,
    open: parts.open.map(({ asked: question, entry }) => ({ ...question, couldRaiseTo: entry.couldRaiseTo, redFlag: entry.redFlag })),
  };
}

/**
 * The clinician summary of a screening for a candidate (`input`, validated), under the decision's
 * clinician headline, with the fields answered "I don't know" (screening interviews only).
 */
export function screeningClinicianSummary(
  knowledge: ScreeningSummaryKnowledge,
  input: unknown,
  result: SummarisedScreening,
  headline: string,
  dontKnow: ReadonlySet<string> = new Set(),
): ScreeningClinicianSummary {
  const blocking = blockingFacts(knowledge.rules);
  const parts = summaryParts(
    knowledge,
    input,
    result.missing,
    dontKnow,
    (question) =>
      blocking.has(question.fact) &&
      (concernTiers(question.role)
        ?.flat()
        .every((value) => typeof value === 'boolean') ??
        false),
  );
  return {
    decision: result.decision,
    headline,
    reported: parts.reported,
    blockingQuestions: { title: captionOf(knowledge, BLOCKING_QUESTIONS_GROUP), ...parts.lists },
    unknown: parts.unknown,
    open: parts.open.map(({ asked: question, entry }) => ({ ...question, couldRaiseTo: entry.couldRaiseTo, blocking: entry.blocking })),
  };
}

/** What both summaries list the same way. */
interface SummaryParts<M extends MissingEntry> {
  readonly reported: ClinicianFinding[];
  readonly lists: Omit<QuestionLists, 'title'>;
  readonly unknown: ClinicianQuestion[];
  readonly open: { readonly asked: ClinicianQuestion; readonly entry: M }[];
}

/**
 * What was reported, the listed questions (`listed`: which questions; of those, only the ones that
 * ask their fact directly and declare an order of concern as a list) by their answers, the
 * questions answered "I don't know", and the entries of `missing` still open.
 */
function summaryParts<M extends MissingEntry>(
  knowledge: SummaryKnowledge,
  input: unknown,
  missing: readonly M[],
  dontKnow: ReadonlySet<string>,
  listed: (question: Question) => boolean,
): SummaryParts<M> {
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

  const lists: { present: ClinicianFinding[]; absent: ClinicianFinding[]; unknown: ClinicianQuestion[]; open: ClinicianQuestion[] } = {
    present: [],
    absent: [],
    unknown: [],
    open: [],
  };
  for (const question of questions) {
    const tiers = concernTiers(question.role);
    if (!listed(question) || question.field !== undefined || tiers === undefined) continue;
    const answer = answerAt(input, question.fact);
    if (answer !== undefined) {
      const least = tiers[0] ?? [];
      (least.includes(answer as string | boolean) ? lists.absent : lists.present).push(finding(question, question.fact, answer));
    } else if (dontKnow.has(question.fact)) {
      lists.unknown.push(asked(question, question.fact));
    } else {
      lists.open.push(asked(question, question.fact));
    }
  }

  const unknown = questions.flatMap((question) => {
    const field = question.field ?? question.fact;
    return dontKnow.has(field) && answerAt(input, field) === undefined ? [asked(question, field)] : [];
  });
  const open = missing
    .filter((entry) => !dontKnow.has(entry.field))
    .map((entry) => ({
      asked: {
        field: entry.field,
        fact: entry.id,
        question: entry.question.clinician,
        name: nameOf(knowledge.questions.get(entry.id) ?? entry.question),
      },
      entry,
    }));
  return { reported, lists, unknown: unknownOnce(unknown), open };
}

function captionOf(knowledge: SummaryKnowledge, group: string): string {
  return knowledge.groups.get(group)?.clinician ?? group;
}

/** The facts that the blocking rules read (the floor's counter is no question's). */
const blockingFactsCache = new WeakMap<object, ReadonlySet<string>>();
function blockingFacts(rules: ScreeningSummaryKnowledge['rules']): ReadonlySet<string> {
  const cached = blockingFactsCache.get(rules);
  if (cached !== undefined) return cached;
  const facts = new Set(
    rules.filter((rule) => rule.graded.flagged && rule.floor === undefined).flatMap((rule) => factsOf(rule.conditions)),
  );
  blockingFactsCache.set(rules, facts);
  return facts;
}

function asked(question: Question, field: string): ClinicianQuestion {
  return { field, fact: question.fact, question: question.clinician, name: nameOf(question) };
}

function nameOf(question: { readonly clinician: string; readonly finding?: string | undefined }): string {
  return question.finding ?? question.clinician.replace(/\?\s*$/, '');
}

function finding(question: Question, field: string, answer: AnswerValue): ClinicianFinding {
  return { ...asked(question, field), answer, text: `${nameOf(question)}: ${answerText(answer)}` };
}

/** The answer at a field, when one was given (`null`: a screening's "never"; a check-in has no `null` answer). */
function answerAt(input: unknown, field: string): AnswerValue | undefined {
  const value = valueAt(input, field);
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // A list is a set: sorted (by code unit, not locale) so that the summary does not depend on the order given.
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...value].sort();
  return undefined;
}

function answerText(answer: AnswerValue): string {
  if (answer === null) return 'never';
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
