import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/main.js';
import { runCli, type CliRun } from './support/run-cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = (name: string): string => fileURLToPath(new URL(`../examples/checkins/${name}`, import.meta.url));

const run = (argv: string[], stdin = ''): Promise<CliRun> => runCli(argv, { stdin, version: '9.9.9' });

describe('microneedling-triage assess', () => {
  it('prints level, phase, reasons with sources and open questions', async () => {
    const { code, out } = await run(['assess', example('sparse.json')]);
    expect(code).toBe(EXIT.ok);
    expect(out).toContain('LEVEL: MONITOR');
    expect(out).toContain('Phase: 6-48 hours');
    expect(out).toContain('red-flags.unanswered');
    expect(out).toMatch(/Source: What Microneedling Redness Means And When It’s Abnormal § .*\[000_0b1d4838d8cb8315.txt\]/);
    expect(out).toContain('! signs.fever');
    expect(out).toContain('Decision support only, not a diagnosis.');
  });

  it('prints the assessment as JSON with --json', async () => {
    const { code, out } = await run(['assess', '--json', example('day-5-infection.json')]);
    expect(code).toBe(EXIT.ok);
    const assessment = JSON.parse(out) as { level: string; ruleSet: { hash: string } };
    expect(assessment.level).toBe('urgent');
    expect(assessment.ruleSet.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reads stdin with -', async () => {
    const { code, out } = await run(['assess', '-'], JSON.stringify({ hoursSinceTreatment: 2, signs: { fever: true } }));
    expect(code).toBe(EXIT.ok);
    expect(out).toContain('LEVEL: URGENT');
  });

  it('uses --now as the clock', async () => {
    const { out } = await run(
      ['assess', '--json', '--now', '2026-03-03T10:00:00Z', '-'],
      JSON.stringify({ treatedAt: '2026-03-01T10:00:00Z' }),
    );
    expect((JSON.parse(out) as { phase: { hoursSinceTreatment: number } }).phase.hoursSinceTreatment).toBe(48);
  });

  it('exits 2 and lists every problem for an invalid check-in', async () => {
    const { code, err } = await run(['assess', example('invalid.json')]);
    expect(code).toBe(EXIT.badInput);
    expect(err).toContain('Invalid input (3 problems)');
    expect(err).toContain('hoursSinceTreatment: ');
    expect(err).toContain("signs.rednesTrend: 'signs.rednesTrend' is not a known field (did you mean 'rednessTrend'?)");
    expect(err).toContain('signs.redness: ');
  });

  it('prints the errors as JSON with --json too', async () => {
    const { code, out } = await run(['assess', '--json', example('invalid.json')]);
    expect(code).toBe(EXIT.badInput);
    expect((JSON.parse(out) as { issues: unknown[] }).issues).toHaveLength(3);
  });

  it.each([
    ['a missing file', ['assess', '/no/such/file.json'], '', /no such file/],
    ['a directory', ['assess', root], '', /directory/],
    ['invalid JSON', ['assess', '-'], '{ "hoursSinceTreatment": ', /not valid JSON/],
    ['empty stdin', ['assess', '-'], '   ', /is empty/],
  ])('exits 2 with a clear message for %s', async (_label, argv, stdin, message) => {
    const { code, err, out } = await run(argv, stdin);
    expect(code).toBe(EXIT.badInput);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
    expect(out).toBe('');
  });

  it.each([
    ['no command', []],
    ['an unknown command', ['diagnose', 'x.json']],
    ['no file', ['assess']],
    ['two files', ['assess', 'a.json', 'b.json']],
    ['an unknown option', ['assess', '--fast', 'a.json']],
    ['an invalid --now', ['assess', '--now', 'yesterday', 'a.json']],
  ])('exits 64 with usage for %s', async (_label, argv) => {
    const { code, err } = await run(argv);
    expect(code).toBe(EXIT.usage);
    expect(err.length).toBeGreaterThan(0);
  });

  it('prints help and version', async () => {
    expect((await run(['--help'])).out).toContain('Usage: microneedling-triage');
    expect(await run(['--version'])).toEqual({ code: 0, out: '9.9.9\n', err: '' });
  });
});

describe('the built bin', () => {
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

  it('runs from dist (npm test builds before testing)', () => {
    expect(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first').toBe(true);
    const ok = spawnSync(process.execPath, [cli, 'assess', example('day-10-contact-dermatitis.json')], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('LEVEL: CONTACT-PROVIDER');
    const bad = spawnSync(process.execPath, [cli, 'assess', example('invalid.json')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    const version = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

const candidate = (name: string): string => fileURLToPath(new URL(`../examples/candidates/${name}`, import.meta.url));

describe('microneedling-triage screen', () => {
  it('prints the decision, waits, reasons with sources and precautions', async () => {
    const { code, out } = await run(['screen', candidate('retinoid-yesterday.json')]);
    expect(code).toBe(EXIT.ok);
    expect(out).toContain('DECISION: POSTPONE');
    expect(out).toContain('Postpone until: 2026-03-16T09:00:00.000Z');
    expect(out).toContain('contraindications.retinoid-within-3-days');
    expect(out).toContain('Precautions if treating:');
    expect(out).toMatch(/Source: What Microneedling Redness Means And When It’s Abnormal § .*\[000_0b1d4838d8cb8315.txt\]/);
  });

  it('prints JSON with --json, and lists open blocking questions', async () => {
    const { code, out } = await run(['screen', '--json', '-'], JSON.stringify({ conditions: { pregnant: false } }));
    expect(code).toBe(EXIT.ok);
    const screening = JSON.parse(out) as { decision: string; missing: { id: string; blocking: boolean }[] };
    expect(screening.decision).toBe('proceed-with-caution');
    expect(screening.missing.filter((question) => question.blocking).map((question) => question.id)).toContain(
      'conditions.immunosuppressed',
    );
  });

  it('exits 2 for an invalid candidate', async () => {
    const { code, err } = await run(['screen', '-'], JSON.stringify({ conditions: { pregant: true } }));
    expect(code).toBe(EXIT.badInput);
    expect(err).toContain("did you mean 'pregnant'");
  });

  it('says a contraindication plainly', async () => {
    expect((await run(['screen', candidate('keloid-deep.json')])).out).toContain('DECISION: CONTRAINDICATED');
  });
});

describe('microneedling-triage aftercare', () => {
  it("prints the do and don't list and resume times", async () => {
    const { code, out } = await run(['aftercare', '--hours', '60']);
    expect(code).toBe(EXIT.ok);
    expect(out).toContain('AFTERCARE at 60 h since treatment (24-72 hours)');
    expect(out).toContain('+ Hyaluronic acid serum');
    expect(out).toContain('- Retinoids (retinol, tretinoin)');
  });

  it('prints JSON with --json and honours --cleared', async () => {
    const { out } = await run(['aftercare', '--json', '--cleared', '--hours', '170']);
    const guide = JSON.parse(out) as { resume: { item: string; allowedNow: boolean }[] };
    expect(guide.resume.find((status) => status.item === 'retinoid')?.allowedNow).toBe(true);
  });

  it.each([
    [['aftercare'], EXIT.usage],
    [['aftercare', '--hours', 'soon'], EXIT.usage],
    [['aftercare', '--hours', '10', 'extra.json'], EXIT.usage],
    [['aftercare', '--hours=-5'], EXIT.badInput],
    [['aftercare', '--hours', '-5'], EXIT.usage],
  ])('%j exits %i', async (argv, code) => {
    expect((await run(argv)).code).toBe(code);
  });
});
