import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { EXIT } from '../src/cli/main.js';
import { sparseCandidateArbitrary, sparseCheckInArbitrary } from './support/arbitraries.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Runs the built CLI (worker threads need the built worker file). */
function runBuilt(args: readonly string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
});
