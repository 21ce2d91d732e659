import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveCaseFile, type ResolvedCase } from '../../src/testing/run-cases.js';

const goldenDir = fileURLToPath(new URL('../golden', import.meta.url));

/** Every golden case file under test/golden, with its resolved cases. */
export function loadGoldenCorpus(): { file: string; cases: ResolvedCase[] }[] {
  return readdirSync(goldenDir)
    .filter((name) => name.endsWith('.cases.json'))
    .sort()
    .map((file) => ({ file, cases: resolveCaseFile(JSON.parse(readFileSync(join(goldenDir, file), 'utf8'))) }));
}
