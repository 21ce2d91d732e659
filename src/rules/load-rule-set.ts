import { contentHash } from './content-hash.js';
import { RuleSetError } from './diagnostics.js';
import type { AdviceFile, AssessmentRule, BandDerivation, FeatureInfo, Question } from './rule-set-schema.js';
import { validateRuleSet, type RuleSetSource } from './validate-rule-set.js';

/** Identity of the rules behind a result: enough to audit or reproduce it. */
export interface RuleSetInfo {
  readonly id: string;
  readonly version: string;
  /** `sha256:` hash of the canonical JSON of every file: changes with any rule edit. */
  readonly hash: string;
  /** The files used, in order, each with its own id and version. */
  readonly files: readonly { readonly name: string; readonly id: string; readonly version: string; readonly kind: string }[];
}

/** An assessment rule with the file it came from. */
export type LoadedAssessmentRule = AssessmentRule & { readonly file: string };

/** Everything the assessment needs from a rule set. */
export interface AssessmentKnowledge {
  readonly rules: readonly LoadedAssessmentRule[];
  readonly derivations: readonly BandDerivation[];
  readonly features: readonly FeatureInfo[];
  /** Questions in priority order, by fact id. */
  readonly questions: ReadonlyMap<string, Question & { readonly order: number }>;
  readonly advice: AdviceFile['levels'];
}

/** A validated rule set, ready to evaluate. */
export interface LoadedRuleSet {
  readonly info: RuleSetInfo;
  readonly assessment: AssessmentKnowledge;
}

/**
 * Validates a rule set and prepares it for evaluation.
 *
 * @throws {RuleSetError} listing every diagnostic when the rule set has errors.
 */
export function loadRuleSet(source: RuleSetSource): LoadedRuleSet {
  const { diagnostics, parsed } = validateRuleSet(source);
  const advice = parsed?.advice.at(-1)?.file.levels;
  if (parsed === undefined || advice === undefined) {
    const missingAdvice = parsed !== undefined && advice === undefined;
    throw new RuleSetError(
      missingAdvice
        ? [...diagnostics, { code: 'missing-file', severity: 'error', file: '', path: '', message: "the rule set has no 'advice' file" }]
        : diagnostics,
    );
  }
  const questions = new Map<string, Question & { order: number }>();
  for (const { file } of parsed.questions) {
    for (const question of file.questions) questions.set(question.fact, { ...question, order: questions.size });
  }
  const files = [...parsed.assessment, ...parsed.questions, ...parsed.advice];
  const order = Object.keys(source.files);
  files.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  return {
    info: {
      id: source.id,
      version: source.version,
      hash: contentHash({ id: source.id, version: source.version, files: order.map((name) => [name, source.files[name]]) }),
      files: files.map(({ name, file }) => ({ name, id: file.id, version: file.version, kind: file.kind })),
    },
    assessment: {
      rules: parsed.assessment.flatMap(({ name, file }) => file.rules.map((rule) => ({ ...rule, file: name }))),
      derivations: parsed.assessment.flatMap(({ file }) => file.derive ?? []),
      features: parsed.assessment.flatMap(({ file }) => file.features ?? []),
      questions,
      advice,
    },
  };
}
