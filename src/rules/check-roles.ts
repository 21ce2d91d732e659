import type { FactDefinition } from '../facts/fact-catalog.js';
import { diagnosticPath, type Diagnostic } from './diagnostics.js';
import type { FactRole, QuestionFile, SourceRef, TopLevelCondition } from './rule-set-schema.js';
import { factsOf } from './condition-tree.js';

interface RuleFile {
  readonly name: string;
  readonly file: {
    readonly rules: readonly { readonly id: string; readonly conditions: TopLevelCondition; readonly sources: readonly SourceRef[] }[];
  };
}

/**
 * The `reports` of each question of one input that declares them, from its questions files (a
 * later file's declaration wins; a later file that rewords the question without them keeps them).
 */
export function declaredReports(
  questionFiles: readonly { readonly file: QuestionFile }[],
  input: 'checkin' | 'screening',
): Map<string, { readonly field: string; readonly reports: Readonly<Record<string, string>> }> {
  const declared = new Map<string, { field: string; reports: Readonly<Record<string, string>> }>();
  for (const { file } of questionFiles) {
    if ((file.input ?? 'checkin') !== input) continue;
    for (const question of file.questions)
      if (question.reports !== undefined)
        declared.set(question.fact, { field: question.field ?? question.fact, reports: question.reports });
  }
  return declared;
}

/** The declared role of each fact of one input, from its questions files (a later file wins). */
export function declaredRoles(
  questionFiles: readonly { readonly file: QuestionFile }[],
  input: 'checkin' | 'screening',
): Map<string, FactRole> {
  const roles = new Map<string, FactRole>();
  for (const { file } of questionFiles) {
    if ((file.input ?? 'checkin') !== input) continue;
    for (const question of file.questions) if (question.role !== undefined) roles.set(question.fact, question.role);
  }
  return roles;
}

/** The input fields that a question of one input words: its fact, or its `field` when it differs. */
function wordedFields(questionFiles: readonly { readonly file: QuestionFile }[], input: 'checkin' | 'screening'): Set<string> {
  const fields = new Set<string>();
  for (const { file } of questionFiles) {
    if ((file.input ?? 'checkin') !== input) continue;
    for (const question of file.questions) fields.add(question.field ?? question.fact);
  }
  return fields;
}

/**
 * Every answerable fact a rule tests has a declared role that fits its type (facts worked out
 * from other answers, like the open-question counters, need none), and every rule that tests a
 * modifier cites a source that explains it.
 */
export function checkRoles(
  ruleFiles: readonly RuleFile[],
  questionFiles: readonly { readonly name: string; readonly file: QuestionFile }[],
  input: 'checkin' | 'screening',
  facts: ReadonlyMap<string, FactDefinition>,
): Diagnostic[] {
  const roles = declaredRoles(questionFiles, input);
  const diagnostics: Diagnostic[] = [];
  for (const { name, file } of questionFiles) {
    if ((file.input ?? 'checkin') !== input) continue;
    file.questions.forEach((question, index) => {
      const fact = facts.get(question.fact);
      const problem = question.role === undefined || fact === undefined ? undefined : roleProblem(question.role, fact);
      if (problem === undefined) return;
      diagnostics.push({
        code: 'invalid-role',
        severity: 'error',
        file: name,
        path: diagnosticPath(['questions', index, 'role']),
        message: `'${question.fact}': ${problem}`,
      });
    });
  }
  const reported = new Set<string>();
  const worded = wordedFields(questionFiles, input);
  for (const { name, file } of ruleFiles) {
    file.rules.forEach((rule, index) => {
      const tested = factsOf(rule.conditions).filter((fact) => facts.has(fact) && facts.get(fact)?.answerable !== false);
      // Every field an interview can ask for a tested fact: the fact's own, or each input it is worked out from.
      for (const field of tested.flatMap((fact) => facts.get(fact)?.inputs ?? [fact])) {
        if (worded.has(field) || reported.has(`field:${field}`)) continue;
        reported.add(`field:${field}`);
        diagnostics.push({
          code: 'unworded-field',
          severity: 'error',
          file: name,
          path: diagnosticPath(['rules', index, 'conditions']),
          message: `'${field}' can be asked in an interview but no question words it: add a question with "fact" (or "field") '${field}' and its patient and clinician wording`,
        });
      }
      for (const fact of tested) {
        const role = roles.get(fact);
        if (role === undefined) {
          if (reported.has(fact)) continue;
          reported.add(fact);
          diagnostics.push({
            code: 'no-role',
            severity: 'error',
            file: name,
            path: diagnosticPath(['rules', index, 'conditions']),
            message: `'${fact}' has no question with a declared role: say whether its values raise concern (an order) or only explain ("modifier")`,
          });
        } else if (role === 'modifier' && !rule.sources.some((source) => source.explains?.includes(fact) === true)) {
          diagnostics.push({
            code: 'modifier-without-source',
            severity: 'error',
            file: name,
            path: diagnosticPath(['rules', index, 'sources']),
            message: `'${rule.id}' tests the modifier '${fact}' but no source of the rule explains it: add "explains": ["${fact}"] to the source that supports it`,
          });
        }
      }
      rule.sources.forEach((source, sourceIndex) => {
        for (const fact of source.explains ?? []) {
          if (tested.includes(fact) && (roles.get(fact) ?? 'modifier') === 'modifier') continue;
          diagnostics.push({
            code: 'explains-unused',
            severity: 'warning',
            file: name,
            path: diagnosticPath(['rules', index, 'sources', sourceIndex, 'explains']),
            message: `'${fact}' is not a modifier that '${rule.id}' tests`,
          });
        }
      });
    });
  }
  return diagnostics;
}

/** Why a role does not fit a fact's type, if it does not. */
function roleProblem(role: FactRole, fact: FactDefinition): string | undefined {
  if (role === 'modifier') return undefined;
  const type = fact.type;
  if (role === 'time') return type.kind === 'number' ? undefined : "only a number fact can be 'time'";
  const concern = role.concern;
  if (concern === 'higher' || concern === 'lower') return type.kind === 'number' ? undefined : `'${concern}' only applies to number facts`;
  if (concern === 'more') return type.kind === 'enum-array' ? undefined : "'more' only applies to list facts";
  const listed: (string | boolean)[] = concern.flatMap((tier): readonly (string | boolean)[] => (typeof tier === 'object' ? tier : [tier]));
  const values: readonly unknown[] =
    type.kind === 'boolean' ? [false, true] : type.kind === 'enum' ? type.values : type.kind === 'number' ? (type.values ?? []) : [];
  if (values.length === 0) return `an order of values does not apply to a ${type.kind} fact`;
  const missing = values.filter((value) => !listed.includes(value as string | boolean));
  const extra = listed.filter((value) => !values.includes(value));
  const repeated = listed.filter((value, index) => listed.indexOf(value) !== index);
  if (missing.length + extra.length + repeated.length === 0) return undefined;
  const parts = [
    missing.length > 0 ? `missing ${missing.map((value) => JSON.stringify(value)).join(', ')}` : '',
    extra.length > 0 ? `not values of the fact: ${extra.map((value) => JSON.stringify(value)).join(', ')}` : '',
    repeated.length > 0 ? `listed twice: ${repeated.map((value) => JSON.stringify(value)).join(', ')}` : '',
  ];
  return `the order of concern must list each value once (${parts.filter((part) => part !== '').join('; ')})`;
}
