import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { JSON_SCHEMA_NAMES, jsonSchema } from '../src/schemas/index.js';
import { format } from 'prettier';
import { DOC_EXAMPLES_PAGE, withCurrentExamples } from './support/doc-examples.js';

const GUIDES = ['docs/rule-authoring.md', 'docs/testing-rule-changes.md'];

/** The CLI commands in a guide's sh blocks, with the exit code annotated (`# exit N`, default 0). */
function commandsIn(path: string): { line: string; args: string[]; exit: number }[] {
  const text = readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return blocks
    .flatMap((block) => block.split('\n'))
    .filter((line) => line.startsWith('microneedling-triage '))
    .map((line) => {
      const [command = '', comment = ''] = line.split('#');
      const exit = /exit (\d+)/.exec(comment)?.[1];
      return { line, args: command.trim().split(/\s+/).slice(1), exit: exit === undefined ? 0 : Number(exit) };
    });
}

describe.each(GUIDES)('the commands in %s', (guide) => {
  const commands = commandsIn(guide);

  it('exist', () => {
    expect(commands.length).toBeGreaterThan(2);
  });

  it.each(commands.map((command) => [command.line, command] as const))(
    '%s',
    async (_line, command) => {
      const { code, out, err } = await runCli(command.args);
      expect({ code, err: code === command.exit ? '' : err }).toEqual({ code: command.exit, err: '' });
      expect(out.length).toBeGreaterThan(0);
    },
    120_000,
  );
});

/** An sh block of one command followed at once by a text block: the text is what the command prints. */
function printedIn(path: string): { args: string[]; text: string }[] {
  const text = readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
  return [...text.matchAll(/```sh\n(microneedling-triage [^\n]*)\n```\n\n```text\n([\s\S]*?)```/g)].map((match) => ({
    args: (match[1] ?? '').split('#')[0]?.trim().split(/\s+/).slice(1) ?? [],
    text: match[2] ?? '',
  }));
}

describe('what the guides show a command printing', () => {
  it('docs/rule-authoring.md shows the lint diff of the example layer', () => {
    expect(printedIn('docs/rule-authoring.md').map((block) => block.args.join(' '))).toContain(
      'lint examples/clinic-rules --cases test/golden',
    );
  });

  it.each(GUIDES.flatMap((guide) => printedIn(guide).map((block) => [`${guide}: ${block.args.join(' ')}`, block] as const)))(
    '%s prints what the guide shows',
    async (_name, block) => {
      expect((await runCli(block.args)).out).toBe(block.text);
    },
    120_000,
  );
});

describe('the JSON Schemas in docs/schemas', () => {
  it.each([...JSON_SCHEMA_NAMES])('%s.schema.json is up to date (run `npm run schemas` if not)', (name) => {
    const committed: unknown = JSON.parse(readFileSync(new URL(`../docs/schemas/${name}.schema.json`, import.meta.url), 'utf8'));
    expect(committed).toEqual(jsonSchema(name));
  });
});

/** The page as prettier writes it (the examples are committed formatted). */
const formatPage = (text: string): Promise<string> =>
  format(text, { parser: 'markdown', printWidth: 140, singleQuote: true, trailingComma: 'all' });

describe('the example results in docs/results-reference.md', () => {
  it('are what the code gives now (run `npm run docs:examples` if not)', async () => {
    const page = readFileSync(new URL(`../${DOC_EXAMPLES_PAGE}`, import.meta.url), 'utf8');
    expect(await formatPage(page)).toBe(await formatPage(await withCurrentExamples(page)));
  });
});

describe('links in the README and docs', () => {
  const pages = [
    'README.md',
    'CHANGELOG.md',
    ...readdirSync(new URL('../docs', import.meta.url))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
    'examples/intake-server/README.md',
  ];
  it.each(pages)('%s: every relative link points at a file', (page) => {
    const text = readFileSync(new URL(`../${page}`, import.meta.url), 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1] ?? '')
      .filter((target) => !/^(https?:|mailto:|#)/.test(target));
    const broken = targets.filter((target) => !existsSync(new URL(target.split('#')[0] ?? '', new URL(`../${page}`, import.meta.url))));
    expect(broken).toEqual([]);
  });
});

describe('the code in docs/interview.md', () => {
  it('is the loop of examples/interview-screens.ts, which test/examples-run.test.ts runs', () => {
    const page = readFileSync(new URL('../docs/interview.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('../examples/interview-screens.ts', import.meta.url), 'utf8');
    const loop = /\/\/ --- the loop \(docs\/interview\.md\) ---\n([\s\S]*?)\/\/ --- end of the loop ---/.exec(example)?.[1];
    const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(loop).toContain(block.replace(/^import [^\n]*\n\n?/, ''));
  });
});
