import { parseArgs } from 'node:util';
import { builtinRuleSet } from '../../rules/builtin-rules.js';
import { composeRuleSets } from '../../rules/compose-rule-sets.js';
import { mutateRules, mutateRulesWith, type MutationReport } from '../../testing/mutate-rules.js';
import { mapOnJobs } from '../job-pool.js';
import { loadCases } from '../load-cases.js';
import { EXIT, parseDecimal, parseJobs, print, triageOptionsFor, UsageError, type CliIo } from '../cli-context.js';

/** `mutate [--rules dir] --cases <path>`: mutation testing of the rules against a corpus. */
export async function mutateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      rules: { type: 'string' },
      cases: { type: 'string', multiple: true },
      'min-score': { type: 'string' },
      only: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      jobs: { type: 'string' },
    },
  });
  if (values.cases === undefined) throw new UsageError("'mutate' needs --cases <path>.");
  const minimum =
    values['min-score'] === undefined
      ? undefined
      : parseDecimal('--min-score', values['min-score'], 'a percentage (0-100)', { min: 0, max: 100 });
  const jobs = parseJobs(values.jobs, io);
  const options = await triageOptionsFor(values.rules);
  const base = options.ruleSet === undefined ? builtinRuleSet : (options.ruleSet ?? undefined);
  const { source } = composeRuleSets(base, options.ruleSets ?? []);
  const cases = (await loadCases(values.cases)).flatMap((suite) => suite.cases);
  const selection = values.only === undefined ? {} : { only: values.only };
  // On several jobs, each worker is given the rules and the corpus once; a task is one mutant.
  const report =
    jobs > 1
      ? await mutateRulesWith(source, cases, selection, (trials) => mapOnJobs('mutants', jobs, { source, cases }, trials))
      : await mutateRules(source, cases, selection);
  print(io, values.json ? report : formatMutation(report));
  return minimum !== undefined && report.score < minimum ? EXIT.failure : EXIT.ok;
}

/** The report as text: the score and every surviving mutant. */
export function formatMutation(report: MutationReport): string {
  const lines = [
    `Mutants: ${String(report.total)}, killed ${String(report.killed)}, survived ${String(report.survived)}, invalid ${String(report.invalid)}: score ${String(report.score)}%`,
  ];
  if (report.failingCases.length > 0) lines.push(`Cases failing before mutation (ignored): ${report.failingCases.join(', ')}`);
  const survivors = report.mutants.filter((mutant) => mutant.status === 'survived');
  if (survivors.length > 0) lines.push('', 'Surviving mutants (rule logic no case pins down):');
  for (const mutant of survivors) lines.push(`  ${mutant.ruleId}  [${mutant.kind}] ${mutant.description}`);
  return lines.join('\n');
}
