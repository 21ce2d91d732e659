import { readFileSync } from 'node:fs';
import { createTriage, parseScreening } from '../../src/index.js';

/*
 * The example results shown in docs/results-reference.md, produced by the code: the test suite
 * fails when a block is stale, and `npm run docs:examples` rewrites them.
 */

const DOC = 'docs/results-reference.md';
const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });

/** An example: its name (the marker in the page) and the text of its code block. */
export interface DocExample {
  readonly name: string;
  readonly render: () => Promise<string>;
}

export const DOC_EXAMPLES: readonly DocExample[] = [
  {
    name: 'trace',
    render: async () => {
      const result = await triage.assess({ hoursSinceTreatment: 30, signs: { redness: 'mild' } }, { trace: true });
      return fence(
        'json',
        jsonc(
          result.trace?.find((entry) => entry.ruleId === 'red-flags.red-streaks'),
          { items: 3 },
        ),
      );
    },
  },
  {
    name: 'assessment',
    render: async () => {
      const result = await triage.assess({
        hoursSinceTreatment: 96,
        treatment: { depthMm: 1.0, site: 'face' },
        patient: { fitzpatrick: 5 },
        signs: { redness: 'moderate', pain: 'mild', painTrend: 'improving', discharge: 'none', fever: false, chills: false },
        previous: [{ hoursSinceTreatment: 48, redness: 'moderate' }],
      });
      return fence('jsonc', jsonc(result, { items: 2, text: 110 }));
    },
  },
  {
    name: 'screening-missing',
    render: async () => {
      const result = await triage.screen({});
      return fence('json', jsonc(result.missing[0], { items: 4 }));
    },
  },
  {
    name: 'screening',
    render: async () => {
      const candidate: unknown = JSON.parse(
        readFileSync(new URL('../../examples/candidates/retinoid-yesterday.json', import.meta.url), 'utf8'),
      );
      return fence('jsonc', jsonc(await triage.screen(parseScreening(candidate)), { items: 2, text: 110 }));
    },
  },
];

/** The page with every example block replaced by what the code gives now. */
export async function withCurrentExamples(page = readFileSync(new URL(`../../${DOC}`, import.meta.url), 'utf8')): Promise<string> {
  let text = page;
  for (const example of DOC_EXAMPLES) {
    const start = `<!-- example:${example.name} -->`;
    const end = `<!-- /example:${example.name} -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${DOC} has no ${start} ... ${end} block`);
    text = `${text.slice(0, from + start.length)}\n\n${await example.render()}\n\n${text.slice(to)}`;
  }
  return text;
}

export const DOC_EXAMPLES_PAGE = DOC;

function fence(language: string, body: string): string {
  return `\`\`\`${language}\n${body}\n\`\`\``;
}

/**
 * JSON for reading: arrays longer than `items` keep their first items and say how many were
 * left out (`// … 3 more`), strings longer than `text` are cut (`…`).
 */
function jsonc(value: unknown, limits: { readonly items: number; readonly text?: number }, indent = ''): string {
  const inner = `${indent}  `;
  if (typeof value === 'string') {
    const cut = limits.text !== undefined && value.length > limits.text ? `${value.slice(0, limits.text - 1)}…` : value;
    return JSON.stringify(cut);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const shown = value.slice(0, limits.items).map((item) => `${inner}${jsonc(item, limits, inner)}`);
    const left = value.length - limits.items;
    const lines =
      left > 0
        ? [...shown.map((line) => `${line},`), `${inner}// … ${String(left)} more`]
        : shown.map((line, i) => (i < shown.length - 1 ? `${line},` : line));
    return `[\n${lines.join('\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    const lines = entries.map(
      ([key, item], i) => `${inner}${JSON.stringify(key)}: ${jsonc(item, limits, inner)}${i < entries.length - 1 ? ',' : ''}`,
    );
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
