import type { FactDefinition } from '../facts/fact-catalog.js';
import { checkConditions } from './check-conditions.js';
import { diagnosticPath, type Diagnostic } from './diagnostics.js';
import { DATE_PLACEHOLDER, type AdviceFile, type AssessmentRuleFile } from './rule-set-schema.js';

/**
 * Advice lines: ids unique within a file, every id a level or a rule asks for (or a line
 * replaces) defined in some advice file, conditions valid on the check-in's facts, and some
 * advice file giving the advice of every level and the wording of every screening decision (the
 * schema requires all four decisions wherever `decisions` is given), each date placeholder where
 * a date is given and nowhere else.
 */
export function checkAdvice(
  adviceFiles: readonly { readonly name: string; readonly file: AdviceFile }[],
  ruleFiles: readonly { readonly name: string; readonly file: AssessmentRuleFile }[],
  facts: ReadonlyMap<string, FactDefinition>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const defined = new Set<string>();
  for (const { name, file } of adviceFiles) {
    const own = new Set<string>();
    (file.lines ?? []).forEach((line, index) => {
      if (own.has(line.id))
        diagnostics.push({
          code: 'duplicate-advice',
          severity: 'error',
          file: name,
          path: diagnosticPath(['lines', index, 'id']),
          message: `advice line '${line.id}' is defined twice in this file`,
        });
      own.add(line.id);
      defined.add(line.id);
      if (line.when !== undefined) diagnostics.push(...checkConditions(line.when, name, ['lines', index, 'when'], facts));
    });
  }
  const unknown = (id: string, file: string, path: readonly PropertyKey[]): void => {
    if (defined.has(id)) return;
    diagnostics.push({
      code: 'unknown-advice',
      severity: 'error',
      file,
      path: diagnosticPath(path),
      message: `'${id}' is not an advice line of the rule set (add it to the 'lines' of an advice file)`,
    });
  };
  for (const { name, file } of adviceFiles) {
    (file.lines ?? []).forEach((line, index) => {
      (line.replaces ?? []).forEach((id, position) => {
        unknown(id, name, ['lines', index, 'replaces', position]);
      });
    });
    for (const [level, advice] of Object.entries(file.levels ?? {})) {
      advice.now.forEach((id, position) => {
        unknown(id, name, ['levels', level, 'now', position]);
      });
    }
  }
  for (const { name, file } of ruleFiles) {
    file.rules.forEach((rule, index) => {
      (rule.event.params.advice ?? []).forEach((id, position) => {
        unknown(id, name, ['rules', index, 'event', 'params', 'advice', position]);
      });
    });
  }
  for (const { name, file } of adviceFiles) diagnostics.push(...checkPlaceholders(name, file));
  if (adviceFiles.length > 0 && !adviceFiles.some(({ file }) => file.decisions !== undefined)) {
    diagnostics.push({
      code: 'missing-file',
      severity: 'error',
      file: '',
      path: '',
      message: "no advice file gives the wording of each screening decision ('decisions')",
    });
  }
  if (adviceFiles.length > 0 && !adviceFiles.some(({ file }) => file.levels !== undefined)) {
    diagnostics.push({
      code: 'missing-file',
      severity: 'error',
      file: '',
      path: '',
      message: "no advice file gives the advice of each level ('levels')",
    });
  }
  return diagnostics;
}

/**
 * A decision's `waitUntil` headline says the date, in both wordings; no other wording of a
 * decision has a date to say.
 */
function checkPlaceholders(name: string, file: AdviceFile): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [decision, advice] of Object.entries(file.decisions ?? {})) {
    const worded: [readonly PropertyKey[], string, boolean][] = [];
    const message = (path: readonly PropertyKey[], text: { clinician: string; patient: string }, dated: boolean): void => {
      worded.push([[...path, 'clinician'], text.clinician, dated], [[...path, 'patient'], text.patient, dated]);
    };
    message(['summary'], advice.summary, false);
    for (const [key, text] of Object.entries(advice.summaries ?? {}))
      if (text !== undefined) message(['summaries', key], text, key === 'waitUntil');
    advice.actions.forEach((text, index) => worded.push([['actions', index], text, false]));
    (advice.watchFor ?? []).forEach((text, index) => worded.push([['watchFor', index], text, false]));
    for (const [path, text, dated] of worded) {
      if (text.includes(DATE_PLACEHOLDER) === dated) continue;
      diagnostics.push({
        code: 'invalid-placeholder',
        severity: 'error',
        file: name,
        path: diagnosticPath(['decisions', decision, ...path]),
        message: dated
          ? `a 'waitUntil' headline says the day the waits are over: put ${DATE_PLACEHOLDER} where the date goes`
          : `${DATE_PLACEHOLDER} is only for a 'waitUntil' headline (no other wording has a date to give)`,
      });
    }
  }
  return diagnostics;
}
