import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runCases } from '../../testing/run-cases.js';
import { renderTraceability, spliceTraceability } from '../../testing/traceability.js';
import { loadCases } from '../load-cases.js';
import { readTextFile } from '../read-input.js';
import { EXIT, triageFor, UsageError, type CliIo } from '../cli-context.js';

/** `traceability --cases <path> [--update <file>]`: the rule-to-source-to-case table. */
export async function traceabilityCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { cases: { type: 'string', multiple: true }, rules: { type: 'string' }, update: { type: 'string' } },
  });
  if (values.cases === undefined) throw new UsageError("'traceability' needs --cases <path>.");
  const triage = await triageFor(values.rules, undefined);
  const suites = [];
  for (const suite of await loadCases(values.cases))
    suites.push({ file: suite.file.split(/[\\/]/).at(-1) ?? suite.file, results: await runCases(triage, suite.cases) });
  const table = renderTraceability(suites, triage.rules);
  if (values.update === undefined) {
    io.stdout(`${table}\n`);
    return EXIT.ok;
  }
  const document = await readTextFile(values.update);
  await writeFile(values.update, spliceTraceability(document, table));
  io.stdout(`Updated the traceability table in ${values.update}.\n`);
  return EXIT.ok;
}
