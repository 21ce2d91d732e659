import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digest, pinnedInputs, resultText } from './support/result-corpus.js';

/*
 * Every result of the golden corpus and of seeded generated inputs, byte for byte as recorded
 * before the evaluator was made faster (`npm run results:digest` records them). A change meant
 * to alter results records them again, and says which changed and why.
 */
const recorded = JSON.parse(readFileSync(new URL('./fixtures/result-digests.json', import.meta.url), 'utf8')) as Record<string, string>;
const inputs = pinnedInputs();

describe('results pinned by digest', () => {
  it('pins the same inputs as recorded', () => {
    expect(inputs.map((pinned) => pinned.name)).toEqual(Object.keys(recorded));
    expect(new Set(Object.values(recorded)).size).toBeGreaterThan(inputs.length / 2);
  });

  it('gives every pinned result byte for byte as recorded', async () => {
    const changed: string[] = [];
    for (const pinned of inputs) {
      const text = await resultText(pinned);
      if (digest(text) !== recorded[pinned.name]) changed.push(`${pinned.name}: ${text.slice(0, 400)}`);
    }
    expect(changed.slice(0, 5)).toEqual([]);
    expect(changed.length).toBe(0);
  });
});
