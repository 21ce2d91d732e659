import type { core } from 'zod/mini';
import { checkInFacts } from '../facts/checkin-facts.js';
import type { FactDefinition } from '../facts/fact-catalog.js';
import { keysAt } from '../facts/schema-leaves.js';
import { formatIssues } from '../checkin/format-issues.js';
import { checkConditions } from './check-conditions.js';
import { jsonPointer, type Diagnostic } from './diagnostics.js';
import {
  adviceFileSchema,
  assessmentRuleFileSchema,
  questionFileSchema,
  type AdviceFile,
  type AssessmentRuleFile,
  type QuestionFile,
} from './rule-set-schema.js';

/** A rule set given as data: its identity and its files (name to parsed JSON), in order. */
export interface RuleSetSource {
  readonly id: string;
  readonly version: string;
  readonly files: Readonly<Record<string, unknown>>;
}

/** The files of a rule set that passed validation, by kind. */
export interface ParsedRuleSet {
  readonly assessment: readonly { readonly name: string; readonly file: AssessmentRuleFile }[];
  readonly questions: readonly { readonly name: string; readonly file: QuestionFile }[];
  readonly advice: readonly { readonly name: string; readonly file: AdviceFile }[];
}

/** Diagnostics for a rule set, and its parsed files when there are no errors. */
export interface RuleSetValidation {
  readonly diagnostics: readonly Diagnostic[];
  readonly parsed: ParsedRuleSet | undefined;
}

const KINDS = ['assessment', 'questions', 'advice'] as const;

/**
 * Validates every file of a rule set: the file format, each rule's conditions against the facts
 * the input produces, duplicate rule ids, sources, questions and derivations.
 */
export function validateRuleSet(source: RuleSetSource): RuleSetValidation {
  const diagnostics: Diagnostic[] = [];
  const parsed = { assessment: [], questions: [], advice: [] } as {
    assessment: { name: string; file: AssessmentRuleFile }[];
    questions: { name: string; file: QuestionFile }[];
    advice: { name: string; file: AdviceFile }[];
  };
  const facts = checkInFacts.facts;

  for (const [name, content] of Object.entries(source.files)) {
    const kind = isObject(content) ? content['kind'] : undefined;
    if (!KINDS.includes(kind as (typeof KINDS)[number])) {
      diagnostics.push({
        code: 'unknown-kind',
        severity: 'error',
        file: name,
        path: '/kind',
        message: `'kind' must be one of ${KINDS.map((item) => `'${item}'`).join(', ')}`,
      });
      continue;
    }
    if (kind === 'assessment' && isObject(content)) {
      const conditionDiagnostics = checkRuleConditions(content, name, facts);
      diagnostics.push(...conditionDiagnostics);
      const file = parseFile(assessmentRuleFileSchema, content, name, diagnostics, conditionDiagnostics.length > 0);
      if (file !== undefined) {
        diagnostics.push(...checkDerivations(file, name, facts));
        parsed.assessment.push({ name, file });
      }
    } else if (kind === 'questions') {
      const file = parseFile(questionFileSchema, content, name, diagnostics, false);
      if (file !== undefined) {
        diagnostics.push(...checkQuestions(file, name, facts));
        parsed.questions.push({ name, file });
      }
    } else {
      const file = parseFile(adviceFileSchema, content, name, diagnostics, false);
      if (file !== undefined) parsed.advice.push({ name, file });
    }
  }
  diagnostics.push(...checkDuplicateRuleIds(parsed.assessment), ...checkQuestionCoverage(parsed, facts));
  const hasErrors = diagnostics.some((diagnostic) => diagnostic.severity === 'error');
  return { diagnostics, parsed: hasErrors ? undefined : parsed };
}

function checkRuleConditions(content: Record<string, unknown>, file: string, facts: ReadonlyMap<string, FactDefinition>): Diagnostic[] {
  const rules = content['rules'];
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((rule: unknown, index) =>
    isObject(rule) && 'conditions' in rule ? checkConditions(rule['conditions'], file, ['rules', index, 'conditions'], facts) : [],
  );
}

function parseFile<T>(
  schema: core.$ZodType<T>,
  content: unknown,
  file: string,
  diagnostics: Diagnostic[],
  conditionsReported: boolean,
): T | undefined {
  const result = (schema as unknown as { safeParse(value: unknown): core.util.SafeParseResult<T> }).safeParse(content);
  if (result.success) return result.data;
  const issues = result.error.issues.filter((issue) => !(conditionsReported && issue.path.includes('conditions')));
  for (const issue of issues) {
    for (const readable of formatIssues([issue], content, (path) => keysAt(schema, path))) {
      const path = jsonPointer(readable.path === '' ? [] : readable.path.split('.'));
      diagnostics.push({ code: schemaCode(issue), severity: 'error', file, path, message: readable.message });
    }
  }
  if (issues.length === 0) {
    diagnostics.push({ code: 'schema', severity: 'error', file, path: '', message: 'the file does not match the rule-file format' });
  }
  return undefined;
}

function schemaCode(issue: core.$ZodIssue): string {
  const last = issue.path.at(-1);
  if (issue.path.includes('sources')) return 'missing-source';
  if (last === 'level') return 'invalid-level';
  if (last === 'decision') return 'invalid-decision';
  if (issue.path.includes('causes')) return 'invalid-cause';
  if (last === 'id') return 'invalid-id';
  if (issue.code === 'unrecognized_keys') return 'unknown-key';
  return 'schema';
}

function checkDuplicateRuleIds(files: ParsedRuleSet['assessment']): Diagnostic[] {
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
          path: jsonPointer(['rules', index, 'id']),
          message: `rule id '${rule.id}' is already used in ${first}`,
        });
    });
  }
  return diagnostics;
}

function checkDerivations(file: AssessmentRuleFile, name: string, facts: ReadonlyMap<string, FactDefinition>): Diagnostic[] {
  return (file.derive ?? []).flatMap((derivation, index) => {
    const target = facts.get(derivation.fact);
    const from = facts.get(derivation.from);
    const at = (key: string): string => jsonPointer(['derive', index, key]);
    const problems: Diagnostic[] = [];
    if (target?.origin !== 'derived' || target.type.kind !== 'enum') {
      problems.push({
        code: 'invalid-derivation',
        severity: 'error',
        file: name,
        path: at('fact'),
        message: `'${derivation.fact}' is not a derived, enumerated fact`,
      });
    } else {
      const allowed = target.type.values;
      derivation.bands.forEach((band, bandIndex) => {
        if (!allowed.includes(band.value)) {
          problems.push({
            code: 'value-type',
            severity: 'error',
            file: name,
            path: jsonPointer(['derive', index, 'bands', bandIndex, 'value']),
            message: `'${band.value}' is not one of ${allowed.join(', ')}`,
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
        message: `'${derivation.from}' is not a numeric fact`,
      });
    }
    return problems;
  });
}

function checkQuestions(file: QuestionFile, name: string, facts: ReadonlyMap<string, FactDefinition>): Diagnostic[] {
  return file.questions.flatMap((question, index) =>
    facts.has(question.fact)
      ? []
      : [
          {
            code: 'unknown-fact',
            severity: 'error' as const,
            file: name,
            path: jsonPointer(['questions', index, 'fact']),
            message: `'${question.fact}' is not a fact the input produces`,
          },
        ],
  );
}

/** Every answerable fact a rule tests should have a question, or `missing` cannot ask it. */
function checkQuestionCoverage(parsed: ParsedRuleSet, facts: ReadonlyMap<string, FactDefinition>): Diagnostic[] {
  if (parsed.questions.length === 0) return [];
  const asked = new Set(parsed.questions.flatMap(({ file }) => file.questions.map((question) => question.fact)));
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const { name, file } of parsed.assessment) {
    file.rules.forEach((rule, index) => {
      for (const fact of factsOf(rule.conditions)) {
        if (asked.has(fact) || reported.has(fact) || facts.get(fact)?.nullable !== true) continue;
        reported.add(fact);
        diagnostics.push({
          code: 'no-question',
          severity: 'warning',
          file: name,
          path: jsonPointer(['rules', index, 'conditions']),
          message: `'${fact}' has no question, so it cannot be listed in 'missing'`,
        });
      }
    });
  }
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
