import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTriage } from '../src/index.js';
import { renderTraceability, runCases, spliceTraceability } from '../src/testing/index.js';
import { loadGoldenCorpus } from './support/golden-corpus.js';

describe('docs/safety.md', () => {
  it('has a traceability table matching the rules and golden cases (run `npm run safety` if not)', async () => {
    const triage = createTriage();
    const suites = [];
    for (const { file, cases } of loadGoldenCorpus()) suites.push({ file, results: await runCases(triage, cases) });
    const table = renderTraceability(suites, triage.rules);
    const document = readFileSync(new URL('../docs/safety.md', import.meta.url), 'utf8');
    expect(spliceTraceability(document, table)).toBe(document);
  });

  it('lists every built-in rule with at least one golden case that sees it fire', () => {
    const document = readFileSync(new URL('../docs/safety.md', import.meta.url), 'utf8');
    for (const rule of createTriage().rules)
      expect(document).toMatch(new RegExp(`\\| \`${rule.id.replaceAll('.', '\\.')}\` \\| [^|]+ \\| [^|]+ \\| [1-9]`));
  });

  it('rejects a document without the markers', () => {
    expect(() => spliceTraceability('no markers here', '| table |')).toThrow(/traceability:start/);
  });
});
