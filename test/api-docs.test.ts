import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const committed = fileURLToPath(new URL('../docs/api', import.meta.url));
const fresh = fileURLToPath(new URL('../.tmp/api', import.meta.url));

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('the API reference in docs/api', () => {
  it('matches what typedoc generates now (run `npm run docs` to refresh)', () => {
    expect(existsSync(fresh), '.tmp/api is missing: `npm test` runs `npm run docs:check` first').toBe(true);
    const now = files(fresh);
    const saved = files(committed);
    expect([...saved.keys()].sort()).toEqual([...now.keys()].sort());
    const stale = [...now].filter(([path, text]) => saved.get(path) !== text).map(([path]) => path);
    expect(stale).toEqual([]);
  });

  it('documents the entry points', () => {
    const readme = readFileSync(join(committed, 'README.md'), 'utf8');
    expect(readme).toContain('index');
    expect(readme).toContain('testing');
    expect(readme).toContain('fhir');
  });
});
