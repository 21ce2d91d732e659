import type { RuleMessage } from '../rules/rule-set-schema.js';
import type { AnswerSpec } from './answer-spec.js';

/** Options for an interview step. */
export interface InterviewOptions {
  /** Fields the person answered "I don't know": not asked again, and still unanswered for the floor and `missing`. */
  readonly unknown?: readonly string[];
}

/** Why a question is asked: the rules waiting on it and how far its answer could move the result. */
export interface QuestionReason<G extends string> {
  readonly rules: readonly string[];
  /** The highest grade an answer could lead to, when it could raise the result. */
  readonly couldRaiseTo?: G;
  /** The lowest grade an answer could lead to, when it could lower the result. */
  readonly couldLowerTo?: G;
  /** The question holds the safety floor: while it is open the result stays off the lowest grade. */
  readonly holdsFloor: boolean;
}

/** A question to ask now. */
export interface InterviewQuestion<G extends string> {
  /** The fact the question answers. */
  readonly id: string;
  /** The input field to fill (dotted path). */
  readonly field: string;
  readonly question: RuleMessage;
  readonly answer: AnswerSpec;
  /** Fields worth asking once this one is answered. */
  readonly followUps: readonly string[];
  readonly why: QuestionReason<G>;
}

/**
 * What to show at once: one question, or the questions of one group on one screen, each answered
 * into its own field, or "I don't know": a `checklist` when they are all yes/no ("Do you have any
 * of these?"), a `group` when some are multiple choice ("How is the treated skin now?").
 */
export type InterviewScreen<G extends string> =
  | {
      readonly kind: 'question';
      /** The one input field the screen answers. */
      readonly fields: readonly string[];
      readonly question: InterviewQuestion<G>;
    }
  | {
      readonly kind: 'checklist' | 'group';
      /** The group's id, from the questions file. */
      readonly id: string;
      readonly caption: RuleMessage;
      /** Every input field the screen answers, one per item. */
      readonly fields: readonly string[];
      readonly items: readonly InterviewQuestion<G>[];
    };

/** What to do now, when the interview is done. */
export interface InterviewAction {
  readonly summary: RuleMessage;
  readonly steps: readonly string[];
}

/** One step of an interview: the result so far, whether to stop, and what to ask next. */
export interface InterviewStep<R, G extends string> {
  readonly result: R;
  /** No unanswered question (other than those answered "I don't know") could change the result; or it is already the highest grade. */
  readonly done: boolean;
  /** What to do now: set when `done`. */
  readonly action?: InterviewAction;
  /** The questions to ask, the one that could change the result most first; empty when `done`. */
  readonly next: readonly InterviewQuestion<G>[];
  /**
   * The same questions as screens, in the same order: the yes/no questions of one checklist
   * together, the others one by one. Show the first; every question of `next` is on exactly one.
   */
  readonly screens: readonly InterviewScreen<G>[];
  /** The fields answered "I don't know" so far. */
  readonly unknown: readonly string[];
}
