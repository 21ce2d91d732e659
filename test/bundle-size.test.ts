import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The ceiling of what a page loads at start (core, its dependencies and the built-in rules,
 * minified, brotli). The target is 60 kB; docs/performance.md gives the measured figure and what
 * stands between it and the target. This ceiling catches growth.
 */
const BUDGET_BYTES = 76_000;
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const outdir = mkdtempSync(join(tmpdir(), 'mt-bundle-'));

/** The chunks a page loads at start: the entry and every chunk it imports statically, transitively. */
function initialChunks(outputs: Metafile['outputs'], entry: string): Set<string> {
  const initial = new Set<string>();
  const pending = [entry];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (initial.has(next)) continue;
    initial.add(next);
    for (const imported of outputs[next]?.imports ?? [])
      if (imported.kind === 'import-statement' && imported.path in outputs) pending.push(imported.path);
  }
  return initial;
}

describe('the browser bundle', () => {
  it(`loads at most ${String(BUDGET_BYTES / 1000)} kB at start (minified, brotli); json-rules-engine, the interview and batches load on demand (the screener is at start: screenSync needs it)`, async () => {
    const result = await build({
      stdin: {
        // Everything the package's main entry exports, as an app bundling it would get.
        contents: `export * from ${JSON.stringify(entry)};`,
        resolveDir: process.cwd(),
        loader: 'js',
      },
      bundle: true,
      minify: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = result.metafile.outputs;
    const entryName = Object.keys(outputs).find((name) => outputs[name]?.entryPoint !== undefined);
    if (entryName === undefined) throw new Error('no entry chunk');
    const initial = initialChunks(outputs, entryName);
    const byName = new Map(result.outputFiles.map((file) => [relative(process.cwd(), file.path), file.contents]));
    const initialBytes = Buffer.concat([...initial].map((name) => byName.get(name) ?? new Uint8Array()));
    const brotli = brotliCompressSync(initialBytes).length;
    const initialInputs = [...initial].flatMap((name) => Object.keys(outputs[name]?.inputs ?? {}));
    const onDemand = Object.keys(outputs).filter((name) => !initial.has(name));
    // What loads on demand, and what does not.
    expect(initialInputs.some((input) => input.includes('json-rules-engine'))).toBe(false);
    expect(initialInputs.some((input) => input.includes('rules/timeline.json') || input.includes('dist/'))).toBe(true);
    expect(onDemand.length).toBeGreaterThanOrEqual(3);
    expect(initialBytes.length).toBeGreaterThan(100_000);
    expect(brotli).toBeLessThanOrEqual(BUDGET_BYTES);
    console.info(
      `browser start: ${String(initialBytes.length)} bytes minified, ${String(brotli)} bytes brotli (budget ${String(BUDGET_BYTES)}); on demand: ${onDemand
        .map((name) => `${basename(name)} ${String(outputs[name]?.bytes)} B`)
        .join(', ')}`,
    );
  });
});
