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
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  if (values.json) {
    print(io, { errors, warnings: diagnostics.length - errors, diagnostics });
  } else {
    for (const diagnostic of diagnostics)
      io.stdout(`${diagnosticLocation(diagnostic)}  ${diagnostic.severity} [${diagnostic.code}] ${diagnostic.message}\n`);
    io.stdout(
      `${String(errors)} error${errors === 1 ? '' : 's'}, ${String(diagnostics.length - errors)} warning${diagnostics.length - errors === 1 ? '' : 's'} in ${dir ?? 'the built-in rules'}\n`,
    );
  }
  return errors > 0 ? EXIT.failure : EXIT.ok;
}
