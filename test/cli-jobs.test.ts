import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { EXIT } from '../src/cli/main.js';
import { parseJobs } from '../src/cli/cli-context.js';
import { sparseCandidateArbitrary, sparseCheckInArbitrary } from './support/arbitraries.js';
import { chunked, streamInOrder } from '../src/cli/job-pool.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Runs the built CLI (worker threads need the built worker file). */
function runBuilt(args: readonly string[], script = cli): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, out, err });
    });
  });
}

/** An NDJSON file of generated inputs, with invalid JSON, invalid inputs and blank lines mixed in, and a BOM. */
function corpus(kind: 'assess' | 'screen', count: number): string {
  const inputs = fc.sample<unknown>(kind === 'assess' ? sparseCheckInArbitrary : sparseCandidateArbitrary, { numRuns: count, seed: 1202 });
  const lines = inputs.flatMap((input, index) => {
    const text = JSON.stringify(input);
    if (index % 101 === 0) return ['{ not json'];
    if (index % 89 === 0) return [JSON.stringify({ ...(input as object), unknownField: 1 })];
    return index % 53 === 0 ? [text, ''] : [text];
  });
  const dir = mkdtempSync(join(tmpdir(), 'mt-jobs-'));
  const path = join(dir, `${kind}.ndjson`);
  writeFileSync(path, `\uFEFF${lines.join('\n')}\n`);
  return path;
}

describe('--ndjson --jobs N: worker threads, output in input order and byte-identical to one job', () => {
  it('the built CLI exists', () => {
    expect(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first').toBe(true);
  });

  it.each(['assess', 'screen'] as const)(
    '%s: 3 jobs give the same bytes, exit code and stderr as 1',
    async (kind) => {
      const path = corpus(kind, 1_200);
      const args = [kind, '--ndjson', '--now', '2026-03-10T12:00:00Z', path];
      const one = await runBuilt([...args, '--jobs', '1']);
      const three = await runBuilt([...args, '--jobs', '3']);
      expect(one.code).toBe(EXIT.badInput);
      expect(one.out.split('\n').length).toBeGreaterThan(1_100);
      expect(three.out).toBe(one.out);
      expect(three.code).toBe(one.code);
      expect(three.err).toBe(one.err);
      const lines = one.out
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { line: number }).line);
      expect(lines).toEqual([...lines].sort((a, b) => a - b));
    },
    120_000,
  );

  it('--fields and --rules reach the workers', async () => {
    const path = corpus('assess', 600);
    const rules = fileURLToPath(new URL('../examples/clinic-rules', import.meta.url));
    const args = ['assess', '--ndjson', '--fields', 'level,ruleIds,ruleSet', '--rules', rules, '--now', '2026-03-10T12:00:00Z', path];
    const one = await runBuilt([...args, '--jobs', '1']);
    const two = await runBuilt([...args, '--jobs', '2']);
    expect(two.out).toBe(one.out);
    const results = one.out
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { result?: { ruleSet: { layers: { id: string }[] } } }).result)
      .filter((result) => result !== undefined);
    expect(results.length).toBeGreaterThan(500);
    for (const result of results) {
      expect(Object.keys(result)).toEqual(['level', 'ruleIds', 'ruleSet']);
      expect(result.ruleSet.layers.map((layer) => layer.id)).toContain('example-clinic');
    }
  }, 120_000);

  it('--jobs must be a whole number from 1, and goes with --ndjson', async () => {
    for (const jobs of ['0', '1.5', 'two', '-1']) {
      const run = await runCli(['assess', '--ndjson', '--jobs', jobs, '-'], { lines: [] });
      expect(run.code, jobs).toBe(EXIT.usage);
      expect(run.err).toContain('--jobs');
    }
    const alone = await runCli(['assess', '--jobs', '2', '-'], { stdin: '{}' });
    expect(alone.code).toBe(EXIT.usage);
    expect(alone.err).toContain('--ndjson');
  });

  it('--jobs is used up to the processors: 128 or 1024 on two processors is two threads', () => {
    const io = { stdout: () => undefined, stderr: () => undefined, stdin: () => Promise.resolve(''), cores: 2 };
    expect(['1', '2', '3', '128', '1024'].map((jobs) => parseJobs(jobs, io))).toEqual([1, 2, 2, 2, 2]);
    expect(parseJobs(undefined, io)).toBe(2);
    expect(parseJobs('1024', { ...io, cores: 1 })).toBe(1);
  });

  it('--jobs 128 on a one-line file gives the one-job answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mt-jobs-one-'));
    const file = join(dir, 'one.ndjson');
    writeFileSync(file, '{"hoursSinceTreatment":30,"signs":{"fever":true}}\n');
    const many = await runBuilt(['assess', '--ndjson', '--fields', 'level', '--jobs', '128', file]);
    const one = await runBuilt(['assess', '--ndjson', '--fields', 'level', '--jobs', '1', file]);
    expect([many.code, many.out, many.err]).toEqual([one.code, one.out, one.err]);
    expect(one.out).toContain('urgent');
  });
});

const golden = (name: string): string => fileURLToPath(new URL(`golden/${name}`, import.meta.url));
const clinicRules = fileURLToPath(new URL('../examples/clinic-rules', import.meta.url));
const builtinRules = fileURLToPath(new URL('../rules', import.meta.url));

/** A case file that fails: a red-flag case expecting the wrong level, and an input rejected that should not be. */
function failingCaseFile(): string {
  const file = JSON.parse(readFileSync(golden('red-flags.cases.json'), 'utf8')) as { cases: { expect: object }[] };
  const [first] = file.cases;
  if (first === undefined) throw new Error('red-flags.cases.json has no case');
  first.expect = { level: 'expected', fired: ['red-flags.blisters'] };
  file.cases.push({ name: 'rejected, but expected to pass', input: { hoursSinceTreatment: -1 }, expect: { level: 'expected' } } as never);
  const path = join(mkdtempSync(join(tmpdir(), 'mt-jobs-cases-')), 'failing.cases.json');
  writeFileSync(path, JSON.stringify(file));
  return path;
}

/** Runs a command with --jobs 1 and --jobs 3 and expects the same bytes, exit code and stderr; returns the one-job run. */
async function sameOnOneAndThree(args: readonly string[]): Promise<{ code: number | null; out: string; err: string }> {
  const one = await runBuilt([...args, '--jobs', '1']);
  const three = await runBuilt([...args, '--jobs', '3']);
  expect(three.out, args.join(' ')).toBe(one.out);
  expect(three.code, args.join(' ')).toBe(one.code);
  expect(three.err, args.join(' ')).toBe(one.err);
  return one;
}

describe('test, diff and mutate --jobs N: the same bytes and exit code as one job', () => {
  // Case files of assessments, screenings and rejected inputs: more tasks than jobs.
  const cases = ['causes.cases.json', 'screening.cases.json', 'invalid.cases.json'].map(golden);

  it('test: text with coverage, JSON and JUnit, on failing cases (exit 1)', async () => {
    const failing = failingCaseFile();
    const now = ['--now', '2026-03-10T12:00:00Z'];
    const text = await sameOnOneAndThree(['test', ...cases, failing, '--coverage', ...now]);
    expect(text.code).toBe(EXIT.failure);
    expect(text.out).toContain('133 passed, 2 failed');
    expect(text.out).toContain('rule red-flags.blisters'); // the explanation of the failure
    expect(text.out).toContain('Coverage:');
    const json = await sameOnOneAndThree(['test', failing, ...cases, '--json', ...now]);
    expect(json.code).toBe(EXIT.failure);
    expect((JSON.parse(json.out) as { suites: { file: string }[] }).suites.map((suite) => suite.file)).toEqual([failing, ...cases]);
    const junit = await sameOnOneAndThree(['test', ...cases, failing, '--junit', ...now]);
    expect(junit.code).toBe(EXIT.failure);
    expect(junit.out).toContain('<testsuites');
  }, 120_000);

  it('diff: a modified rule layer, text and JSON; unapproved down-triage fails (exit 1), approved passes (exit 0)', async () => {
    const args = ['diff', '--base', builtinRules, '--head', clinicRules, ...cases.flatMap((path) => ['--cases', path])];
    const text = await sameOnOneAndThree(args);
    expect(text.code).toBe(EXIT.failure);
    expect(text.out).toContain('DOWN-TRIAGE      breakout on day 4');
    const json = await sameOnOneAndThree([...args, '--json', '--approve', join(clinicRules, 'approvals.json')]);
    expect(json.code).toBe(EXIT.ok);
    expect(JSON.parse(json.out)).toMatchObject({ cases: 123, passed: true });
  }, 120_000);

  it('mutate: the built-in rules on a small case set, killed, surviving and invalid mutants, text and JSON; --min-score fails alike', async () => {
    const args = ['mutate', '--cases', golden('red-flags.cases.json'), '--only', 'red-flags.unanswered', '--only', 'red-flags.red-streaks'];
    const json = await sameOnOneAndThree([...args, '--json']);
    expect(json.code).toBe(EXIT.ok);
    const report = JSON.parse(json.out) as { killed: number; survived: number; invalid: number };
    expect([report.killed, report.survived, report.invalid].every((count) => count > 0)).toBe(true);
    const text = await sameOnOneAndThree([...args, '--min-score', '100']);
    expect(text.code).toBe(EXIT.failure);
    expect(text.out).toContain('Surviving mutants');
  }, 120_000);

  it('several jobs run in the worker file, one job in-process: with a worker that throws, only --jobs 2 fails, as an internal error', async () => {
    // A copy of the build whose worker fails every task.
    const root = mkdtempSync(join(tmpdir(), 'mt-jobs-build-'));
    cpSync(fileURLToPath(new URL('../dist', import.meta.url)), join(root, 'dist'), { recursive: true });
    cpSync(fileURLToPath(new URL('../package.json', import.meta.url)), join(root, 'package.json'));
    symlinkSync(fileURLToPath(new URL('../node_modules', import.meta.url)), join(root, 'node_modules'));
    const names = ['ndjson', 'cases', 'diff', 'mutants'];
    writeFileSync(
      join(root, 'dist', 'jobs-worker.js'),
      names.map((name) => `export function ${name}() { throw new Error('stub worker'); }\n`).join(''),
    );
    const broken = join(root, 'dist', 'cli.js');
    const sparse = golden('sparse.cases.json');
    const ndjson = join(mkdtempSync(join(tmpdir(), 'mt-jobs-')), 'one.ndjson');
    writeFileSync(ndjson, '{}\n');
    for (const args of [
      ['test', sparse],
      ['diff', '--base', builtinRules, '--head', clinicRules, '--cases', sparse],
      ['mutate', '--cases', sparse, '--only', 'red-flags.red-streaks'],
      ['assess', '--ndjson', ndjson],
    ]) {
      const one = await runBuilt([...args, '--jobs', '1'], broken);
      expect(one.err, args[0]).not.toContain('stub worker');
      expect(one.out, args[0]).not.toBe('');
      const two = await runBuilt([...args, '--jobs', '2'], broken);
      expect(two.err, args[0]).toContain('Internal error: stub worker');
      expect(two.code, args[0]).toBe(EXIT.failure);
    }
  }, 120_000);

  it.each(['test', 'diff', 'mutate'] as const)(
    '%s: --jobs must be a whole number from 1, with the same message as assess',
    async (command) => {
      const required = {
        test: ['test', golden('sparse.cases.json')],
        diff: ['diff', '--base', builtinRules, '--head', clinicRules, '--cases', golden('sparse.cases.json')],
        mutate: ['mutate', '--cases', golden('sparse.cases.json')],
      }[command];
      for (const jobs of ['0', '1.5', 'two', '-1', '1025', '']) {
        const run = await runCli([...required, '--jobs', jobs]);
        const reference = await runCli(['assess', '--ndjson', '--jobs', jobs, '-'], { lines: [] });
        expect(run.code, jobs).toBe(EXIT.usage);
        expect(run.err.split('\n')[0], jobs).toBe(reference.err.split('\n')[0]);
        expect(run.err).toContain(`help ${command}`);
      }
    },
  );
});

describe("the pool's ordering", () => {
  it('streamInOrder hands outputs over in task order, whatever order they finish in, with at most `window` in flight', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(5), { maxLength: 40 }), fc.integer({ min: 1, max: 6 }), async (delays, window) => {
        let inFlight = 0;
        let most = 0;
        const taken: number[] = [];
        const run = async (index: number): Promise<number> => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          for (let tick = 0; tick < (delays[index] ?? 0); tick += 1) await Promise.resolve();
          inFlight -= 1;
          return index;
        };
        await streamInOrder(delays.keys(), run, window, async (output) => {
          taken.push(output);
          await Promise.resolve();
        });
        expect(taken).toEqual([...delays.keys()]);
        expect(most).toBeLessThanOrEqual(window);
      }),
    );
  });

  it('streamInOrder rejects with the first failing task in order, and leaves no rejection unhandled', async () => {
    const run = (index: number): Promise<number> =>
      index >= 2 ? Promise.reject(new Error(`task ${String(index)}`)) : Promise.resolve(index);
    const taken: number[] = [];
    await expect(streamInOrder([0, 1, 2, 3, 4], run, 4, (output) => Promise.resolve(void taken.push(output)))).rejects.toThrow('task 2');
    expect(taken).toEqual([0, 1]);
  });

  it('chunked keeps every item once, in order, in chunks of at most the size', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 10 }), (items, size) => {
        const chunks = chunked(items, size);
        expect(chunks.flat()).toEqual(items);
        expect(chunks.every((chunk) => chunk.length >= 1 && chunk.length <= size)).toBe(true);
        expect(chunks.length).toBe(Math.ceil(items.length / size));
      }),
    );
  });
});
