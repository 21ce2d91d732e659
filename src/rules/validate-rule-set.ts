import type { core } from 'zod/mini';
import { checkInFacts } from '../facts/checkin-facts.js';
import type { FactDefinition } from '../facts/fact-catalog.js';
import { screeningFacts } from '../facts/screening-facts.js';
import { keysAt } from '../facts/schema-leaves.js';
import { formatIssues } from '../input/format-issues.js';
import { checkConditions, type SuggestionBudget } from './check-conditions.js';
import { MAX_SUGGESTIONS } from '../input/format-issues.js';
import { schemaParse } from '../input/schema-parse.js';
import { diagnosticPath, type Diagnostic } from './diagnostics.js';
import { readRuleSetSource } from './read-rule-set-source.js';
import { shortName } from '../input/short-text.js';
import {
  adviceFileSchema,
  aftercareFileSchema,
  assessmentRuleFileSchema,
  questionFileSchema,
  screeningRuleFileSchema,
  type AdviceFile,
  type AftercareFile,
  type AssessmentRuleFile,
  type QuestionFile,
  type ScreeningRuleFile,
} from './rule-set-schema.js';

/** A rule set given as data: its identity and its files (name to parsed JSON), in order. */
export interface RuleSetSource {
  readonly id: string;
  readonly version: string;
  readonly files: Readonly<Record<string, unknown>>;
  /**
   * For a layer: the rule sets it was written for, by id, with a version range (`"1"` or
   * `"1.x"`: that major version; `"^1.2.0"`: that major version, at least 1.2.0; otherwise an
   * exact version). Composing it over anything else is an error.
   */
  readonly requires?: Readonly<Record<string, string>>;
}

/** A parsed file with the name it has in the rule set. */
export interface NamedFile<T> {
  readonly name: string;
  readonly file: T;
}

/** The files of a rule set that passed validation, by kind. */
export interface ParsedRuleSet {
  readonly assessment: readonly NamedFile<AssessmentRuleFile>[];
  readonly screening: readonly NamedFile<ScreeningRuleFile>[];
  readonly questions: readonly NamedFile<QuestionFile>[];
  readonly advice: readonly NamedFile<AdviceFile>[];
  readonly aftercare: readonly NamedFile<AftercareFile>[];
}

/** Diagnostics for a rule set, and its parsed files when there are no errors. */
export interface RuleSetValidation {
  readonly diagnostics: readonly Diagnostic[];
  readonly parsed: ParsedRuleSet | undefined;
}

const KINDS = ['assessment', 'screening', 'questions', 'advice', 'aftercare'] as const;
type Kind = (typeof KINDS)[number];
type Catalog = ReadonlyMap<string, FactDefinition>;

/** The facts each input produces, by the name used in questions files. */
const CATALOGS: Readonly<Record<'checkin' | 'screening', Catalog>> = { checkin: checkInFacts.facts, screening: screeningFacts.facts };

/** Options of {@link validateRuleSet}. */
export interface ValidationOptions {
  /** Require the files every loadable rule set needs (advice, aftercare); false for a part of one. */
  readonly complete?: boolean;
}

/**
 * Validates every file of a rule set: the file format, each rule's conditions against the facts
 * its input produces, duplicate rule ids, sources, questions and derivations. The rule set is
 * read first as plain data (like an input): anything else is a diagnostic, never a throw.
 */
export function validateRuleSet(source: RuleSetSource, options: ValidationOptions = {}): RuleSetValidation {
  const { diagnostics, parsed } = validateSource(source, options);
  return { diagnostics, parsed };
}

/** {@link validateRuleSet}, also returning the plain copy of the rule set that was validated. */
export function validateSource(value: unknown, options: ValidationOptions = {}): RuleSetValidation & { readonly source?: RuleSetSource } {
  const read = readRuleSetSource(value, '');
  const source = read.source;
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  const parsed = { assessment: [], screening: [], questions: [], advice: [], aftercare: [] } as {
    -readonly [K in keyof ParsedRuleSet]: NamedFile<ParsedRuleSet[K][number]['file']>[];
  };
  if (source === undefined) return { diagnostics, parsed: undefined };
  const suggestions: SuggestionBudget = { left: MAX_SUGGESTIONS };

  for (const [name, content] of Object.entries(source.files)) {
    const kind = isObject(content) ? content['kind'] : undefined;
    if (!isObject(content) || !KINDS.includes(kind as Kind)) {
      diagnostics.push({
        code: 'unknown-kind',
        severity: 'error',
        file: name,
        path: 'kind',
        message: `'kind' must be one of ${KINDS.map((item) => `'${item}'`).join(', ')}`,
      });
      continue;
    }
    switch (kind as Kind) {
      case 'assessment':
      case 'screening': {
        const facts = kind === 'assessment' ? CATALOGS.checkin : CATALOGS.screening;
        const conditionDiagnostics = checkRuleConditions(content, name, facts, suggestions);
        diagnostics.push(...conditionDiagnostics);
        if (kind === 'assessment') {
          const file = parseFile(assessmentRuleFileSchema, content, name, diagnostics, conditionDiagnostics.length > 0, suggestions);
          if (file !== undefined) {
            diagnostics.push(...checkDerivations(file.derive ?? [], name, facts));
            parsed.assessment.push({ name, file });
          }
        } else {
          const file = parseFile(screeningRuleFileSchema, content, name, diagnostics, conditionDiagnostics.length > 0, suggestions);
          if (file !== undefined) {
            diagnostics.push(...checkDerivations(file.derive ?? [], name, facts), ...checkWaits(file, name, facts));
            parsed.screening.push({ name, file });
          }
        }
        break;
      }
      case 'questions': {
        const file = parseFile(questionFileSchema, content, name, diagnostics, false, suggestions);
        if (file !== undefined) {
          diagnostics.push(...checkQuestions(file, name, CATALOGS[file.input ?? 'checkin']));
          parsed.questions.push({ name, file });
        }
        break;
      }
      case 'advice': {
        const file = parseFile(adviceFileSchema, content, name, diagnostics, false, suggestions);
        if (file !== undefined) parsed.advice.push({ name, file });
        break;
      }
      case 'aftercare': {
        const file = parseFile(aftercareFileSchema, content, name, diagnostics, false, suggestions);
        if (file !== undefined) {
          diagnostics.push(...checkAftercare(file, name));
          parsed.aftercare.push({ name, file });
        }
        break;
      }
    }
  }
  for (const kind of ['advice', 'aftercare'] as const) {
    if (options.complete !== false && parsed[kind].length === 0 && !diagnostics.some((diagnostic) => diagnostic.severity === 'error')) {
      diagnostics.push({ code: 'missing-file', severity: 'error', file: '', path: '', message: `the rule set has no '${kind}' file` });
    }
  }
  diagnostics.push(
    ...checkDuplicateRuleIds([...parsed.assessment, ...parsed.screening]),
    ...checkQuestionCoverage(parsed.assessment, parsed.questions, 'checkin'),
    ...checkQuestionCoverage(parsed.screening, parsed.questions, 'screening'),
  );
  const hasErrors = diagnostics.some((diagnostic) => diagnostic.severity === 'error');
  return { diagnostics, parsed: hasErrors ? undefined : parsed, source };
}

function checkRuleConditions(content: Record<string, unknown>, file: string, facts: Catalog, suggestions: SuggestionBudget): Diagnostic[] {
  const rules = content['rules'];
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((rule: unknown, index) =>
    isObject(rule) && 'conditions' in rule
      ? checkConditions(rule['conditions'], file, ['rules', index, 'conditions'], facts, suggestions)
      : [],
  );
}

/** Schema problems reported per file at most (the rest are counted in one diagnostic). */
const MAX_FILE_ISSUES = 1_000;

function parseFile<T>(
  schema: core.$ZodType<T>,
  content: unknown,
  file: string,
  diagnostics: Diagnostic[],
  conditionsReported: boolean,
  suggestions: SuggestionBudget,
): T | undefined {
  const result = schemaParse(schema, content, MAX_FILE_ISSUES);
  if (result.success) return result.data;
  const issues = result.issues.filter((issue) => !(conditionsReported && issue.path.includes('conditions')));
  for (const issue of issues) {
    for (const readable of formatIssues([issue], content, (path) => keysAt(schema, path), MAX_FILE_ISSUES, suggestions)) {
      diagnostics.push({ code: schemaCode(issue), severity: 'error', file, path: readable.path, message: readable.message });
    }
  }
  if (result.omitted > 0)
    diagnostics.push({
      code: 'schema',
      severity: 'error',
      file,
      path: '',
      message: `and ${String(result.omitted)} more problems with the file format, not listed`,
    });
  if (issues.length === 0) {
    diagnostics.push({ code: 'schema', severity: 'error', file, path: '', message: 'the file does not match the rule-file format' });
  }
  return undefined;
}

function schemaCode(issue: core.$ZodIssue): Diagnostic['code'] {
  const last = issue.path.at(-1);
  if (issue.path.includes('sources')) return 'missing-source';
  if (last === 'level') return 'invalid-level';
  if (last === 'decision') return 'invalid-decision';
  if (issue.path.includes('causes')) return 'invalid-cause';
  if (last === 'id') return 'invalid-id';
  if (issue.code === 'unrecognized_keys') return 'unknown-key';
  return 'schema';
}

function checkDuplicateRuleIds(files: readonly NamedFile<{ readonly rules: readonly { readonly id: string }[] }>[]): Diagnostic[] {
  const seen = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const { name, file } of files) {
    file.rules.forEach((rule, index) => {
      const first = seen.get(rule.id);
      if (first === undefined) seen.set(rule.id, name);
      else
        diagnostics.push({
          code: 'duplicate-rule-id',
          severity: 'error',
          file: name,
          path: diagnosticPath(['rules', index, 'id']),
          message: `rule id '${shortName(rule.id)}' is already used in ${first}`,
        });
    });
  }
  return diagnostics;
}

function checkDerivations(derive: NonNullable<AssessmentRuleFile['derive']>, name: string, facts: Catalog): Diagnostic[] {
  return derive.flatMap((derivation, index) => {
    const target = facts.get(derivation.fact);
    const from = facts.get(derivation.from);
    const at = (key: string): string => diagnosticPath(['derive', index, key]);
    const problems: Diagnostic[] = [];
    if (target?.origin !== 'derived' || target.type.kind !== 'enum') {
      problems.push({
        code: 'invalid-derivation',
        severity: 'error',
        file: name,
        path: at('fact'),
        message: `'${shortName(derivation.fact)}' is not a derived, enumerated fact`,
      });
    } else {
      const allowed = target.type.values;
      derivation.bands.forEach((band, bandIndex) => {
        if (!allowed.includes(band.value)) {
          problems.push({
            code: 'value-type',
            severity: 'error',
            file: name,
            path: diagnosticPath(['derive', index, 'bands', bandIndex, 'value']),
            message: `'${shortName(band.value)}' is not one of ${allowed.join(', ')}`,
          });
        }
      });
    }
    if (from?.type.kind !== 'number') {
      problems.push({
        code: 'invalid-derivation',
        severity: 'error',
        file: name,
        path: at('from'),
        message: `'${shortName(derivation.from)}' is not a numeric fact`,
      });
    }
    return problems;
  });
}

function checkQuestions(file: QuestionFile, name: string, facts: Catalog): Diagnostic[] {
  return file.questions.flatMap((question, index) =>
    facts.has(question.fact)
      ? []
      : [
          {
            code: 'unknown-fact',
            severity: 'error' as const,
            file: name,
            path: diagnosticPath(['questions', index, 'fact']),
            message: `'${shortName(question.fact)}' is not a fact the input produces`,
          },
        ],
  );
}

/** Every answerable fact a rule tests should have a question, or `missing` cannot ask it. */
function checkQuestionCoverage(
  ruleFiles: readonly NamedFile<{ readonly rules: readonly { readonly conditions: unknown }[] }>[],
  questionFiles: readonly NamedFile<QuestionFile>[],
  input: 'checkin' | 'screening',
): Diagnostic[] {
  const relevant = questionFiles.filter(({ file }) => (file.input ?? 'checkin') === input);
  if (relevant.length === 0) return [];
  const asked = new Set(relevant.flatMap(({ file }) => file.questions.map((question) => question.fact)));
  const facts = CATALOGS[input];
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const { name, file } of ruleFiles) {
    file.rules.forEach((rule, index) => {
      for (const fact of factsOf(rule.conditions)) {
        if (asked.has(fact) || reported.has(fact) || facts.get(fact)?.nullable !== true) continue;
        reported.add(fact);
        diagnostics.push({
          code: 'no-question',
          severity: 'warning',
          file: name,
          path: diagnosticPath(['rules', index, 'conditions']),
          message: `'${shortName(fact)}' has no question, so it cannot be listed in 'missing'`,
        });
      }
    });
  }
  return diagnostics;
}

/** A wait must count from a numeric fact the rule itself tests. */
function checkWaits(file: ScreeningRuleFile, name: string, facts: Catalog): Diagnostic[] {
  return file.rules.flatMap((rule, index): Diagnostic[] => {
    const wait = rule.event.params.wait;
    if (wait === undefined) return [];
    const path = diagnosticPath(['rules', index, 'event', 'params', 'wait', 'fact']);
    if (facts.get(wait.fact)?.type.kind !== 'number') {
      return [
        {
          code: 'invalid-wait',
          severity: 'error' as const,
          file: name,
          path,
          message: `'${shortName(wait.fact)}' is not a numeric fact, so no wait can be counted from it`,
        },
      ];
    }
    if (rule.event.params.decision !== 'postpone') {
      return [
        {
          code: 'invalid-wait',
          severity: 'warning' as const,
          file: name,
          path,
          message: "a wait only applies to a rule whose decision is 'postpone'",
        },
      ];
    }
    return [];
  });
}

/** Timeframes must follow each other without gaps; each item appears once. */
function checkAftercare(file: AftercareFile, name: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  file.timeframes.forEach((frame, index) => {
    const next = file.timeframes[index + 1];
    const expectedEnd = next?.fromHours;
    if (frame.toHours !== expectedEnd || (index === 0 && frame.fromHours !== 0)) {
      diagnostics.push({
        code: 'timeframe-gap',
        severity: 'error',
        file: name,
        path: diagnosticPath(['timeframes', index]),
        message: `timeframe '${shortName(frame.id)}' must start where the previous one ends (the first at 0) and end where the next starts (the last has no end)`,
      });
    }
  });
  const seen = new Set<string>();
  file.resume.forEach((item, index) => {
    if (seen.has(item.item))
      diagnostics.push({
        code: 'duplicate-item',
        severity: 'error',
        file: name,
        path: diagnosticPath(['resume', index, 'item']),
        message: `'${item.item}' is timed twice`,
      });
    seen.add(item.item);
    if (item.earliestHoursIfCleared !== undefined && item.earliestHoursIfCleared > item.earliestHours) {
      diagnostics.push({
        code: 'invalid-resume',
        severity: 'error',
        file: name,
        path: diagnosticPath(['resume', index, 'earliestHoursIfCleared']),
        message: 'the time with clearance cannot be later than the time without',
      });
    }
  });
  return diagnostics;
}

/** Fact ids a condition tree refers to. */
export function factsOf(node: unknown): string[] {
  if (!isObject(node)) return [];
  if (typeof node['fact'] === 'string') return [node['fact']];
  return ['all', 'any', 'not'].flatMap((key) => {
    const child = node[key];
    return Array.isArray(child) ? child.flatMap(factsOf) : factsOf(child);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
