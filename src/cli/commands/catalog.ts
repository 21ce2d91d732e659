import { parseArgs } from 'node:util';
import { renderRuleCatalog } from '../../catalog/rule-catalog.js';
import { builtinRuleSet } from '../../rules/builtin-rules.js';
import { composeRuleSets } from '../../rules/compose-rule-sets.js';
import { EXIT, triageOptionsFor, UsageError, type CliIo } from '../cli-context.js';

/** `catalog [--rules dir]`: prints the rule catalog (Markdown). */
export async function catalogCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { rules: { type: 'string' } } });
  if (positionals.length > 0) throw new UsageError("'catalog' takes no arguments (use --rules <dir>).");
  const options = await triageOptionsFor(values.rules);
  const base = options.ruleSet === undefined ? builtinRuleSet : (options.ruleSet ?? undefined);
  const source = options.ruleSets === undefined ? (base ?? builtinRuleSet) : composeRuleSets(base, options.ruleSets).source;
  io.stdout(renderRuleCatalog(source));
  return EXIT.ok;
}
