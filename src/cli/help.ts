/** The CLI's name as typed. */
export const PROGRAM = 'microneedling-triage';

/** The help of one command: its usage line, what it does, its options, an example. */
interface CommandHelp {
  readonly usage: string;
  readonly summary: string;
  readonly options: readonly (readonly [string, string])[];
  readonly examples: readonly string[];
}

const RULES = [
  '--rules <dir>',
  'rules to use: a directory layered over the built-in rules (standalone when its manifest says "base": "none")',
] as const;
const NOW = ['--now <iso>', 'the clock, for inputs that give no time of their own: an ISO 8601 date-time with Z or an offset'] as const;
const JSON_OUTPUT = ['--json', 'print the result as JSON'] as const;

/** Every command's help, in the order of the general usage. */
export const COMMAND_HELP = {
  assess: {
    usage: 'assess <file|-> [--json] [--ndjson [--fields <list>] [--jobs <n>]] [--now <iso>] [--rules <dir>]',
    summary: 'Assess a post-procedure check-in (a JSON file, or - for standard input).',
    options: [
      JSON_OUTPUT,
      ['--ndjson', 'one check-in per line in, one JSON result per line out, streamed; exit 2 if any line is invalid'],
      [
        '--fields <list>',
        'with --ndjson: keep only these fields of each result, comma-separated (level, causes, missing, ... and ruleIds: the rules that fired)',
      ],
      ['--jobs <n>', 'with --ndjson: worker threads (default: the available processors); output in input order, the same bytes as one job'],
      NOW,
      RULES,
    ],
    examples: [
      `${PROGRAM} assess check-in.json`,
      `${PROGRAM} assess --json --now 2026-03-03T10:00:00Z - < check-in.json`,
      `${PROGRAM} assess --ndjson --fields level,causes,ruleIds,missing check-ins.ndjson`,
    ],
  },
  screen: {
    usage: 'screen <file|-> [--json] [--ndjson [--fields <list>] [--jobs <n>]] [--now <iso>] [--rules <dir>]',
    summary: 'Screen a candidate before treatment (a JSON file, or - for standard input).',
    options: [
      JSON_OUTPUT,
      ['--ndjson', 'one candidate per line, as for assess'],
      ['--fields <list>', 'with --ndjson: keep only these fields (decision, waits, missing, ... and ruleIds)'],
      ['--jobs <n>', 'with --ndjson: worker threads, as for assess'],
      NOW,
      RULES,
    ],
    examples: [`${PROGRAM} screen candidate.json --json`],
  },
  aftercare: {
    usage: 'aftercare --hours <n> [--cleared] [--json] [--now <iso>] [--rules <dir>]',
    summary: 'Aftercare guidance at n hours since treatment: what to do, and when each product or activity may resume.',
    options: [
      ['--hours <n>', 'hours since treatment: a plain decimal number such as 60 or 7.5'],
      ['--cleared', 'the treating provider has cleared reintroducing actives (the earlier times apply)'],
      JSON_OUTPUT,
      NOW,
      RULES,
    ],
    examples: [`${PROGRAM} aftercare --hours 60`],
  },
  interview: {
    usage: 'interview [--screening] [--json] [--now <iso>] [--rules <dir>]',
    summary:
      "Ask one screen at a time (for staff on the phone): a checklist's caption, then each item; one answer per line on standard input, ? or an empty line for don't know; exit 1 if the input ends first.",
    options: [
      ['--screening', 'interview a candidate before treatment instead of a check-in'],
      ['--json', 'print the final result as JSON on standard output (the questions go to standard error)'],
      NOW,
      RULES,
    ],
    examples: [`${PROGRAM} interview`, `printf 'no\\nno\\n' | ${PROGRAM} interview --screening`],
  },
  lint: {
    usage: 'lint [dir] [--json]',
    summary: 'Validate a rule directory, layered as --rules would load it (default: the built-in rules).',
    options: [JSON_OUTPUT],
    examples: [`${PROGRAM} lint examples/clinic-rules`],
  },
  test: {
    usage:
      'test <cases...> [--coverage] [--coverage-threshold <percent>] [--junit] [--json] [--only <prefix>] [--jobs <n>] [--now <iso>] [--rules <dir>]',
    summary: 'Run golden cases (files or directories; JSON, YAML or NDJSON) and explain every failure.',
    options: [
      ['--coverage', 'report rule, condition and grade coverage'],
      ['--coverage-threshold <percent>', 'fail when rule or condition coverage is below it (0-100)'],
      ['--junit', 'print JUnit XML'],
      JSON_OUTPUT,
      ['--only <prefix>', 'coverage of the rules whose id starts with the prefix (repeatable)'],
      ['--jobs <n>', 'worker threads for the cases (default: the available processors); the same output as one job'],
      NOW,
      RULES,
    ],
    examples: [`${PROGRAM} test test/golden --coverage`],
  },
  diff: {
    usage: 'diff --base <dir> --head <dir> --cases <path> [--approve <file>] [--json] [--jobs <n>] [--now <iso>]',
    summary: 'Compare the decisions of two rule versions on a corpus; fails on down-triage that is not approved.',
    options: [
      ['--base <dir>', 'the rules before the change'],
      ['--head <dir>', 'the rules after the change'],
      ['--cases <path>', 'case files or directories (repeatable)'],
      ['--approve <file>', 'approved down-triage: a JSON array of case names, or { "approved": [...] }'],
      JSON_OUTPUT,
      ['--jobs <n>', 'worker threads for the cases (default: the available processors); the same output as one job'],
      NOW,
    ],
    examples: [`${PROGRAM} diff --base rules --head my-rules --cases test/golden`],
  },
  mutate: {
    usage: 'mutate --cases <path> [--only <prefix>] [--min-score <percent>] [--json] [--jobs <n>] [--rules <dir>]',
    summary: 'Mutation testing: change each rule a little and report the changes no case notices.',
    options: [
      ['--cases <path>', 'case files or directories (repeatable)'],
      ['--only <prefix>', 'mutate only the rules whose id starts with the prefix (repeatable)'],
      ['--min-score <percent>', 'fail when fewer mutants are killed (0-100)'],
      JSON_OUTPUT,
      ['--jobs <n>', 'worker threads for the mutants (default: the available processors); the same output as one job'],
      RULES,
    ],
    examples: [`${PROGRAM} mutate --cases test/golden --only red-flags.`],
  },
  catalog: {
    usage: 'catalog [--rules <dir>]',
    summary: 'Print the rule catalog (Markdown): every rule, its conditions in words and its sources.',
    options: [RULES],
    examples: [`${PROGRAM} catalog > rules.md`],
  },
  traceability: {
    usage: 'traceability --cases <path> [--update <file>] [--rules <dir>]',
    summary: 'The table from rules to sources to golden cases (Markdown).',
    options: [
      ['--cases <path>', 'case files or directories (repeatable)'],
      ['--update <file>', 'replace the table between the traceability markers of a Markdown file'],
      RULES,
    ],
    examples: [`${PROGRAM} traceability --cases test/golden --update docs/safety.md`],
  },
  schema: {
    usage: 'schema <name>',
    summary: 'Print a JSON Schema: checkin, screening, aftercare, assessment, screening-result, aftercare-result, rules, cases.',
    options: [],
    examples: [`${PROGRAM} schema checkin > checkin.schema.json`],
  },
  help: {
    usage: 'help [command]',
    summary: "Show the help of a command (the same as '<command> --help'), or the list of commands.",
    options: [],
    examples: [`${PROGRAM} help assess`],
  },
} as const satisfies Readonly<Record<string, CommandHelp>>;

/** A command name. */
export type CommandName = keyof typeof COMMAND_HELP;

/** Command names, in help order. */
export const COMMAND_NAMES = Object.keys(COMMAND_HELP) as CommandName[];

/** Whether a string names a command. */
export function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.prototype.hasOwnProperty.call(COMMAND_HELP, name);
}

/** The options a command takes, as typed (`--jobs`, `--json`), from its help. */
export function optionNames(command: CommandName): string[] {
  const help: CommandHelp = COMMAND_HELP[command];
  return help.options.flatMap(([option]) => option.split(/[\s,]+/).filter((word) => word.startsWith('-')));
}

/** `Usage: microneedling-triage assess <file|-> ...` */
export function usageLine(command: CommandName): string {
  return `Usage: ${PROGRAM} ${COMMAND_HELP[command].usage}`;
}

/** The pointer printed after a usage error. */
export function helpPointer(command: CommandName | undefined): string {
  return command === undefined
    ? `Run '${PROGRAM} --help' for the commands.`
    : `Run '${PROGRAM} help ${command}' for its options and an example.`;
}

/** The full help of one command. */
export function commandHelp(command: CommandName): string {
  const help: CommandHelp = COMMAND_HELP[command];
  const width = Math.max(0, ...help.options.map(([name]) => name.length)) + 2;
  const lines = [usageLine(command), '', help.summary];
  if (help.options.length > 0) lines.push('', 'Options:', ...help.options.map(([name, text]) => `  ${name.padEnd(width)}${text}`));
  lines.push('', help.examples.length > 1 ? 'Examples:' : 'Example:', ...help.examples.map((example) => `  ${example}`));
  return lines.join('\n');
}

/** The general usage: every command in one line, and where each one's help is. */
export function generalUsage(): string {
  const width = Math.max(...COMMAND_NAMES.map((name) => name.length)) + 2;
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...COMMAND_NAMES.map((name) => `  ${name.padEnd(width)}${COMMAND_HELP[name].summary}`),
    '',
    `Run '${PROGRAM} help <command>' (or '<command> --help') for a command's options and an example.`,
    `  -h, --help     show this help`,
    `  -v, --version  show the version`,
    '',
    'Exit codes: 0 success, 1 failed check (lint errors, failing cases, down-triage, low score),',
    '2 bad input (every problem listed), 64 usage error.',
  ].join('\n');
}
