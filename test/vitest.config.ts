import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  resolve: {
    // Examples import the package by name; in this repository that name means the source.
    alias: [
      { find: /^microneedling-triage\/testing$/, replacement: fileURLToPath(new URL('../src/testing/index.ts', import.meta.url)) },
      { find: /^microneedling-triage\/schemas$/, replacement: fileURLToPath(new URL('../src/schemas/index.ts', import.meta.url)) },
      { find: /^microneedling-triage\/fhir$/, replacement: fileURLToPath(new URL('../src/fhir/index.ts', import.meta.url)) },
      { find: /^microneedling-triage$/, replacement: fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores: on a 2-core CI machine, one. The heavy
    // files (differential, toolkit, safety) are independent, so use every core.
    maxWorkers: availableParallelism(),
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/cli/bin.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90, functions: 90, branches: 85, statements: 90 },
    },
  },
});
