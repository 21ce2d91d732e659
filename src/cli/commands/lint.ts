import { parseArgs } from 'node:util';
import { builtinRuleSet } from '../../rules/builtin-rules.js';
import { composeRuleSets } from '../../rules/compose-rule-sets.js';
import { diagnosticLocation, type Diagnostic } from '../../rules/diagnostics.js';
import { validateRuleSet } from '../../rules/validate-rule-set.js';
import { caseOutcomes, compareOutcomes, type CaseChange } from '../../testing/diff-decisions.js';
import { acknowledgementsCovering } from '../../layer-results.js';
import { loadRuleSet } from '../../rules/load-rule-set.js';
import { createTriage } from '../../triage.js';
import { loadCases } from '../load-cases.js';
import { readRuleSetDir } from '../load-rules-dir.js';
import { EXIT, print, UsageError, type CliIo } from '../cli-context.js';

/**
 * `lint [dir] [--cases <path>]`: validates a rule directory (layered as `--rules` would) or the
 * built-in rules. With `--cases`, a layer's acknowledged changes come with the decision diff on
 * those cases: which results move, up and down, and which acknowledgement covers each.
 */
export async function lintCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, cases: { type: 'string', multiple: true } },
  });
  if (positionals.length > 1) throw new UsageError("'lint' takes at most one directory.");
  const [dir] = positionals;
  let diagnostics: Diagnostic[];
  let moved: readonly MovedResult[] | undefined;
  if (dir === undefined) {
    diagnostics = [...validateRuleSet(builtinRuleSet).diagnostics];
  } else {
    const { options } = await readRuleSetDir(dir);
    const base = options.ruleSet === undefined ? builtinRuleSet : (options.ruleSet ?? undefined);
    const { source, provenance } = composeRuleSets(base, options.ruleSets ?? []);
    diagnostics = [...provenance.diagnostics, ...validateRuleSet(source).diagnostics];
    const composes = diagnostics.every((diagnostic) => diagnostic.severity !== 'error');
    if (composes && base !== undefined && options.ruleSets !== undefined) {
      // The second line: a generated corpus under the base and the composed rules (what `createTriage` checks).
      let head;
      try {
        head = createTriage(options);
      } catch (error) {
        const found = (error as { diagnostics?: Diagnostic[] }).diagnostics;
        if (found === undefined) throw error;
        diagnostics.push(...found.filter((diagnostic) => diagnostic.code === 'unacknowledged-result-change'));
      }
      if (head !== undefined && values.cases !== undefined) {
        const cover = acknowledgementsCovering(loadRuleSet(base), options.ruleSets, provenance.diagnostics);
        moved = await movedResults(createTriage({ ruleSet: base }), head, values.cases, cover);
        for (const result of moved)
          if (result.direction === 'down' && result.by.length === 0)
            diagnostics.push({
              code: 'unacknowledged-result-change',
              severity: 'error',
              file: '',
              path: '',
              message: `case '${result.case}' goes from ${result.from} to ${result.to} under the layer, and no acknowledgement covers a rule that moved it`,
            });
      }
    }
  }
  const count = (severity: Diagnostic['severity']): number => diagnostics.filter((diagnostic) => diagnostic.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  if (values.json) {
    print(io, { errors, warnings, acknowledged: count('info'), diagnostics, ...(moved === undefined ? {} : { moved }) });
  } else {
    for (const diagnostic of diagnostics)
      io.stdout(`${diagnosticLocation(diagnostic)}  ${diagnostic.severity} [${diagnostic.code}] ${diagnostic.message}\n`);
    if (moved !== undefined) io.stdout(formatMoved(moved));
    const plural = (n: number, word: string): string => `${String(n)} ${word}${n === 1 ? '' : 's'}`;
    const approved = count('info');
    io.stdout(
      `${plural(errors, 'error')}, ${plural(warnings, 'warning')}${approved > 0 ? `, ${plural(approved, 'acknowledged change')}` : ''} in ${dir ?? 'the built-in rules'}\n`,
    );
  }
  return errors > 0 ? EXIT.failure : EXIT.ok;
}

/** A case whose result the layer moves, and the acknowledged changes that moved it. */
interface MovedResult {
  readonly case: string;
  readonly from: string;
  readonly to: string;
  readonly direction: 'up' | 'down' | 'same grade';
  readonly by: readonly string[];
}

async function movedResults(
  base: ReturnType<typeof createTriage>,
  head: ReturnType<typeof createTriage>,
  paths: readonly string[],
  cover: (rules: readonly string[]) => string[],
): Promise<MovedResult[]> {
  const cases = (await loadCases(paths)).flatMap((suite) => suite.cases);
  const diff = compareOutcomes(base, head, cases, await caseOutcomes(base, head, cases));
  return diff.changed
    .filter((change) => change.changed.includes('grade') || change.changed.includes('fired'))
    .map((change: CaseChange) => {
      const movedRules = [
        ...change.base.fired.filter((rule) => !change.head.fired.includes(rule)),
        ...change.head.fired.filter((rule) => !change.base.fired.includes(rule)),
      ];
      const direction = change.downTriage ? 'down' : change.base.grade === change.head.grade ? 'same grade' : 'up';
      return { case: change.name, from: change.base.grade, to: change.head.grade, direction, by: cover(movedRules) };
    });
}

function formatMoved(moved: readonly MovedResult[]): string {
  const by = (direction: MovedResult['direction']): number => moved.filter((result) => result.direction === direction).length;
  const lines = [
    `Results the layer moves on the cases: ${String(by('down'))} down, ${String(by('up'))} up, ${String(by('same grade'))} with other rules at the same grade`,
  ];
  for (const result of moved)
    lines.push(
      `  ${result.direction === 'down' ? 'down' : result.direction === 'up' ? 'up  ' : 'same'}  ${result.from} -> ${result.to}  ${result.case}${result.by.length === 0 ? '' : `  (acknowledged: ${result.by.join(', ')})`}`,
    );
  return `${lines.join('\n')}\n`;
}
