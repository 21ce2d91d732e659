import { parseArgs } from 'node:util';
import { builtinRuleSet } from '../../rules/builtin-rules.js';
import { composeRuleSets } from '../../rules/compose-rule-sets.js';
import { diagnosticLocation, type Diagnostic } from '../../rules/diagnostics.js';
import { validateRuleSet } from '../../rules/validate-rule-set.js';
import { readRuleSetDir } from '../load-rules-dir.js';
import { EXIT, print, UsageError, type CliIo } from '../cli-context.js';

/** `lint [dir]`: validates a rule directory (layered as `--rules` would) or the built-in rules. */
export async function lintCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  if (positionals.length > 1) throw new UsageError("'lint' takes at most one directory.");
  const [dir] = positionals;
  let diagnostics: Diagnostic[];
  if (dir === undefined) {
    diagnostics = [...validateRuleSet(builtinRuleSet).diagnostics];
  } else {
    const { options } = await readRuleSetDir(dir);
    const base = options.ruleSet === undefined ? builtinRuleSet : (options.ruleSet ?? undefined);
    const { source, provenance } = composeRuleSets(base, options.ruleSets ?? []);
    diagnostics = [...provenance.diagnostics, ...validateRuleSet(source).diagnostics];
  }
  const count = (severity: Diagnostic['severity']): number => diagnostics.filter((diagnostic) => diagnostic.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  if (values.json) {
    print(io, { errors, warnings, acknowledged: count('info'), diagnostics });
  } else {
    for (const diagnostic of diagnostics)
      io.stdout(`${diagnosticLocation(diagnostic)}  ${diagnostic.severity} [${diagnostic.code}] ${diagnostic.message}\n`);
    const plural = (n: number, word: string): string => `${String(n)} ${word}${n === 1 ? '' : 's'}`;
    const approved = count('info');
    io.stdout(
      `${plural(errors, 'error')}, ${plural(warnings, 'warning')}${approved > 0 ? `, ${plural(approved, 'acknowledged lowering')}` : ''} in ${dir ?? 'the built-in rules'}\n`,
    );
  }
  return errors > 0 ? EXIT.failure : EXIT.ok;
}
