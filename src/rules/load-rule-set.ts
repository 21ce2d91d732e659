import { decisionRank, levelRank, type Decision, type Level } from '../contract.js';
import { assessmentFloorView, floorReach, holdsFloor, screeningFloorView } from './floor.js';
import type { GradedRule } from '../engine/open-questions.js';
import { contentHash } from './content-hash.js';
import { RuleSetError } from './diagnostics.js';
import type { RuleSetProvenance } from './compose-rule-sets.js';
import type {
  AdviceLine,
  AssessmentRule,
  BandDerivation,
  CitedSource,
  DecisionAdvice,
  FeatureInfo,
  LevelAdvice,
  Question,
  QuestionGroup,
  ResumeItem,
  ScreeningRule,
  SourceInfo,
  SourceRef,
  Timeframe,
} from './rule-set-schema.js';
import { validateSource, type NamedFile, type RuleSetSource } from './validate-rule-set.js';
import { builtinParsed, builtinRuleSet } from './builtin-rules.js';
import { BUILTIN_RULES_HASH } from './builtin-hash.js';
import { gatedQuestions, type GatedQuestion } from '../facts/question-gates.js';
import { declaredReports, declaredRoles } from './check-roles.js';
import { reportedSigns, type ReportedSign } from '../facts/reported-signs.js';

/** Identity of the rules behind a result: enough to audit or reproduce it. */
export interface RuleSetInfo {
  readonly id: string;
  readonly version: string;
  /** `sha256:` hash of the canonical JSON of every file: changes with any rule edit. */
  readonly hash: string;
  /** The files used, in order, each with its own id and version, and the rule set it came from. */
  readonly files: readonly {
    readonly name: string;
    readonly id: string;
    readonly version: string;
    readonly kind: string;
    readonly ruleSet: string;
  }[];
  /** The rule sets composed into this one, base first (one entry when not layered). */
  readonly layers: readonly { readonly id: string; readonly version: string }[];
}

/** Replaces the source references of a rule-file type by the cited sources (with titles). */
type Cited<T extends { sources: readonly SourceRef[] }> = Omit<T, 'sources'> & { readonly sources: readonly CitedSource[] };

/** An assessment rule with the file it came from, its place on the level scale and its sources by title. */
export type LoadedAssessmentRule = Cited<AssessmentRule> & { readonly file: string; readonly graded: GradedRule };
/** A screening rule with the file it came from, its place on the decision scale and its sources by title. */
export type LoadedScreeningRule = Cited<ScreeningRule> & { readonly file: string; readonly graded: GradedRule };
/** Care advice for one level, with its sources by title. */
export type LoadedLevelAdvice = Cited<LevelAdvice>;
/** The wording of a screening decision, with its sources by title. */
export type LoadedDecisionAdvice = Cited<DecisionAdvice>;
/** An aftercare timeframe with its sources by title. */
export type LoadedTimeframe = Cited<Timeframe>;
/** A resumption time with its sources by title. */
export type LoadedResumeItem = Cited<ResumeItem>;

/** Questions in priority order, by fact id. */
export type QuestionIndex = ReadonlyMap<string, Question & { readonly order: number }>;
/** Question groups (checklists), by id. */
export type QuestionGroups = ReadonlyMap<string, QuestionGroup>;

/** Everything the assessment needs from a rule set. */
export interface AssessmentKnowledge {
  readonly rules: readonly LoadedAssessmentRule[];
  readonly derivations: readonly BandDerivation[];
  readonly features: readonly FeatureInfo[];
  readonly questions: QuestionIndex;
  /** Checklists of yes/no questions, by id. */
  readonly groups: QuestionGroups;
  /** Questions asked only while another answer leaves them open. */
  readonly gates: readonly GatedQuestion[];
  /** The signs the answers of the question of what brought the person report present. */
  readonly reported: readonly ReportedSign[];
  readonly advice: Readonly<Record<Level, LoadedLevelAdvice>>;
  /** Advice lines by id. */
  readonly adviceLines: ReadonlyMap<string, AdviceLine>;
  /** Resumption times, used to tell actives resumed too early. */
  readonly resume: readonly LoadedResumeItem[];
}

/** Everything the screening needs from a rule set. */
export interface ScreeningKnowledge {
  readonly rules: readonly LoadedScreeningRule[];
  readonly derivations: readonly BandDerivation[];
  readonly questions: QuestionIndex;
  /** Checklists of yes/no questions, by id. */
  readonly groups: QuestionGroups;
  /** Questions asked only while another answer leaves them open. */
  readonly gates: readonly GatedQuestion[];
  /** What each decision tells the candidate and the clinician: headlines, actions, what to watch for. */
  readonly decisions: Readonly<Record<Decision, LoadedDecisionAdvice>>;
}

/** Everything the aftercare guide needs from a rule set. */
export interface AftercareKnowledge {
  readonly timeframes: readonly LoadedTimeframe[];
  readonly resume: readonly LoadedResumeItem[];
}

/** A validated rule set, ready to evaluate. */
export interface LoadedRuleSet {
  readonly info: RuleSetInfo;
  readonly assessment: AssessmentKnowledge;
  readonly screening: ScreeningKnowledge;
  readonly aftercare: AftercareKnowledge;
  /** The source registry, by document file name. */
  readonly sources: ReadonlyMap<string, SourceInfo>;
}

/**
 * Validates a rule set and prepares it for evaluation.
 *
 * @throws {RuleSetError} listing every diagnostic when the rule set has errors.
 */
export function loadRuleSet(given: RuleSetSource, provenance?: RuleSetProvenance): LoadedRuleSet {
  // The built-in rules (frozen) were validated and hashed when the package was built and tested;
  // any other rules are read once, as plain data: everything below uses that copy, never `given`.
  const builtin = given === builtinRuleSet;
  const validation = builtin ? { diagnostics: [], parsed: builtinParsed(), source: builtinRuleSet } : validateSource(given);
  const { parsed, source } = validation;
  const diagnostics = [...(provenance?.diagnostics ?? []), ...validation.diagnostics];
  const advice = parsed?.advice.findLast(({ file }) => file.levels !== undefined)?.file.levels;
  const decisions = parsed?.advice.findLast(({ file }) => file.decisions !== undefined)?.file.decisions;
  const aftercare = parsed?.aftercare.at(-1)?.file;
  const failed = diagnostics.some((diagnostic) => diagnostic.severity === 'error');
  if (failed || source === undefined || parsed === undefined || advice === undefined || decisions === undefined || aftercare === undefined)
    throw new RuleSetError(diagnostics);

  const order = Object.keys(source.files);
  const files: NamedFile<{ id: string; version: string; kind: string }>[] = [
    ...parsed.assessment,
    ...parsed.screening,
    ...parsed.questions,
    ...parsed.advice,
    ...parsed.aftercare,
  ];
  files.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const registry = new Map(parsed.sources.flatMap(({ file }) => file.sources.map((info) => [info.document, info] as const)));
  const cite = <T extends { sources: readonly SourceRef[] }>(item: T): Cited<T> => ({
    ...item,
    sources: item.sources.map((ref) => citedSource(ref, registry)),
  });
  const resume = aftercare.resume.map(cite);
  const assessmentRules = parsed.assessment.flatMap(({ name, file }) => file.rules.map((rule) => ({ name, rule })));
  const screeningRules = parsed.screening.flatMap(({ name, file }) => file.rules.map((rule) => ({ name, rule })));
  const levelFloor = floorReach(
    assessmentRules.map(({ rule }) => assessmentFloorView(rule)),
    rankOfLevel,
  );
  const decisionFloor = floorReach(
    screeningRules.map(({ rule }) => screeningFloorView(rule)),
    rankOfDecision,
  );
  return {
    info: {
      id: source.id,
      version: source.version,
      hash: builtin ? BUILTIN_RULES_HASH : ruleSetHash(source),
      files: files.map(({ name, file }) => ({
        name,
        id: file.id,
        version: file.version,
        kind: file.kind,
        ruleSet: provenance?.origins[name] ?? source.id,
      })),
      layers: provenance?.layers ?? [{ id: source.id, version: source.version }],
    },
    assessment: {
      rules: assessmentRules.map(({ name, rule }) => ({
        ...cite(rule),
        file: name,
        graded: {
          id: rule.id,
          conditions: rule.conditions,
          rank: levelRank(rule.event.params.level),
          flagged: holdsFloor(assessmentFloorView(rule), levelFloor, rankOfLevel),
        },
      })),
      derivations: parsed.assessment.flatMap(({ file }) => file.derive ?? []),
      features: parsed.assessment.flatMap(({ file }) => file.features ?? []),
      questions: questionIndex(parsed.questions, 'checkin'),
      groups: questionGroups(parsed.questions, 'checkin'),
      gates: gatedQuestions(questionIndex(parsed.questions, 'checkin').values()),
      reported: reportedSigns(declaredReports(parsed.questions, 'checkin'), declaredRoles(parsed.questions, 'checkin')),
      advice: {
        expected: cite(advice.expected),
        monitor: cite(advice.monitor),
        'contact-provider': cite(advice['contact-provider']),
        urgent: cite(advice.urgent),
      },
      adviceLines: new Map(parsed.advice.flatMap(({ file }) => (file.lines ?? []).map((line) => [line.id, line] as const))),
      resume,
    },
    screening: {
      rules: screeningRules.map(({ name, rule }) => ({
        ...cite(rule),
        file: name,
        graded: {
          id: rule.id,
          conditions: rule.conditions,
          rank: decisionRank(rule.event.params.decision),
          flagged: holdsFloor(screeningFloorView(rule), decisionFloor, rankOfDecision),
        },
      })),
      derivations: parsed.screening.flatMap(({ file }) => file.derive ?? []),
      questions: questionIndex(parsed.questions, 'screening'),
      groups: questionGroups(parsed.questions, 'screening'),
      gates: gatedQuestions(questionIndex(parsed.questions, 'screening').values()),
      decisions: {
        proceed: cite(decisions.proceed),
        'proceed-with-caution': cite(decisions['proceed-with-caution']),
        postpone: cite(decisions.postpone),
        contraindicated: cite(decisions.contraindicated),
      },
    },
    aftercare: { timeframes: aftercare.timeframes.map(cite), resume },
    sources: registry,
  };
}

const rankOfLevel = (grade: string): number => levelRank(grade as Level);
const rankOfDecision = (grade: string): number => decisionRank(grade as Decision);

/** A source reference with its document's title and kind (the validator has checked it is registered). */
export function citedSource(ref: SourceRef, registry: ReadonlyMap<string, SourceInfo>): CitedSource {
  const info = registry.get(ref.document);
  return { ...ref, title: info?.title ?? ref.document, kind: info?.kind ?? 'other' };
}

function questionIndex(
  files: readonly NamedFile<{ input?: string | undefined; questions: readonly Question[] }>[],
  input: string,
): QuestionIndex {
  const questions = new Map<string, Question & { order: number }>();
  for (const { file } of files) {
    if ((file.input ?? 'checkin') !== input) continue;
    for (const question of file.questions) questions.set(question.fact, { ...question, order: questions.size });
  }
  return questions;
}

function questionGroups(
  files: readonly NamedFile<{ input?: string | undefined; groups?: readonly QuestionGroup[] | undefined }>[],
  input: string,
): QuestionGroups {
  const groups = new Map<string, QuestionGroup>();
  for (const { file } of files) if ((file.input ?? 'checkin') === input) for (const group of file.groups ?? []) groups.set(group.id, group);
  return groups;
}

/**
 * A file with its rules ordered by id, for hashing: rule order inside a file does not change any
 * result, so it does not change the hash either. (Question order does: it sets priority.)
 */
/** The content hash of a rule set: its id, version and files in order, each file's rules by id. */
export function ruleSetHash(source: RuleSetSource): string {
  return contentHash({
    id: source.id,
    version: source.version,
    files: Object.keys(source.files).map((name) => [name, withRulesById(source.files[name])]),
  });
}

function withRulesById(content: unknown): unknown {
  const rules: unknown = (content as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return content;
  // Code-point order, not the locale's: the hash is the same on every machine.
  const sorted = [...(rules as { id?: unknown }[])].sort((a, b) =>
    String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0,
  );
  return { ...(content as object), rules: sorted };
}
