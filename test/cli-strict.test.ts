import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/main.js';
import { COMMAND_NAMES, commandHelp, generalUsage, optionNames } from '../src/cli/help.js';
import { runCli } from './support/run-cli.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const BOM = '\uFEFF';

function tempDir(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mt-cli-strict-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The built bin with a given time zone (the machine's zone must not change any result). */
function inZone(zone: string, args: readonly string[], input: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', env: { ...process.env, TZ: zone } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('--now says its time zone', () => {
  const checkIn = JSON.stringify({ treatedAt: '2025-06-01T10:00:00Z' });

  it('is required: a date-time without an offset is a usage error in every zone', () => {
    expect(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first').toBe(true);
    for (const zone of ['UTC', 'Asia/Tokyo']) {
      const run = inZone(zone, ['assess', '--json', '--now', '2025-06-01T20:00:00', '-'], checkIn);
      expect(run.status).toBe(EXIT.usage);
      expect(run.stderr).toMatch(/--now: '2025-06-01T20:00:00' is not an ISO 8601 date-time with a time zone/);
    }
  });

  it('gives the same result in UTC and in Tokyo once it has one', () => {
    const results = ['UTC', 'Asia/Tokyo', 'America/New_York'].map((zone) => {
      const run = inZone(zone, ['assess', '--json', '--now', '2025-06-01T20:00:00Z', '-'], checkIn);
      expect(run.status).toBe(EXIT.ok);
      return run.stdout;
    });
    expect(new Set(results).size).toBe(1);
    expect((JSON.parse(results[0] ?? '') as { phase: { hoursSinceTreatment: number } }).phase.hoursSinceTreatment).toBe(10);
    // The offset is read as written.
    const offset = inZone('Asia/Tokyo', ['assess', '--json', '--now', '2025-06-01T20:00:00+09:00', '-'], checkIn);
    expect((JSON.parse(offset.stdout) as { phase: { hoursSinceTreatment: number } }).phase.hoursSinceTreatment).toBe(1);
  });

  it.each(['0', '2025', '2025-06-01', 'yesterday', '2025-06-01T20:00:00+25:00', ''])('--now %j is a usage error', async (now) => {
    const run = await runCli(['assess', '--now', now, '-'], { stdin: '{}' });
    expect(run.code).toBe(EXIT.usage);
    expect(run.err).toMatch(/--now: /);
  });
});

describe('numbers are parsed strictly', () => {
  it.each(['0x10', '1e1', ' 5', '5 ', '', '+5', '7.', '.5', 'Infinity', 'NaN', '1_000'])('--hours %j is a usage error', async (hours) => {
    const run = await runCli(['aftercare', '--hours', hours]);
    expect(run.code).toBe(EXIT.usage);
    expect(run.err).toContain('--hours: ');
  });

  it.each([
    ['16', 16],
    ['7.5', 7.5],
    ['0', 0],
  ])('--hours %s is %d hours', async (hours, expected) => {
    const run = await runCli(['aftercare', '--json', '--hours', hours]);
    expect(run.code).toBe(EXIT.ok);
    expect((JSON.parse(run.out) as { hoursSinceTreatment: number }).hoursSinceTreatment).toBe(expected);
  });

  it('a negative number is well formed: the input is then refused as bad input', async () => {
    expect((await runCli(['aftercare', '--hours=-5'])).code).toBe(EXIT.badInput);
  });

  it.each([
    ['mutate', '--min-score', '1e2'],
    ['mutate', '--min-score', '101'],
    ['test', '--coverage-threshold', '0x50'],
    ['test', '--coverage-threshold', '-1'],
  ])('%s %s %s is a usage error', async (command, option, value) => {
    const run = await runCli(
      command === 'mutate' ? [command, `${option}=${value}`, '--cases', 'test/golden'] : [command, `${option}=${value}`, 'test/golden'],
    );
    expect(run.code).toBe(EXIT.usage);
    expect(run.err).toContain(`${option}: '${value}'`);
  });
});

describe('a UTF-8 byte order mark is not an error', () => {
  const checkIn = JSON.stringify({ hoursSinceTreatment: 2, signs: { fever: true } });

  it('in a JSON input file and on standard input', async () => {
    const dir = tempDir({ 'in.json': `${BOM}${checkIn}` });
    for (const [args, stdin] of [
      [['assess', join(dir, 'in.json')], ''],
      [['assess', '-'], `${BOM}${checkIn}`],
    ] as const) {
      const run = await runCli(args, { stdin });
      expect(run.code).toBe(EXIT.ok);
      expect(run.out).toContain('LEVEL: URGENT');
    }
  });

  it('in an NDJSON file (the first line)', async () => {
    const dir = tempDir({ 'in.ndjson': `${BOM}${checkIn}\n${checkIn}\n` });
    const run = await runCli(['assess', '--ndjson', join(dir, 'in.ndjson')]);
    expect(run.code).toBe(EXIT.ok);
    expect(
      run.out
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { result: { level: string } }).result.level),
    ).toEqual(['urgent', 'urgent']);
  });

  it('in case files (JSON, YAML, NDJSON), rule files and approvals', async () => {
    const cases = { cases: [{ name: 'fever', input: { hoursSinceTreatment: 2, signs: { fever: true } }, expect: { level: 'urgent' } }] };
    const dir = tempDir({
      'a.cases.json': `${BOM}${JSON.stringify(cases)}`,
      'b.cases.yaml': `${BOM}cases:\n  - name: fever yaml\n    input: { hoursSinceTreatment: 2, signs: { fever: true } }\n    expect: { level: urgent }\n`,
      'c.ndjson': `${BOM}${JSON.stringify({ name: 'fever ndjson', input: { hoursSinceTreatment: 2, signs: { fever: true } }, expect: { level: 'urgent' } })}\n`,
      'approve.json': `${BOM}[]`,
    });
    const test = await runCli(['test', dir, join(dir, 'c.ndjson')]);
    expect(test.out).toContain('3 passed, 0 failed');
    expect(test.code).toBe(EXIT.ok);
    const rules = tempDir({
      'clinic.json': `${BOM}${JSON.stringify({ id: 'clinic', version: '1.0.0', kind: 'assessment', title: 'Clinic', rules: [] })}`,
    });
    expect(await runCli(['lint', rules])).toMatchObject({ code: EXIT.ok });
    const diff = await runCli(['diff', '--base', 'rules', '--head', rules, '--cases', dir, '--approve', join(dir, 'approve.json')]);
    expect(diff.err).toBe('');
  });
});

describe('files and directories that cannot be read are reported in words', () => {
  it.each([
    [['lint', 'nope-dir'], 'cannot read rule directory nope-dir: no such directory'],
    [['assess', '--rules', 'nope-dir', '-'], 'cannot read rule directory nope-dir: no such directory'],
    [['lint', 'package.json'], 'cannot read rule directory package.json: it is a file, not a directory'],
    [['test', 'nope.cases.json'], 'cannot read nope.cases.json: no such file or directory'],
    [
      ['diff', '--base', 'rules', '--head', 'rules', '--cases', 'test/golden', '--approve', 'nope.json'],
      'cannot read approvals nope.json: no such file',
    ],
    [['traceability', '--cases', 'test/golden/red-flags.cases.json', '--update', 'nope.md'], 'cannot read nope.md: no such file'],
  ])('%j', async (args, message) => {
    const run = await runCli(args, { stdin: '{}' });
    expect(run.code).toBe(EXIT.badInput);
    expect(run.err).toBe(`Error: ${message}\n`);
    expect(run.err).not.toMatch(/ENOENT|ENOTDIR|scandir|\n\s+at /);
  });

  it('a rule file named __proto__ in a manifest is not dropped: lint reports it', async () => {
    const layer = { id: 'evil', version: '1.0.0', kind: 'assessment', title: 'Evil', disable: ['red-flags.unanswered'], rules: [] };
    const dir = tempDir({ 'manifest.json': JSON.stringify({ id: 'evil', version: '1.0.0', files: ['__proto__'] }) });
    writeFileSync(join(dir, '__proto__'), JSON.stringify(layer));
    const lint = await runCli(['lint', dir]);
    expect(lint.code).toBe(EXIT.failure);
    expect(lint.out).toContain("__proto__  error [forbidden-key] '__proto__' is a name that is not allowed for a rule file");
    expect((await runCli(['assess', '--rules', dir, '-'], { stdin: '{}' })).code).toBe(EXIT.badInput);
  });
});

describe('help', () => {
  it.each(COMMAND_NAMES.map((name) => [name]))('%s has its own help, the same from `help %s` and `%s --help`', async (name) => {
    const viaHelp = await runCli(['help', name]);
    expect(viaHelp).toEqual({ code: EXIT.ok, out: `${commandHelp(name)}\n`, err: '' });
    if (name !== 'help') {
      expect(await runCli([name, '--help'])).toEqual(viaHelp);
      expect(await runCli([name, '-h'])).toEqual(viaHelp);
    }
    expect(viaHelp.out).toMatch(new RegExp(`^Usage: microneedling-triage ${name}`));
    expect(viaHelp.out).toMatch(/\nExamples?:\n {2}microneedling-triage /);
  });

  it('lists the options of a command', async () => {
    const { out } = await runCli(['help', 'aftercare']);
    for (const option of ['--hours <n>', '--cleared', '--json', '--now <iso>', '--rules <dir>']) expect(out).toContain(`  ${option}`);
  });

  it('--help and help alone give the list of commands', async () => {
    expect(await runCli(['--help'])).toEqual({ code: EXIT.ok, out: `${generalUsage()}\n`, err: '' });
    expect(await runCli(['help'])).toEqual({ code: EXIT.ok, out: `${generalUsage()}\n`, err: '' });
  });

  it.each([
    [['assess'], "'assess' takes exactly one file (or - for stdin)."],
    [['assess', '--fast', 'a.json'], "Unknown option '--fast'"],
    [['aftercare'], "'aftercare' needs --hours <n>."],
    [['schema', 'nope'], "'schema' takes one of:"],
    [['diff', '--base', 'rules'], "'diff' needs --base <dir>, --head <dir> and --cases <path>."],
  ])('a usage error prints the one relevant line, the usage line and the pointer to help: %j', async (args, first) => {
    const { code, out, err } = await runCli(args);
    const command = args[0] ?? '';
    expect(code).toBe(EXIT.usage);
    expect(out).toBe('');
    const lines = err.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(first);
    expect(lines[1]).toMatch(new RegExp(`^Usage: microneedling-triage ${command} `));
    expect(lines[2]).toBe(`Run 'microneedling-triage help ${command}' for its options and an example.`);
    expect(err).not.toContain('Commands:');
  });

  it.each([
    ['no command', [], 'A command is required: assess, screen'],
    ['a misspelt command', ['asess'], "Unknown command 'asess' (did you mean 'assess'?)."],
    ['a 100,000-character command', ['x'.repeat(100_000)], "Unknown command 'xxxxxxxx"],
    ['help for an unknown command', ['help', 'nope'], "Unknown command 'nope'."],
  ])('%s: says so in two or three short lines', async (_name, args, first) => {
    const { code, err } = await runCli(args);
    expect(code).toBe(EXIT.usage);
    expect(err.split('\n')[0]).toContain(first);
    expect(err.length).toBeLessThan(400);
    expect(err).toContain("Run 'microneedling-triage --help' for the commands.");
    expect(err).not.toContain('Commands:');
  });

  it('docs/cli.md is the help, command by command', () => {
    const doc = readFileSync(new URL('../docs/cli.md', import.meta.url), 'utf8');
    expect(doc).toContain(`\`\`\`text\n${generalUsage()}\n\`\`\``);
    for (const name of COMMAND_NAMES) expect(doc).toContain(`## \`${name}\`\n\n\`\`\`text\n${commandHelp(name)}\n\`\`\``);
  });
});

describe('an unknown option (issue 22)', () => {
  it('is named in a sentence, with the closest option the command takes: every option of every command, misspelt', async () => {
    let checked = 0;
    for (const command of COMMAND_NAMES) {
      for (const option of optionNames(command).filter((name) => name.startsWith('--') && name.length > 5)) {
        const typo = option.slice(0, -1);
        if (optionNames(command).includes(typo)) continue;
        const run = await runCli([command, typo, '-'], { stdin: '{}' });
        expect(run.code, `${command} ${typo}`).toBe(EXIT.usage);
        const [first = ''] = run.err.split('\n');
        expect(first, `${command} ${typo}`).toMatch(
          new RegExp(`^Unknown option '${typo}' for '${command}' \\(did you mean '--[a-z-]+'\\?\\)\\.$`),
        );
        expect(run.err).not.toContain('To specify a positional argument');
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
    const far = await runCli(['assess', '--zzzzzzzz', '-'], { stdin: '{}' });
    expect(far.err.split('\n')[0]).toBe("Unknown option '--zzzzzzzz' for 'assess'.");
  });
});
