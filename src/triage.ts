import type { AftercareGuide } from './aftercare/aftercare-types.js';
import { aftercareGuide } from './aftercare/aftercare-guide.js';
import type { Assessment } from './assessment/assessment-types.js';
import { ASSESSMENT } from './assessment/assessment-kind.js';
import { EvaluationPipeline, type Evaluations } from './evaluation/pipeline.js';
import { builtinRuleSet } from './rules/builtin-rules.js';
import { loadRuleSet, type LoadedRuleSet, type RuleSetInfo } from './rules/load-rule-set.js';
import { composeRuleSets } from './rules/compose-rule-sets.js';
import { checkLayerResults } from './layer-results.js';
import { RuleSetError } from './rules/diagnostics.js';
import { summariseRules, type RuleSummary } from './rules/rule-summary.js';
import type { RuleSetSource } from './rules/validate-rule-set.js';
import { SCREENING } from './screening/screening-kind.js';
import type { Screening } from './screening/screening-types.js';
import type { EvaluationOptions } from './explain/rule-trace.js';
import type { Evaluator } from './engine/rule-runner.js';
import type { BatchItem } from './batch/evaluate-many.js';
import type { Decision, Level } from './contract.js';
import type { InterviewOptions, InterviewStep } from './interview/interview-types.js';
import { checkedClock, readClock, readEvaluationOptions, readTriageOptions } from './read-triage-options.js';
import type { AssessInput } from './checkin/checkin-schema.js';
import type { ScreenInput } from './screening/screening-schema.js';
import type { AftercareRequest } from './aftercare/aftercare-schema.js';
import { safelyAsync, type SafeResult } from './input/safe-result.js';

/** Options for {@link createTriage}. */
export interface TriageOptions {
  /** The clock, used when an input gives no time of its own. Defaults to the system clock. */
  readonly now?: () => Date;
  /** The base rule set. Defaults to the built-in rules; `null` for none (the layers are the whole rule set). */
  readonly ruleSet?: RuleSetSource | null;
  /**
   * Rule sets layered over the base, in order: a file with the same name replaces the base's
   * file, a rule with the same id replaces the earlier rule, and ids in a file's `disable` list
   * remove rules. The composed rule set is validated like any other.
   */
  readonly ruleSets?: readonly RuleSetSource[];
  /**
   * The content hash the rules must have (from a validated release, e.g. `sha256:...`). When the
   * loaded rules differ, `createTriage` throws `RuleSetError` (`hash-mismatch`) instead of
   * running rules nobody reviewed.
   */
  readonly expectedHash?: string;
  /**
   * Which evaluator runs the rules: `'compiled'` (default: the rules compiled into plain
   * functions, many times json-rules-engine's throughput, see docs/performance.md) or
   * `'json-rules-engine'` (the reference semantics, loaded on first use). Both give identical
   * results; a differential test in the suite holds them equal.
   */
  readonly evaluator?: Evaluator;
}

/** A configured triage: one rule set, one clock. Safe to share and to call concurrently. */
export interface Triage {
  /**
   * Assesses a post-procedure check-in.
   *
   * @param input - a check-in, typed ({@link AssessInput}): a misspelt field or a wrong value in
   *   a literal is a compile error. It is still validated at run time; JSON of unknown shape goes
   *   through `parseCheckIn` first, or use {@link Triage.safeAssess}.
   * @returns the assessment; rejects with `ObservationError` for invalid input.
   */
  assess(input: AssessInput, options?: EvaluationOptions): Promise<Assessment>;
  /**
   * {@link Triage.assess}, synchronously, for UI code: the same result. Only with the `'compiled'`
   * evaluator (the default).
   *
   * @throws {RuleSetError} (`sync-unavailable`) when the triage was created with
   *   `evaluator: 'json-rules-engine'` (async only), whatever the input.
   * @throws {ObservationError} for invalid input.
   */
  assessSync(input: AssessInput, options?: EvaluationOptions): Assessment;
  /**
   * {@link Triage.assess} for JSON of unknown shape, without rejecting for bad input: the
   * assessment as `{ success: true, data }`, or the input's problems as `{ success: false, error }`
   * (the `ObservationError` `assess` rejects with, the same issues). Any other error still rejects.
   */
  safeAssess(input: unknown, options?: EvaluationOptions): Promise<SafeResult<Assessment>>;
  /**
   * Screens a candidate before treatment.
   *
   * @param input - a screening input, typed ({@link ScreenInput}). JSON of unknown shape goes
   *   through `parseScreening` first, or use {@link Triage.safeScreen}.
   * @returns the screening; rejects with `ObservationError` for invalid input.
   */
  screen(input: ScreenInput, options?: EvaluationOptions): Promise<Screening>;
  /**
   * {@link Triage.screen}, synchronously: the same result. Only with the `'compiled'` evaluator.
   *
   * @throws {RuleSetError} (`sync-unavailable`) with `evaluator: 'json-rules-engine'`.
   * @throws {ObservationError} for invalid input.
   */
  screenSync(input: ScreenInput, options?: EvaluationOptions): Screening;
  /** {@link Triage.screen} for JSON of unknown shape, like {@link Triage.safeAssess}. */
  safeScreen(input: unknown, options?: EvaluationOptions): Promise<SafeResult<Screening>>;
  /**
   * Aftercare guidance for a time since treatment: the do and don't list and when each product
   * or activity may resume.
   *
   * @param input - typed ({@link AftercareRequest}); JSON of unknown shape goes through `parseAftercare`.
   * @throws {ObservationError} for invalid input.
   */
  aftercare(input: AftercareRequest): AftercareGuide;
  /**
   * Assesses many check-ins (an iterable or async iterable), yielding each result, or its input
   * problems, in input order. One input is held at a time.
   */
  assessMany(inputs: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<BatchItem<Assessment>>;
  /** Screens many candidates, like {@link Triage.assessMany}. */
  screenMany(inputs: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<BatchItem<Screening>>;
  /**
   * One step of a check-in interview: the result so far, whether to stop, and the question(s) to
   * ask next, the one whose answer could change the level most first. Fields the person answered
   * "I don't know" go in `options.unknown`: they are not asked again and stay unanswered.
   *
   * @param partial - the check-in so far (typed and validated like {@link Triage.assess}; every field is optional).
   */
  interview(partial: AssessInput, options?: InterviewOptions): Promise<InterviewStep<Assessment, Level>>;
  /** One step of a screening interview, like {@link Triage.interview}. */
  screeningInterview(partial: ScreenInput, options?: InterviewOptions): Promise<InterviewStep<Screening, Decision>>;
  /** Identity (id, version, content hash) of the rules in use. */
  readonly ruleSet: RuleSetInfo;
  /** Every assessment and screening rule, summarised (for tools: coverage, explanations, diffs). */
  readonly rules: readonly RuleSummary[];
  /** The same rules with another clock (rules are not validated again). */
  withClock(now: () => Date): Triage;
}

/**
 * Creates a triage. The options and the rule set are checked here, so a wrong option or a broken
 * rule set fails at start-up (with `RuleSetError`), not on the first input.
 */
export function createTriage(options: TriageOptions = {}): Triage {
  const read = readTriageOptions(options);
  const base = read.ruleSet === null ? undefined : (read.ruleSet ?? builtinRuleSet);
  const layers = read.ruleSets;
  const ruleSet = layers.length === 0 && base !== undefined ? loadRuleSet(base) : loadComposed(base, layers);
  if (read.expectedHash !== undefined && ruleSet.info.hash !== read.expectedHash) {
    throw new RuleSetError([
      {
        code: 'hash-mismatch',
        severity: 'error',
        file: '',
        path: '',
        message: `the rules' content hash is ${ruleSet.info.hash}, but ${read.expectedHash} was expected`,
      },
    ]);
  }
  const now = read.now === undefined ? (): Date => new Date() : checkedClock(read.now);
  const evaluator = read.evaluator;
  return triageFrom(
    ruleSet,
    now,
    new EvaluationPipeline(ASSESSMENT, ruleSet, now, evaluator),
    once(() => new EvaluationPipeline(SCREENING, ruleSet, now, evaluator)),
  );
}

/** The value of `make`, made on the first call only. */
function once<T>(make: () => T): () => T {
  let made: { readonly value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * The layers composed over the base, loaded; then, as a second line behind the layer-change
 * check, a seeded corpus evaluated under both (see `layer-results.ts`).
 *
 * @throws {RuleSetError} when a layer does not compose, or lowers a result it does not acknowledge.
 */
function loadComposed(base: RuleSetSource | undefined, layers: readonly RuleSetSource[]): LoadedRuleSet {
  const { source, provenance } = composeRuleSets(base, layers);
  const composed = loadRuleSet(source, provenance);
  if (base === undefined) return composed;
  const lowered = checkLayerResults(loadRuleSet(base), composed, layers, provenance.diagnostics);
  if (lowered.length > 0) throw new RuleSetError(lowered);
  return composed;
}

/** The batch evaluation, loaded when the first batch starts (apps that do not batch do not carry it). */
async function* evaluateManyLazily<R>(
  inputs: Iterable<unknown> | AsyncIterable<unknown>,
  evaluate: (input: unknown) => Promise<R>,
): AsyncGenerator<BatchItem<R>> {
  const { evaluateMany } = await import('./batch/evaluate-many.js');
  yield* evaluateMany(inputs, evaluate);
}

function triageFrom(
  ruleSet: LoadedRuleSet,
  now: () => Date,
  assessor: Evaluations<Assessment>,
  // The screening's rules are compiled on the first screening. (The screening kind is imported statically:
  // `screenSync` needs it at once; it adds about 0.5 kB brotli to the browser start, see docs/performance.md.)
  screener: () => Evaluations<Screening>,
  rules = summariseRules(ruleSet),
): Triage {
  return {
    rules,
    assess: async (input, options) => assessor.run(input, readEvaluationOptions(options)),
    assessSync: (input, options) => assessor.runSync(input, readEvaluationOptions(options)),
    safeAssess: (input, options) => safelyAsync(async () => assessor.run(input, readEvaluationOptions(options))),
    screen: async (input, options) => {
      const read = readEvaluationOptions(options);
      return screener().run(input, read);
    },
    screenSync: (input, options) => {
      const read = readEvaluationOptions(options);
      return screener().runSync(input, read);
    },
    safeScreen: (input, options) => safelyAsync(async () => screener().run(input, readEvaluationOptions(options))),
    assessMany: (inputs) => evaluateManyLazily(inputs, (input) => assessor.run(input)),
    screenMany: (inputs) => evaluateManyLazily(inputs, async (input) => screener().run(input)),
    aftercare: (input) => aftercareGuide(input, ruleSet, now()),
    // The interview is loaded on its first step, so that apps that only assess do not carry it.
    interview: async (partial, options) => {
      const { interviewStep, checkInInterview } = await import('./interview/interview-runner.js');
      return interviewStep(
        checkInInterview(ruleSet, (input) => assessor.run(input)),
        partial,
        options,
      );
    },
    screeningInterview: async (partial, options) => {
      const { interviewStep, screeningInterview } = await import('./interview/interview-runner.js');
      return interviewStep(
        screeningInterview(ruleSet, (input) => screener().run(input)),
        partial,
        options,
      );
    },
    ruleSet: ruleSet.info,
    withClock: (given) => {
      const clock = readClock(given);
      return triageFrom(
        ruleSet,
        clock,
        assessor.withClock(clock),
        once(() => screener().withClock(clock)),
        rules,
      );
    },
  };
}

let defaultTriage: Triage | undefined;

function builtin(): Triage {
  defaultTriage ??= createTriage();
  return defaultTriage;
}

/** Assesses a check-in with the built-in rules and the system clock (see {@link Triage.assess}). */
export function assess(input: AssessInput, options?: EvaluationOptions): Promise<Assessment> {
  return builtin().assess(input, options);
}

/** {@link assess}, synchronously (see {@link Triage.assessSync}). */
export function assessSync(input: AssessInput, options?: EvaluationOptions): Assessment {
  return builtin().assessSync(input, options);
}

/** {@link assess} for JSON of unknown shape, without rejecting for bad input (see {@link Triage.safeAssess}). */
export function safeAssess(input: unknown, options?: EvaluationOptions): Promise<SafeResult<Assessment>> {
  return builtin().safeAssess(input, options);
}

/** Screens a candidate with the built-in rules and the system clock (see {@link Triage.screen}). */
export function screen(input: ScreenInput, options?: EvaluationOptions): Promise<Screening> {
  return builtin().screen(input, options);
}

/** {@link screen}, synchronously (see {@link Triage.screenSync}). */
export function screenSync(input: ScreenInput, options?: EvaluationOptions): Screening {
  return builtin().screenSync(input, options);
}

/** {@link screen} for JSON of unknown shape, without rejecting for bad input (see {@link Triage.safeScreen}). */
export function safeScreen(input: unknown, options?: EvaluationOptions): Promise<SafeResult<Screening>> {
  return builtin().safeScreen(input, options);
}

/** Aftercare guidance with the built-in rules and the system clock. */
export function aftercare(input: AftercareRequest): AftercareGuide {
  return builtin().aftercare(input);
}

/** Assesses many check-ins with the built-in rules (see {@link Triage.assessMany}). */
export function assessMany(inputs: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<BatchItem<Assessment>> {
  return builtin().assessMany(inputs);
}

/** Screens many candidates with the built-in rules (see {@link Triage.screenMany}). */
export function screenMany(inputs: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<BatchItem<Screening>> {
  return builtin().screenMany(inputs);
}
