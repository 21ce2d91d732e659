// Builds the page: bundles src/app.js with the package's browser build (dist/, resolved through
// the package's own name, as an app that installed it would) and copies the static files.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const STATIC_FILES = ['index.html', 'style.css'];

/** A built page: its folder and each file in it with its size. */
export interface WebBuild {
  readonly dir: string;
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
}

/** Builds the page into `outdir` (created when missing): `app.js` and its lazy chunks, `index.html`, `style.css`. */
export async function buildWebExample(outdir: string): Promise<WebBuild> {
  if (!existsSync(join(here, '..', '..', 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: { app: join(here, 'src', 'app.js') },
    bundle: true,
    format: 'esm',
    // json-rules-engine (the reference evaluator) stays in a chunk of its own, loaded only if asked for.
    splitting: true,
    minify: true,
    target: 'es2022',
    platform: 'browser',
    outdir,
    metafile: true,
    logLevel: 'silent',
  });
  await Promise.all(STATIC_FILES.map((name) => copyFile(join(here, name), join(outdir, name))));
  const built = Object.keys(result.metafile.outputs).map((path) => relative(outdir, path));
  const files = await Promise.all(
    [...STATIC_FILES, ...built].map(async (name) => ({ name, bytes: (await stat(join(outdir, name))).size })),
  );
  return { dir: outdir, files };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { dir, files } = await buildWebExample(process.argv[2] ?? join(here, '..', '..', '.tmp', 'web'));
  for (const file of files) console.log(`${file.name.padEnd(24)} ${String(file.bytes).padStart(8)} bytes`);
  console.log(`built the page in ${dir}`);
}
