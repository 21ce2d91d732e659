import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The browser-safe core: ESM and CommonJS with type declarations.
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts', fhir: 'src/fhir/index.ts', schemas: 'src/schemas/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
  },
  {
    // The command-line tool (Node only).
    entry: { cli: 'src/cli/bin.ts', 'jobs-worker': 'src/cli/jobs-worker.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    sourcemap: true,
  },
]);
