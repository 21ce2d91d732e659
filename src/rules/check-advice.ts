import type { FactDefinition } from '../facts/fact-catalog.js';
import { checkConditions } from './check-conditions.js';
import { diagnosticPath, type Diagnostic } from './diagnostics.js';
import type { AdviceFile, AssessmentRuleFile } from './rule-set-schema.js';

/**
 * Advice lines: ids unique within a file, every id a level or a rule asks for (or a line
 * replaces) defined in some advice file, conditions valid on the check-in's facts, and some
 * advice file giving the advice of every level.
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
