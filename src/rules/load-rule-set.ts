import { decisionRank, levelRank } from '../contract.js';
import type { GradedRule } from '../engine/open-questions.js';
import { contentHash } from './content-hash.js';
import { RuleSetError } from './diagnostics.js';
import type { RuleSetProvenance } from './compose-rule-sets.js';
import type {
  AdviceFile,
  AssessmentRule,
  BandDerivation,
  FeatureInfo,
  Question,
  ResumeItem,
  ScreeningRule,
  Timeframe,
} from './rule-set-schema.js';
import { validateSource, type NamedFile, type RuleSetSource } from './validate-rule-set.js';

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

/** An assessment rule with the file it came from and its place on the level scale. */
export type LoadedAssessmentRule = AssessmentRule & { readonly file: string; readonly graded: GradedRule };
/** A screening rule with the file it came from and its place on the decision scale. */
export type LoadedScreeningRule = ScreeningRule & { readonly file: string; readonly graded: GradedRule };

/** Questions in priority order, by fact id. */
export type QuestionIndex = ReadonlyMap<string, Question & { readonly order: number }>;

/** Everything the assessment needs from a rule set. */
export interface AssessmentKnowledge {
  readonly rules: readonly LoadedAssessmentRule[];
  readonly derivations: readonly BandDerivation[];
  readonly features: readonly FeatureInfo[];
  readonly questions: QuestionIndex;
  readonly advice: AdviceFile['levels'];
  /** Resumption times, used to tell actives resumed too early. */
  readonly resume: readonly ResumeItem[];
}

/** Everything the screening needs from a rule set. */
export interface ScreeningKnowledge {
  readonly rules: readonly LoadedScreeningRule[];
  readonly derivations: readonly BandDerivation[];
  readonly questions: QuestionIndex;
}

/** Everything the aftercare guide needs from a rule set. */
export interface AftercareKnowledge {
  readonly timeframes: readonly Timeframe[];
  readonly resume: readonly ResumeItem[];
}

/** A validated rule set, ready to evaluate. */
export interface LoadedRuleSet {
  readonly info: RuleSetInfo;
  readonly assessment: AssessmentKnowledge;
  readonly screening: ScreeningKnowledge;
  readonly aftercare: AftercareKnowledge;
}

/**
 * Validates a rule set and prepares it for evaluation.
 *
 * @throws {RuleSetError} listing every diagnostic when the rule set has errors.
 */
export function loadRuleSet(given: RuleSetSource, provenance?: RuleSetProvenance): LoadedRuleSet {
  // The rules are read once, as plain data: everything below uses that copy, never `given`.
  const validation = validateSource(given);
  const { parsed, source } = validation;
  const diagnostics = [...(provenance?.diagnostics ?? []), ...validation.diagnostics];
  const advice = parsed?.advice.at(-1)?.file.levels;
  const aftercare = parsed?.aftercare.at(-1)?.file;
  const failed = diagnostics.some((diagnostic) => diagnostic.severity === 'error');
  if (failed || source === undefined || parsed === undefined || advice === undefined || aftercare === undefined)
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
  return {
    info: {
      id: source.id,
      version: source.version,
      hash: contentHash({ id: source.id, version: source.version, files: order.map((name) => [name, withRulesById(source.files[name])]) }),
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
      rules: parsed.assessment.flatMap(({ name, file }) =>
        file.rules.map((rule) => ({
          ...rule,
          file: name,
          graded: { id: rule.id, conditions: rule.conditions, rank: levelRank(rule.event.params.level), flagged: rule.redFlag === true },
        })),
      ),
      derivations: parsed.assessment.flatMap(({ file }) => file.derive ?? []),
      features: parsed.assessment.flatMap(({ file }) => file.features ?? []),
      questions: questionIndex(parsed.questions, 'checkin'),
      advice,
      resume: aftercare.resume,
    },
    screening: {
      rules: parsed.screening.flatMap(({ name, file }) =>
        file.rules.map((rule) => ({
          ...rule,
          file: name,
          graded: {
            id: rule.id,
            conditions: rule.conditions,
            rank: decisionRank(rule.event.params.decision),
            flagged: rule.blocking === true,
          },
        })),
      ),
      derivations: parsed.screening.flatMap(({ file }) => file.derive ?? []),
      questions: questionIndex(parsed.questions, 'screening'),
    },
    aftercare: { timeframes: aftercare.timeframes, resume: aftercare.resume },
  };
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

/**
 * A file with its rules ordered by id, for hashing: rule order inside a file does not change any
 * result, so it does not change the hash either. (Question order does: it sets priority.)
 */
function withRulesById(content: unknown): unknown {
  const rules: unknown = (content as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return content;
  const sorted = [...(rules as { id?: unknown }[])].sort((a, b) => String(a.id).localeCompare(String(b.id)));
  return { ...(content as object), rules: sorted };
}
