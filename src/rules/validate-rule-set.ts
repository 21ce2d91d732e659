import type { core } from 'zod/mini';
import { checkInFacts } from '../facts/checkin-facts.js';
import type { FactDefinition } from '../facts/fact-catalog.js';
import { screeningFacts } from '../facts/screening-facts.js';
import { keysAt, type FactType } from '../facts/schema-leaves.js';
import { formatIssues } from '../input/format-issues.js';
import { checkConditions, type SuggestionBudget } from './check-conditions.js';
import { checkAdvice } from './check-advice.js';
import { checkFloors } from './check-floors.js';
import { checkRoles, declaredReports, declaredRoles } from './check-roles.js';
import { assessmentFloorView, screeningFloorView, type FloorCandidate } from './floor.js';
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
  sourceFileSchema,
  type AdviceFile,
  type AftercareFile,
  type AssessmentRuleFile,
  type QuestionFile,
  type FactRole,
  type QuestionGate,
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
  const parsed = { assessment: [], screening: [], questions: [], advice: [], aftercare: [], sources: [] } as {
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
      case 'sources': {
        const file = parseFile(sourceFileSchema, content, name, diagnostics, false, suggestions);
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

/** Answered by choosing: yes/no, one or several of a list, or a number from a list (the skin type). */
function closedAnswer(type: FactType | undefined): boolean {
  return (
    type !== undefined &&
    (type.kind === 'boolean' || type.kind === 'enum' || type.kind === 'enum-array' || (type.kind === 'number' && type.values !== undefined))
  );
}

/**
 * A question's group is a screen of several questions answered by choosing (a checklist when they
 * are all yes/no): the group must be declared in a questions file of the same input.
 */
function checkGroups(files: readonly NamedFile<QuestionFile>[], input: 'checkin' | 'screening', facts: Catalog): Diagnostic[] {
  const ofInput = files.filter(({ file }) => (file.input ?? 'checkin') === input);
  const declared = new Set(ofInput.flatMap(({ file }) => (file.groups ?? []).map((group) => group.id)));
  return ofInput.flatMap(({ name, file }) =>
    file.questions.flatMap((question, index): Diagnostic[] => {
      if (question.group === undefined) return [];
      const path = diagnosticPath(['questions', index, 'group']);
      if (!declared.has(question.group))
        return [
          {
            code: 'invalid-group',
            severity: 'error',
            file: name,
            path,
            message: `group '${question.group}' is not declared in a questions file of this input`,
          },
        ];
      if (!closedAnswer(facts.get(question.fact)?.type))
        return [
          {
            code: 'invalid-group',
            severity: 'error',
            file: name,
            path,
            message: `'${shortName(question.fact)}' is not answered from a list: a group holds only yes/no and multiple-choice questions`,
          },
        ];
      return [];
    }),
  );
}

/**
 * A gate hangs on another question of the same input that a person answers (not a derived fact,
 * not a gated question: no chains, so no cycles), is closed only by answers that question can
 * take and leaves at least one answer that opens it (the question stays reachable), and gives the
 * gated fact, itself answered by the person, a value it can take.
 */
function checkGates(files: readonly NamedFile<QuestionFile>[], input: 'checkin' | 'screening', facts: Catalog): Diagnostic[] {
  const ofInput = files.filter(({ file }) => (file.input ?? 'checkin') === input);
  const questions = new Map(ofInput.flatMap(({ file }) => file.questions.map((question) => [question.fact, question] as const)));
  return ofInput.flatMap(({ name, file }) =>
    file.questions.flatMap((question, index): Diagnostic[] => {
      const gate = question.gate;
      if (gate === undefined) return [];
      const problem = gateProblem(question.fact, gate, questions, facts);
      return problem === undefined
        ? []
        : [
            {
              code: 'invalid-gate',
              severity: 'error',
              file: name,
              path: diagnosticPath(['questions', index, 'gate', problem.at]),
              message: problem.message,
            },
          ];
    }),
  );
}

function gateProblem(
  fact: string,
  gate: QuestionGate,
  questions: ReadonlyMap<string, { readonly gate?: QuestionGate | undefined; readonly role?: FactRole | undefined }>,
  facts: Catalog,
): { at: string; message: string } | undefined {
  const opener = facts.get(gate.fact);
  const gated = facts.get(fact);
  if (opener?.origin !== 'input' || !questions.has(gate.fact))
    return { at: 'fact', message: `'${shortName(gate.fact)}' is not a question of this input that a person answers` };
  if (gate.fact === fact) return { at: 'fact', message: 'a question cannot gate itself' };
  if (questions.get(gate.fact)?.gate !== undefined)
    return { at: 'fact', message: `'${shortName(gate.fact)}' is itself gated: a gate hangs on a question that is always asked` };
  if (gated?.origin !== 'input')
    return { at: 'value', message: `'${shortName(fact)}' is not answered by the person, so no gate can give it a value` };
  const wrong = gate.closedBy.find((value) => !takes(opener.type, value));
  if (wrong !== undefined) return { at: 'closedBy', message: `'${shortName(gate.fact)}' cannot be ${JSON.stringify(wrong)}` };
  const all = answersOf(opener.type);
  if (all?.every((value) => gate.closedBy.includes(value)))
    return { at: 'closedBy', message: `every answer to '${shortName(gate.fact)}' closes the gate: the question would never be asked` };
  if (!takes(gated.type, gate.value)) return { at: 'value', message: `'${shortName(fact)}' cannot be ${JSON.stringify(gate.value)}` };
  // An answer given beside a closed gate is used as given: only the least concerning value keeps that a reading toward concern.
  const role = questions.get(fact)?.role;
  const least = typeof role === 'object' && Array.isArray(role.concern) ? [role.concern[0]].flat() : [];
  if (!least.includes(gate.value as string | boolean))
    return {
      at: 'value',
      message: `a gate gives '${shortName(fact)}' its least concerning answer (the first of its role's order of concern)`,
    };
  return undefined;
}

/**
 * A question's `reports` (what brought the person, a check-in question) map answers its own
 * field takes (a list of choices) onto signs of the check-in a person answers by choosing among
 * graded answers (not yes/no, which the report would answer), that no gate can close, each with an
 * order of concern so that "absent" is its least concerning tier. The question is asked alone and
 * first: in no group (also when a later file rewords it).
 */
function checkReports(files: readonly NamedFile<QuestionFile>[], input: 'checkin' | 'screening', facts: Catalog): Diagnostic[] {
  const ofInput = files.filter(({ file }) => (file.input ?? 'checkin') === input);
  const questions = new Map(ofInput.flatMap(({ file }) => file.questions.map((question) => [question.fact, question] as const)));
  const roles = declaredRoles(files, input);
  const declared = declaredReports(files, input);
  const problem = (name: string, path: string, message: string): Diagnostic => ({
    code: 'invalid-report',
    severity: 'error',
    file: name,
    path,
    message,
  });
  return ofInput.flatMap(({ name, file }) =>
    file.questions.flatMap((question, index): Diagnostic[] => [
      ...(declared.has(question.fact) && question.group !== undefined
        ? [
            problem(
              name,
              diagnosticPath(['questions', index, 'group']),
              'the question of what brought the person is asked alone and first: it has no group',
            ),
          ]
        : []),
      ...Object.entries(question.reports ?? {}).flatMap(([value, sign]): Diagnostic[] => {
        const own = facts.get(question.field ?? question.fact)?.type;
        const role = roles.get(sign);
        const message =
          input !== 'checkin'
            ? 'only a check-in question reports signs'
            : own === undefined || (own.kind !== 'enum' && own.kind !== 'enum-array') || !own.values.includes(value)
              ? `'${shortName(question.field ?? question.fact)}' is not answered from a list holding ${JSON.stringify(value)}`
              : facts.get(sign)?.origin !== 'input' || !questions.has(sign)
                ? `'${shortName(sign)}' is not a question of this input that a person answers`
                : facts.get(sign)?.type.kind !== 'enum'
                  ? `'${shortName(sign)}' is not answered by choosing a grade: a yes/no sign reported present would be answered by the report`
                  : questions.get(sign)?.gate !== undefined
                    ? `'${shortName(sign)}' has a gate: another answer could make it absent`
                    : typeof role !== 'object' || !Array.isArray(role.concern)
                      ? `'${shortName(sign)}' has no order of concern, so no answer of it says the sign is absent`
                      : undefined;
        return message === undefined ? [] : [problem(name, diagnosticPath(['questions', index, 'reports', value]), message)];
      }),
    ]),
  );
}

/** Every answer a fact of a listed type can take (undefined for numbers and text). */
function answersOf(type: FactType): readonly (string | number | boolean)[] | undefined {
  if (type.kind === 'boolean') return [false, true];
  if (type.kind === 'enum') return type.values;
  if (type.kind === 'number') return type.values;
  return undefined;
}

/** Whether a single answer fits a fact's type. */
function takes(type: FactType, value: string | number | boolean): boolean {
  const listed = answersOf(type);
  if (listed !== undefined) return listed.includes(value);
  return type.kind === 'number' ? typeof value === 'number' : type.kind === 'string' && typeof value === 'string';
}

/** A question words a fact, or an input field a fact is worked out from (the treatment's date and time). */
function checkQuestions(file: QuestionFile, name: string, facts: Catalog): Diagnostic[] {
  const inputFields = new Set([...facts.values()].flatMap((fact) => fact.inputs ?? []));
  return file.questions.flatMap((question, index): Diagnostic[] => [
    ...[
      ...(inputFields.has(question.fact) ? [] : [{ fact: question.fact, path: ['questions', index, 'fact'] }]),
      ...(question.followUps ?? []).map((fact, position) => ({ fact, path: ['questions', index, 'followUps', position] })),
    ]
      .filter(({ fact }) => !facts.has(fact))
      .map(({ fact, path }) => ({
        code: 'unknown-fact' as const,
        severity: 'error' as const,
        file: name,
        path: diagnosticPath(path),
        message: `'${shortName(fact)}' is not a fact the input produces`,
      })),
    ...checkAnswerLabels(question, index, name, facts),
  ]);
}

/** A question's answer labels are for the values of the field it asks, and only for a field answered from a list. */
function checkAnswerLabels(question: QuestionFile['questions'][number], index: number, name: string, facts: Catalog): Diagnostic[] {
  if (question.answers === undefined) return [];
  const field = question.field ?? question.fact;
  const type = facts.get(field)?.type;
  if (type === undefined) return [];
  const values: readonly (string | number)[] =
    type.kind === 'enum' || type.kind === 'enum-array' ? type.values : type.kind === 'number' ? (type.values ?? []) : [];
  const known = new Set(values.map(String));
  return Object.keys(question.answers)
    .filter((value) => !known.has(value))
    .map((value) => ({
      code: 'invalid-answer-label' as const,
      severity: 'error' as const,
      file: name,
      path: diagnosticPath(['questions', index, 'answers', value]),
      message:
        values.length === 0
          ? `'${shortName(field)}' is not answered from a list: only a list's values take answer labels`
          : `'${shortName(value)}' is not a value of '${shortName(field)}' (its values: ${values.map(String).join(', ')})`,
    }));
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

/** The checks that need the whole rule set; the floors only once everything else is valid. */
function wholeSetDiagnostics(parsed: ParsedRuleSet, earlier: readonly Diagnostic[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const kind of ['advice', 'aftercare'] as const) {
    if (parsed[kind].length === 0 && !earlier.some((diagnostic) => diagnostic.severity === 'error')) {
      diagnostics.push({
        code: 'missing-file',
        severity: 'error',
        file: '',
        path: '',
        // The usual cause: a layer given where a whole rule set belongs (`ruleSet` instead of `ruleSets`).
        message: `the rule set has no '${kind}' file; a layer of changes goes over a base (createTriage's 'ruleSets'), while 'ruleSet' replaces the built-in rules and must be whole`,
      });
    }
  }
  const filesRejected = earlier.some((diagnostic) => diagnostic.severity === 'error' && diagnostic.code === 'schema');
  diagnostics.push(
    ...checkRoles(parsed.assessment, parsed.questions, 'checkin', CATALOGS.checkin),
    ...checkRoles(parsed.screening, parsed.questions, 'screening', CATALOGS.screening),
    ...checkGroups(parsed.questions, 'checkin', CATALOGS.checkin),
    ...checkGroups(parsed.questions, 'screening', CATALOGS.screening),
    ...checkGates(parsed.questions, 'checkin', CATALOGS.checkin),
    ...checkGates(parsed.questions, 'screening', CATALOGS.screening),
    ...checkReports(parsed.questions, 'checkin', CATALOGS.checkin),
    ...checkReports(parsed.questions, 'screening', CATALOGS.screening),
    // A file the schema refused is not read: what it defines (sources, advice lines) would be reported missing.
    ...(filesRejected ? [] : [...checkCitations(parsed), ...checkAdvice(parsed.advice, parsed.assessment, CATALOGS.checkin)]),
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
          path: diagnosticPath(['sources', index, 'document']),
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
        path: diagnosticPath([...path, 'document']),
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
    refs: [
      ...Object.entries(file.levels ?? {}).flatMap(([level, advice]) => at(advice.sources, 'levels', level, 'sources')),
      ...Object.entries(file.decisions ?? {}).flatMap(([decision, advice]) => at(advice.sources, 'decisions', decision, 'sources')),
    ],
  }));
  const aftercareFiles = parsed.aftercare.map(({ name, file }) => ({
    name,
    refs: [
      ...file.timeframes.flatMap((frame, index) => at(frame.sources, 'timeframes', index, 'sources')),
      ...file.resume.flatMap((item, index) => at(item.sources, 'resume', index, 'sources')),
    ],
  }));
  const questionFiles = parsed.questions.map(({ name, file }) => ({
    name,
    refs: file.questions.flatMap((question, index) =>
      question.gate === undefined ? [] : at(question.gate.sources, 'questions', index, 'gate', 'sources'),
    ),
  }));
  return [...ruleFiles, ...adviceFiles, ...aftercareFiles, ...questionFiles];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
