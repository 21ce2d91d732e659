import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../src', import.meta.url));
const distIndex = fileURLToPath(new URL('../dist/index.js', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const NODE_IMPORT = /from\s+['"](node:[^'"]+|fs|path|os|child_process|crypto|http|https|url|util|stream|module)['"]|require\(['"]node:/;

describe('the core runs in browsers', () => {
  it('no source file outside src/cli imports a Node built-in', () => {
    const offenders = filesUnder(srcDir)
      .filter((path) => !path.includes(join('src', 'cli')))
      .filter((path) => NODE_IMPORT.test(readFileSync(path, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the built core bundle imports no Node built-in', () => {
    expect(NODE_IMPORT.test(readFileSync(distIndex, 'utf8'))).toBe(false);
  });
});
