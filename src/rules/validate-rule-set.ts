import type { core } from 'zod/mini';
import { checkInFacts } from '../facts/checkin-facts.js';
import type { FactDefinition } from '../facts/fact-catalog.js';
import { screeningFacts } from '../facts/screening-facts.js';
import { keysAt } from '../facts/schema-leaves.js';
import { formatIssues } from '../checkin/format-issues.js';
import { checkConditions } from './check-conditions.js';
import { checkAdvice } from './check-advice.js';
import { checkFloors } from './check-floors.js';
import { checkRoles } from './check-roles.js';
import { assessmentFloorView, screeningFloorView, type FloorCandidate } from './floor.js';
import { jsonPointer, type Diagnostic } from './diagnostics.js';
import { FILE_LIMITS, guardJson } from '../json-guard.js';

const FORBIDDEN_FILE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
import {
  adviceFileSchema,
  aftercareFileSchema,
  assessmentRuleFileSchema,
  questionFileSchema,
  screeningRuleFileSchema,
  sourceFileSchema,
  type AdviceFile,
  type AftercareFile,
  type AssessmentRuleFile,
  type QuestionFile,
  type ScreeningRuleFile,
  type SourceFile,
  type SourceRef,
  type TopLevelCondition,
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
  readonly sources: readonly NamedFile<SourceFile>[];
}

/** Diagnostics for a rule set, and its parsed files when there are no errors. */
export interface RuleSetValidation {
  readonly diagnostics: readonly Diagnostic[];
  readonly parsed: ParsedRuleSet | undefined;
}

const KINDS = ['assessment', 'screening', 'questions', 'advice', 'aftercare', 'sources'] as const;
type Kind = (typeof KINDS)[number];
type Catalog = ReadonlyMap<string, FactDefinition>;

/** The facts each input produces, by the name used in questions files. */
const CATALOGS: Readonly<Record<'checkin' | 'screening', Catalog>> = { checkin: checkInFacts.facts, screening: screeningFacts.facts };

/**
 * Validates every file of a rule set: the file format, each rule's conditions against the facts
 * its input produces, duplicate rule ids, sources, questions and derivations.
 */
export function validateRuleSet(
  source: RuleSetSource,
  options: {
    /** Require the files every loadable rule set needs (advice, aftercare); false for a part of one. */
    readonly complete?: boolean;
  } = {},
): RuleSetValidation {
  const diagnostics: Diagnostic[] = [];
  const parsed = { assessment: [], screening: [], questions: [], advice: [], aftercare: [], sources: [] } as {
    -readonly [K in keyof ParsedRuleSet]: NamedFile<ParsedRuleSet[K][number]['file']>[];
  };

  for (const [name, content] of Object.entries(source.files)) {
    const shape = guardJson(content, FILE_LIMITS);
    if (FORBIDDEN_FILE_NAMES.has(name))
      shape.unshift({ path: '', code: 'forbidden_key', message: `'${name}' is not allowed as a file name` });
    if (shape.length > 0) {
      diagnostics.push(
        ...shape.map((issue) => ({
          code: issue.code.replace('_', '-'),
          severity: 'error' as const,
          file: name,
          path: jsonPointer(issue.path === '' ? [] : issue.path.split('.')),
          message: issue.message,
        })),
      );
      continue;
    }
    const kind = isObject(content) ? content['kind'] : undefined;
    if (!isObject(content) || !KINDS.includes(kind as Kind)) {
      diagnostics.push({
        code: 'unknown-kind',
        severity: 'error',
        file: name,
        path: '/kind',
        message: `'kind' must be one of ${KINDS.map((item) => `'${item}'`).join(', ')}`,
      });
      continue;
    }
    switch (kind as Kind) {
      case 'assessment':
      case 'screening': {
        const facts = kind === 'assessment' ? CATALOGS.checkin : CATALOGS.screening;
        const conditionDiagnostics = checkRuleConditions(content, name, facts);
        diagnostics.push(...conditionDiagnostics);
        if (kind === 'assessment') {
          const file = parseFile(assessmentRuleFileSchema, content, name, diagnostics, conditionDiagnostics.length > 0);
          if (file !== undefined) {
            diagnostics.push(...checkDerivations(file.derive ?? [], name, facts));
            parsed.assessment.push({ name, file });
          }
        } else {
          const file = parseFile(screeningRuleFileSchema, content, name, diagnostics, conditionDiagnostics.length > 0);
          if (file !== undefined) {
            diagnostics.push(...checkDerivations(file.derive ?? [], name, facts), ...checkWaits(file, name, facts));
            parsed.screening.push({ name, file });
          }
        }
        break;
      }
      case 'questions': {
        const file = parseFile(questionFileSchema, content, name, diagnostics, false);
        if (file !== undefined) {
          diagnostics.push(...checkQuestions(file, name, CATALOGS[file.input ?? 'checkin']));
          parsed.questions.push({ name, file });
        }
        break;
      }
      case 'advice': {
        const file = parseFile(adviceFileSchema, content, name, diagnostics, false);
        if (file !== undefined) parsed.advice.push({ name, file });
        break;
      }
      case 'aftercare': {
        const file = parseFile(aftercareFileSchema, content, name, diagnostics, false);
        if (file !== undefined) {
          diagnostics.push(...checkAftercare(file, name));
          parsed.aftercare.push({ name, file });
        }
        break;
      }
      case 'sources': {
        const file = parseFile(sourceFileSchema, content, name, diagnostics, false);
        if (file !== undefined) parsed.sources.push({ name, file });
        break;
      }
    }
  }
  diagnostics.push(...checkDuplicateRuleIds([...parsed.assessment, ...parsed.screening]));
  // A part of a rule set (a layer, a file for the catalog) is checked on its own terms only: the
  // checks below need the whole rule set (its questions, registry, advice lines and floors).
  if (options.complete !== false) diagnostics.push(...wholeSetDiagnostics(parsed, diagnostics));
  const hasErrors = diagnostics.some((diagnostic) => diagnostic.severity === 'error');
  return { diagnostics, parsed: hasErrors ? undefined : parsed };
}

function checkRuleConditions(content: Record<string, unknown>, file: string, facts: Catalog): Diagnostic[] {
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
          path: jsonPointer(['rules', index, 'id']),
          message: `rule id '${rule.id}' is already used in ${first}`,
        });
    });
  }
  return diagnostics;
}

function checkDerivations(derive: NonNullable<AssessmentRuleFile['derive']>, name: string, facts: Catalog): Diagnostic[] {
  return derive.flatMap((derivation, index) => {
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

function checkQuestions(file: QuestionFile, name: string, facts: Catalog): Diagnostic[] {
  return file.questions.flatMap((question, index) =>
    [
      { fact: question.fact, path: ['questions', index, 'fact'] },
      ...(question.followUps ?? []).map((fact, position) => ({ fact, path: ['questions', index, 'followUps', position] })),
    ]
      .filter(({ fact }) => !facts.has(fact))
      .map(({ fact, path }) => ({
        code: 'unknown-fact' as const,
        severity: 'error' as const,
        file: name,
        path: jsonPointer(path),
        message: `'${fact}' is not a fact the input produces`,
      })),
  );
}

/** A wait must count from a numeric fact the rule itself tests. */
function checkWaits(file: ScreeningRuleFile, name: string, facts: Catalog): Diagnostic[] {
  return file.rules.flatMap((rule, index): Diagnostic[] => {
    const wait = rule.event.params.wait;
    if (wait === undefined) return [];
    const path = jsonPointer(['rules', index, 'event', 'params', 'wait', 'fact']);
    if (facts.get(wait.fact)?.type.kind !== 'number') {
      return [
        {
          code: 'invalid-wait',
          severity: 'error' as const,
          file: name,
          path,
          message: `'${wait.fact}' is not a numeric fact, so no wait can be counted from it`,
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
        path: jsonPointer(['timeframes', index]),
        message: `timeframe '${frame.id}' must start where the previous one ends (the first at 0) and end where the next starts (the last has no end)`,
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
        path: jsonPointer(['resume', index, 'item']),
        message: `'${item.item}' is timed twice`,
      });
    seen.add(item.item);
    if (item.earliestHoursIfCleared !== undefined && item.earliestHoursIfCleared > item.earliestHours) {
      diagnostics.push({
        code: 'invalid-resume',
        severity: 'error',
        file: name,
        path: jsonPointer(['resume', index, 'earliestHoursIfCleared']),
        message: 'the time with clearance cannot be later than the time without',
      });
    }
  });
  return diagnostics;
}

/** The checks that need the whole rule set; the floors only once everything else is valid. */
function wholeSetDiagnostics(parsed: ParsedRuleSet, earlier: readonly Diagnostic[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const kind of ['advice', 'aftercare'] as const) {
    if (parsed[kind].length === 0 && !earlier.some((diagnostic) => diagnostic.severity === 'error')) {
      diagnostics.push({ code: 'missing-file', severity: 'error', file: '', path: '', message: `the rule set has no '${kind}' file` });
    }
  }
  diagnostics.push(
    ...checkRoles(parsed.assessment, parsed.questions, 'checkin', CATALOGS.checkin),
    ...checkRoles(parsed.screening, parsed.questions, 'screening', CATALOGS.screening),
    ...checkCitations(parsed),
    ...checkAdvice(parsed.advice, parsed.assessment, CATALOGS.checkin),
  );
  if ([...earlier, ...diagnostics].some((diagnostic) => diagnostic.severity === 'error')) return diagnostics;
  const view = <R extends { id: string; conditions: TopLevelCondition }>(
    files: readonly NamedFile<{ rules: readonly R[] }>[],
    floorView: (rule: R) => FloorCandidate,
  ) =>
    files.map(({ name, file }) => ({
      name,
      rules: file.rules.map((rule) => ({ id: rule.id, conditions: rule.conditions, view: floorView(rule) })),
    }));
  return [
    ...diagnostics,
    ...checkFloors('assessment', view(parsed.assessment, assessmentFloorView), CATALOGS.checkin),
    ...checkFloors('screening', view(parsed.screening, screeningFloorView), CATALOGS.screening),
  ];
}

/**
 * Every cited document must be in the source registry (the `sources` files), so that results can
 * name it by its title; each document is registered once.
 */
function checkCitations(parsed: ParsedRuleSet): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const registered = new Map<string, string>();
  for (const { name, file } of parsed.sources) {
    file.sources.forEach((source, index) => {
      const first = registered.get(source.document);
      if (first === undefined) registered.set(source.document, name);
      else
        diagnostics.push({
          code: 'duplicate-source',
          severity: 'error',
          file: name,
          path: jsonPointer(['sources', index, 'document']),
          message: `'${source.document}' is already registered in ${first}`,
        });
    });
  }
  for (const { name, refs } of citations(parsed)) {
    for (const { ref, path } of refs) {
      if (registered.has(ref.document)) continue;
      diagnostics.push({
        code: 'unknown-source',
        severity: 'error',
        file: name,
        path: jsonPointer([...path, 'document']),
        message: `'${ref.document}' is not in the source registry: add it to a 'sources' file with its title`,
      });
    }
  }
  return diagnostics;
}

/** The source references of every parsed file, with their paths. */
export function citations(parsed: ParsedRuleSet): { name: string; refs: { ref: SourceRef; path: readonly (string | number)[] }[] }[] {
  const at = (refs: readonly SourceRef[], ...path: (string | number)[]) => refs.map((ref, index) => ({ ref, path: [...path, index] }));
  const ruleFiles = [...parsed.assessment, ...parsed.screening].map(({ name, file }) => ({
    name,
    refs: [
      ...(file.derive ?? []).flatMap((band, index) => at(band.sources, 'derive', index, 'sources')),
      ...file.rules.flatMap((rule, index) => at(rule.sources, 'rules', index, 'sources')),
    ],
  }));
  const adviceFiles = parsed.advice.map(({ name, file }) => ({
    name,
    refs: Object.entries(file.levels ?? {}).flatMap(([level, advice]) => at(advice.sources, 'levels', level, 'sources')),
  }));
  const aftercareFiles = parsed.aftercare.map(({ name, file }) => ({
    name,
    refs: [
      ...file.timeframes.flatMap((frame, index) => at(frame.sources, 'timeframes', index, 'sources')),
      ...file.resume.flatMap((item, index) => at(item.sources, 'resume', index, 'sources')),
    ],
  }));
  return [...ruleFiles, ...adviceFiles, ...aftercareFiles];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
