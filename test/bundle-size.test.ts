import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The size budget of the browser entry: core, its dependencies and the built-in rules, minified, brotli. */
const BUDGET_BYTES = 60_000;
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('the browser bundle', () => {
  it(`stays within ${String(BUDGET_BYTES / 1000)} kB (minified, brotli), with json-rules-engine loaded only on demand`, async () => {
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
      outdir: mkdtempSync(join(tmpdir(), 'mt-bundle-')),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = Object.entries(result.metafile.outputs);
    const [entryName, entryMeta] = outputs.find(([, meta]) => meta.entryPoint !== undefined) ?? [];
    const entryFile = result.outputFiles.find((file) => basename(file.path) === basename(entryName ?? '\0'));
    if (entryFile === undefined || entryMeta === undefined) throw new Error('no entry chunk');
    const brotli = brotliCompressSync(entryFile.contents).length;
    const inputs = Object.keys(entryMeta.inputs);
    expect(inputs.some((input) => input.includes('json-rules-engine'))).toBe(false);
    expect(inputs.some((input) => input.includes('rules/timeline.json') || input.includes('dist/'))).toBe(true);
    expect(brotli).toBeLessThanOrEqual(BUDGET_BYTES);
    console.info(
      `browser entry: ${String(entryFile.contents.length)} bytes minified, ${String(brotli)} bytes brotli (budget ${String(BUDGET_BYTES)})`,
    );
  });
});
