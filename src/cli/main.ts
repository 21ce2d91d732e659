import { isObservationError } from '../observation-error.js';
import { RuleSetError } from '../rules/diagnostics.js';
import { formatIssues } from './format-assessment.js';
import { InputFileError } from './read-input.js';
import { EXIT, UsageError, type CliIo } from './cli-context.js';
import { aftercareCommand, evaluateCommand } from './commands/evaluate.js';
import { catalogCommand } from './commands/catalog.js';
import { diffCommand } from './commands/diff.js';
import { lintCommand } from './commands/lint.js';
import { mutateCommand } from './commands/mutate.js';
import { schemaCommand } from './commands/schema.js';
import { testCommand } from './commands/test-cases.js';
import { traceabilityCommand } from './commands/traceability.js';
import { interviewCommand } from './commands/interview.js';

export { EXIT, type CliIo } from './cli-context.js';

const USAGE = `Usage: microneedling-triage <command> [options]

Evaluate:
  assess <file|->            Assess a post-procedure check-in (JSON file, or - for stdin);
                             --ndjson: one check-in per line, one result per line, streamed
  screen <file|->            Screen a candidate before treatment (--ndjson as for assess)
  aftercare --hours <n>      Aftercare guidance at n hours since treatment (--cleared)
  interview [--screening]    Ask one question at a time, one answer per line on stdin (? = don't know)

Author and test rules:
  lint [dir]                 Validate a rule directory (default: the built-in rules)
  test <cases...>            Run golden cases (files or directories; JSON, YAML, NDJSON)
                             --coverage, --coverage-threshold <percent>, --junit, --json,
                             --only <rule-id prefix> (coverage of those rules only)
  diff --base <dir> --head <dir> --cases <path>
                             Compare decisions of two rule versions; fails on unapproved
                             down-triage (--approve <file>)
  mutate --cases <path>      Mutation testing: rule logic no case pins down
                             (--only <rule-id prefix>, --min-score <percent>)
  catalog                    Print the rule catalog (Markdown)
  traceability --cases <path> [--update <file>]
                             Rules to sources to golden cases (Markdown table)
  schema <name>              Print a JSON Schema: checkin, screening, aftercare, assessment,
                             screening-result, aftercare-result, rules, cases

Common options:
  --rules <dir>              Rules to use: a directory layered over the built-in rules
                             (or standalone when its manifest says "base": "none")
  --now <iso>                Clock to use when an input gives no time of its own
  --json                     Print the result as JSON
  -h, --help                 Show this help;  -v, --version  Show the version

Exit codes: 0 success, 1 failed check (lint errors, failing cases, down-triage, low score),
2 bad input (errors listed), 64 usage error.`;

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  assess: (args, io) => evaluateCommand('assess', args, io),
  screen: (args, io) => evaluateCommand('screen', args, io),
  aftercare: aftercareCommand,
  interview: interviewCommand,
  lint: lintCommand,
  test: testCommand,
  diff: diffCommand,
  mutate: mutateCommand,
  catalog: catalogCommand,
  schema: schemaCommand,
  traceability: traceabilityCommand,
};

/** Runs the CLI and resolves with its exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    io.stdout(`${version}\n`);
    return EXIT.ok;
  }
  if (command === '--help' || command === '-h' || rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  const run = command === undefined ? undefined : COMMANDS[command];
  if (run === undefined) {
    io.stderr(`${command === undefined ? 'A command is required.' : `Unknown command '${command}'.`}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    return reportError(error, io, rest.includes('--json'));
  }
}

function reportError(error: unknown, io: CliIo, json: boolean): number {
  if (error instanceof UsageError || isParseArgsError(error)) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (error instanceof InputFileError) {
    io.stderr(`Error: ${error.message}\n`);
    return EXIT.badInput;
  }
  if (isObservationError(error)) {
    if (json) io.stdout(`${JSON.stringify({ error: 'ObservationError', issues: error.issues }, null, 2)}\n`);
    const count = error.issues.length;
    io.stderr(`Invalid input (${String(count)} problem${count === 1 ? '' : 's'}):\n${formatIssues(error.issues)}\n`);
    return EXIT.badInput;
  }
  if (error instanceof RuleSetError) {
    const lines = error.diagnostics.map(
      (diagnostic) => `  - ${diagnostic.file}${diagnostic.path} [${diagnostic.code}] ${diagnostic.message}`,
    );
    io.stderr(`Invalid rule set:\n${lines.join('\n')}\n`);
    return EXIT.badInput;
  }
  io.stderr(`Internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.failure;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
