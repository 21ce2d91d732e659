import { parseArgs } from 'node:util';
import { isObservationError, type InputIssue } from '../observation-error.js';
import { createTriage, type Triage } from '../triage.js';
import { formatAssessment, formatIssues } from './format-assessment.js';
import { formatAftercare, formatScreening } from './format-screening.js';
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
  assess <file|->        Assess a post-procedure check-in (JSON file, or - for stdin)
  screen <file|->        Screen a candidate before treatment
  aftercare --hours <n>  Aftercare guidance at n hours since treatment

Options:
  --json                 Print the result as JSON
  --now <iso>            Clock to use when the input gives no time of its own
  --hours <n>            (aftercare) hours since treatment
  --cleared              (aftercare) the provider has cleared reintroducing actives
  -h, --help             Show this help
  -v, --version          Show the version

Exit codes: 0 success, 2 bad input (errors listed), 64 usage error, 1 other failure.`;

interface Options {
  readonly json: boolean;
  readonly triage: Triage;
}

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
        hours: { type: 'string' },
        cleared: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${version}\n`);
    return EXIT.ok;
  }
  const [command, ...rest] = positionals;
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (command === undefined) return usage(io, 'A command is required.');
  let clock: Date | undefined;
  if (values.now !== undefined) {
    clock = new Date(values.now);
    if (Number.isNaN(clock.getTime())) return usage(io, `--now: '${values.now}' is not a valid date-time.`);
  }
  const fixed = clock;
  const options: Options = { json: values.json, triage: createTriage(fixed === undefined ? {} : { now: () => fixed }) };

  switch (command) {
    case 'assess':
    case 'screen': {
      const [path, ...extra] = rest;
      if (path === undefined || extra.length > 0) return usage(io, `'${command}' takes exactly one file (or - for stdin).`);
      return run(io, options, async () => {
        const input = await readJsonInput(path, io.stdin);
        const label = path === '-' ? 'stdin' : path;
        if (command === 'assess') {
          const assessment = await options.triage.assess(input);
          return options.json ? assessment : formatAssessment(assessment, label);
        }
        const screening = await options.triage.screen(input);
        return options.json ? screening : formatScreening(screening, label);
      });
    }
    case 'aftercare': {
      if (rest.length > 0) return usage(io, "'aftercare' takes no file: use --hours <n>.");
      const hours = values.hours === undefined ? undefined : Number(values.hours);
      if (hours === undefined || values.hours?.trim() === '' || Number.isNaN(hours))
        return usage(io, "'aftercare' needs --hours <n> (a number).");
      return run(io, options, () => {
        const guide = options.triage.aftercare({ hoursSinceTreatment: hours, ...(values.cleared ? { clearedByProvider: true } : {}) });
        return Promise.resolve(options.json ? guide : formatAftercare(guide));
      });
    }
    default:
      return usage(io, `Unknown command '${command}'.`);
  }
}

function usage(io: CliIo, message: string): number {
  io.stderr(`${message}\n\n${USAGE}\n`);
  return EXIT.usage;
}

/** Runs a command: prints its result (text, or JSON for objects) and maps errors to exit codes. */
async function run(io: CliIo, options: Options, work: () => Promise<unknown>): Promise<number> {
  try {
    const result = await work();
    io.stdout(typeof result === 'string' ? `${result}\n` : `${JSON.stringify(result, null, 2)}\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof InputFileError) {
      io.stderr(`Error: ${error.message}\n`);
      return EXIT.badInput;
    }
    if (isObservationError(error)) return badInput(io, options, error.issues);
    io.stderr(`Internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}

function badInput(io: CliIo, options: Options, issues: readonly InputIssue[]): number {
  if (options.json) io.stdout(`${JSON.stringify({ error: 'ObservationError', issues }, null, 2)}\n`);
  io.stderr(`Invalid input (${String(issues.length)} problem${issues.length === 1 ? '' : 's'}):\n${formatIssues(issues)}\n`);
  return EXIT.badInput;
}
