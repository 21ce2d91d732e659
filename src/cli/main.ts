import { isObservationError } from '../input/observation-error.js';
import { diagnosticLocation, isRuleSetError } from '../rules/diagnostics.js';
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
import { COMMAND_NAMES, commandHelp, generalUsage, helpPointer, isCommand, optionNames, usageLine, type CommandName } from './help.js';
import { closestName } from '../input/closest-name.js';
import { shortName, shortText } from '../input/short-text.js';

export { EXIT, type CliIo } from './cli-context.js';

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<Exclude<CommandName, 'help'>, Command>> = {
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
  if (command === undefined || command === '--help' || command === '-h') {
    if (command === undefined) {
      io.stderr(`A command is required: ${COMMAND_NAMES.join(', ')}.\n${helpPointer(undefined)}\n`);
      return EXIT.usage;
    }
    io.stdout(`${generalUsage()}\n`);
    return EXIT.ok;
  }
  if (!isCommand(command)) {
    const suggestion = closestName(command, COMMAND_NAMES);
    const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
    io.stderr(`Unknown command '${shortName(command)}'${hint}.\n${helpPointer(undefined)}\n`);
    return EXIT.usage;
  }
  if (command === 'help') return helpCommand(rest, io);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${commandHelp(command)}\n`);
    return EXIT.ok;
  }
  try {
    return await COMMANDS[command](rest, io);
  } catch (error) {
    return reportError(error, io, command, rest.includes('--json'));
  }
}

/** `help [command]`. */
function helpCommand(args: readonly string[], io: CliIo): number {
  const [name, ...extra] = args;
  if (name === undefined) {
    io.stdout(`${generalUsage()}\n`);
    return EXIT.ok;
  }
  if (!isCommand(name) || extra.length > 0) {
    const suggestion = closestName(name, COMMAND_NAMES);
    const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
    const problem = extra.length > 0 ? "'help' takes one command." : `Unknown command '${shortName(name)}'${hint}.`;
    io.stderr(`${problem}\n${usageLine('help')}\n${helpPointer(undefined)}\n`);
    return EXIT.usage;
  }
  io.stdout(`${commandHelp(name)}\n`);
  return EXIT.ok;
}

/**
 * Reports an error on stderr (a usage error with the command's usage line and where its help is,
 * not the whole usage) and returns the exit code. Messages are kept short: nothing the user
 * gave is echoed at length.
 */
function reportError(error: unknown, io: CliIo, command: CommandName, json: boolean): number {
  if (error instanceof UsageError || isParseArgsError(error)) {
    io.stderr(`${usageProblem(error as Error, command)}\n${usageLine(command)}\n${helpPointer(command)}\n`);
    return EXIT.usage;
  }
  if (error instanceof InputFileError) {
    io.stderr(`Error: ${shortText(error.message, 2_000)}\n`);
    return EXIT.badInput;
  }
  if (isObservationError(error)) {
    if (json) io.stdout(`${JSON.stringify({ error: 'ObservationError', issues: error.issues }, null, 2)}\n`);
    const count = error.issues.length;
    io.stderr(`Invalid input (${String(count)} problem${count === 1 ? '' : 's'}):\n${formatIssues(error.issues)}\n`);
    return EXIT.badInput;
  }
  if (isRuleSetError(error)) {
    const lines = error.diagnostics.map((diagnostic) => `  - ${diagnosticLocation(diagnostic)} [${diagnostic.code}] ${diagnostic.message}`);
    io.stderr(`Invalid rule set:\n${lines.join('\n')}\n`);
    return EXIT.badInput;
  }
  io.stderr(`Internal error: ${shortText(error instanceof Error ? error.message : String(error))}\n`);
  return EXIT.failure;
}

/**
 * A usage mistake in a sentence: an unknown option named, with the closest option the command
 * takes ("did you mean"), rather than the argument parser's own text; other mistakes as they are.
 */
function usageProblem(error: Error, command: CommandName): string {
  const code = (error as { code?: unknown }).code;
  const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']*)'/.exec(error.message)?.[1] : undefined;
  if (unknown === undefined) return shortText(error.message);
  const name = unknown.split('=')[0] ?? unknown;
  const suggestion = closestName(name, optionNames(command));
  const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
  return `Unknown option '${shortName(name)}' for '${command}'${hint}.`;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
