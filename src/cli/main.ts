import { parseArgs } from 'node:util';
import { isObservationError } from '../observation-error.js';
import { createTriage } from '../triage.js';
import { formatAssessment, formatIssues } from './format-assessment.js';
import { InputFileError, readJsonInput } from './read-input.js';

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, failure: 1, badInput: 2, usage: 64 } as const;

/** Where the CLI reads and writes; injectable for tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: () => Promise<string>;
}

const USAGE = `Usage: microneedling-triage <command> [options]

Commands:
  assess <file|->   Assess a post-procedure check-in (JSON file, or - for stdin)

Options:
  --json            Print the result as JSON
  --now <iso>       Clock to use when the check-in has treatedAt but no assessedAt
  -h, --help        Show this help
  -v, --version     Show the version

Exit codes: 0 success, 2 bad input (errors listed), 64 usage error, 1 other failure.`;

/** Runs the CLI and resolves with its exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${version}\n`);
    return EXIT.ok;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    (command === undefined && !values.help ? io.stderr : io.stdout)(`${USAGE}\n`);
    return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
  }
  if (command !== 'assess') {
    io.stderr(`Unknown command '${command}'.\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const [path, ...extra] = rest;
  if (path === undefined || extra.length > 0) {
    io.stderr(`'assess' takes exactly one file (or - for stdin).\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  let now: Date | undefined;
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (Number.isNaN(now.getTime())) {
      io.stderr(`--now: '${values.now}' is not a valid date-time.\n`);
      return EXIT.usage;
    }
  }
  return runAssess(path, { json: values.json, now }, io);
}

async function runAssess(path: string, options: { json: boolean; now: Date | undefined }, io: CliIo): Promise<number> {
  try {
    const input = await readJsonInput(path, io.stdin);
    const clock = options.now;
    const triage = createTriage(clock === undefined ? {} : { now: () => clock });
    const assessment = await triage.assess(input);
    io.stdout(
      options.json ? `${JSON.stringify(assessment, null, 2)}\n` : `${formatAssessment(assessment, path === '-' ? 'stdin' : path)}\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof InputFileError) {
      io.stderr(`Error: ${error.message}\n`);
      return EXIT.badInput;
    }
    if (isObservationError(error)) {
      if (options.json) io.stdout(`${JSON.stringify({ error: 'ObservationError', issues: error.issues }, null, 2)}\n`);
      io.stderr(
        `Invalid check-in (${String(error.issues.length)} problem${error.issues.length === 1 ? '' : 's'}):\n${formatIssues(error.issues)}\n`,
      );
      return EXIT.badInput;
    }
    io.stderr(`Internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}
