import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessMany, createTriage, screenMany, isObservationError, type Assessment, type BatchItem } from '../src/index.js';
import { evaluateMany } from '../src/batch/evaluate-many.js';
import { EXIT } from '../src/cli/main.js';
import { runCli, type CliRun } from './support/run-cli.js';

const now = (): Date => new Date('2026-03-10T12:00:00Z');
const triage = createTriage({ now });

const fever = { hoursSinceTreatment: 30, signs: { fever: true } };
const calm = { hoursSinceTreatment: 30, signs: { redness: 'mild', fever: false, rednessBeyondTreatedArea: false } };
const broken = { hoursSinceTreatment: -4, signs: { fevr: true } };

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('assessMany', () => {
  it('returns one item per input, in input order, equal to assessing each alone', async () => {
    const inputs = [fever, calm, fever, calm, calm];
    const items = await collect(triage.assessMany(inputs));
    expect(items.map((item) => item.index)).toEqual([0, 1, 2, 3, 4]);
    const alone = await Promise.all(inputs.map((input) => triage.assess(input)));
    expect(items.map((item) => item.result)).toEqual(alone);
    expect(items.map((item) => item.result?.level)).toEqual(['urgent', 'monitor', 'urgent', 'monitor', 'monitor']);
  });

  it('reports an invalid input with its position and goes on', async () => {
    const items = await collect(triage.assessMany([fever, broken, calm]));
    expect(items.map((item) => item.index)).toEqual([0, 1, 2]);
    const [first, second, third] = items;
    expect(first?.result?.level).toBe('urgent');
    expect(second?.result).toBeUndefined();
    expect(isObservationError(second?.error)).toBe(true);
    expect(second?.error?.issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['hoursSinceTreatment', 'signs.fevr']));
    expect(third?.result?.level).toBe('monitor');
  });

  it('accepts async iterables and pulls one input at a time', async () => {
    let pulled = 0;
    async function* slowly(): AsyncGenerator {
      for (const input of [fever, calm, fever]) {
        pulled += 1;
        await Promise.resolve();
        yield input;
      }
    }
    const iterator = triage.assessMany(slowly());
    const first = await iterator.next();
    expect((first.value as BatchItem<Assessment>).result?.level).toBe('urgent');
    expect(pulled).toBe(1);
    const rest = await collect({ [Symbol.asyncIterator]: () => iterator });
    expect(rest.map((item) => item.result?.level)).toEqual(['monitor', 'urgent']);
    expect(pulled).toBe(3);
  });

  it('stops pulling inputs when the consumer stops', async () => {
    let pulled = 0;
    function* endless(): Generator {
      for (;;) {
        pulled += 1;
        yield fever;
      }
    }
    let seen = 0;
    for await (const item of triage.assessMany(endless())) {
      expect(item.result?.level).toBe('urgent');
      seen += 1;
      if (seen === 3) break;
    }
    expect(pulled).toBe(3);
  });

  it('does not turn a programming error into a batch item', async () => {
    const failing = evaluateMany([1, 2], () => Promise.reject(new TypeError('bug')));
    await expect(collect(failing)).rejects.toThrow(TypeError);
  });

  it('screens many candidates the same way', async () => {
    const items = await collect(triage.screenMany([{ conditions: { pregnant: true } }, { conditions: { pregnant: 'yes' } }]));
    expect(items[0]?.result?.decision).toBe('postpone');
    expect(items[1]?.error?.issues[0]?.path).toBe('conditions.pregnant');
  });

  it('is available at the top level with the built-in rules', async () => {
    const items = await collect(assessMany([fever]));
    expect(items[0]?.result?.level).toBe('urgent');
    const screenings = await collect(screenMany([{ conditions: { pregnant: true } }]));
    expect(screenings[0]?.result?.decision).toBe('postpone');
  });

  it('gives the same results on the reference evaluator', async () => {
    const reference = createTriage({ now, evaluator: 'json-rules-engine' });
    const inputs = [fever, calm, broken];
    const compiled = await collect(triage.assessMany(inputs));
    const onEngine = await collect(reference.assessMany(inputs));
    expect(onEngine.map((item) => item.result)).toEqual(compiled.map((item) => item.result));
    expect(onEngine.map((item) => item.error?.issues)).toEqual(compiled.map((item) => item.error?.issues));
  });
});

describe('microneedling-triage assess --ndjson', () => {
  const run = (argv: string[], stdin = '', lines?: string[]): Promise<CliRun> =>
    runCli(argv, { stdin, ...(lines === undefined ? {} : { lines }) });
  const parseLines = (out: string): Record<string, unknown>[] =>
    out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  const file = (text: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'mt-ndjson-'));
    writeFileSync(join(dir, 'in.ndjson'), text);
    return join(dir, 'in.ndjson');
  };

  it('writes one JSON result per input line, in order, with its line number', async () => {
    const path = file(`${JSON.stringify(fever)}\n${JSON.stringify(calm)}\n`);
    const { code, out, err } = await run(['assess', '--ndjson', '--now', '2026-03-10T12:00:00Z', path]);
    expect(code).toBe(EXIT.ok);
    expect(err).toBe('');
    const results = parseLines(out);
    expect(results.map((result) => result['line'])).toEqual([1, 2]);
    expect(results.map((result) => (result['result'] as Assessment).level)).toEqual(['urgent', 'monitor']);
    expect(results[0]?.['result']).toEqual(JSON.parse(JSON.stringify(await triage.assess(fever))));
  });

  it('reports invalid lines with their line numbers, skips blank lines and does not stop', async () => {
    const path = file(`${JSON.stringify(fever)}\n{ not json\n\n${JSON.stringify(broken)}\n${JSON.stringify(calm)}`);
    const { code, out, err } = await run(['assess', '--ndjson', path]);
    expect(code).toBe(EXIT.badInput);
    expect(err).toContain('2 invalid lines');
    const results = parseLines(out);
    expect(results.map((result) => result['line'])).toEqual([1, 2, 4, 5]);
    expect(results[1]?.['error']).toMatch(/^invalid JSON/);
    expect(results[2]?.['error']).toBe('ObservationError');
    expect((results[2]?.['issues'] as { path: string }[]).map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['hoursSinceTreatment', 'signs.fevr']),
    );
    expect((results[3]?.['result'] as Assessment).level).toBe('monitor');
  });

  it('reads stdin line by line with -', async () => {
    const { code, out } = await run(['screen', '--ndjson', '-'], '', [JSON.stringify({ conditions: { pregnant: true } }), '']);
    expect(code).toBe(EXIT.ok);
    expect(parseLines(out).map((result) => (result['result'] as { decision: string }).decision)).toEqual(['postpone']);
  });

  it('falls back to splitting stdin when no line stream is given', async () => {
    const { code, out } = await run(['assess', '--ndjson', '-'], `${JSON.stringify(fever)}\r\n${JSON.stringify(calm)}\r\n`);
    expect(code).toBe(EXIT.ok);
    expect(parseLines(out).map((result) => (result['result'] as Assessment).level)).toEqual(['urgent', 'monitor']);
  });

  it('--fields keeps only the fields asked for, in that order, with ruleIds the rules that fired', async () => {
    const path = file(`${JSON.stringify(fever)}\n{ not json\n${JSON.stringify(calm)}\n`);
    const full = parseLines((await run(['assess', '--ndjson', '--now', '2026-03-10T12:00:00Z', path])).out);
    const { code, out } = await run(['assess', '--ndjson', '--fields', 'level,ruleIds,missing', '--now', '2026-03-10T12:00:00Z', path]);
    expect(code).toBe(EXIT.badInput);
    const trimmed = parseLines(out);
    expect(trimmed[1]).toEqual(full[1]); // errors are reported in full
    for (const index of [0, 2]) {
      const result = full[index]?.['result'] as Assessment;
      const kept = trimmed[index]?.['result'] as Record<string, unknown>;
      expect(Object.keys(kept)).toEqual(['level', 'ruleIds', 'missing']);
      expect(kept['level']).toBe(result.level);
      expect(kept['missing']).toEqual(result.missing);
      expect(kept['ruleIds']).toEqual([...new Set(result.reasons.map((reason) => reason.ruleId))]);
      expect(kept['ruleIds']).not.toEqual([]);
    }
    const screened = await run(['screen', '--ndjson', '--fields', 'decision,waits', '-'], '', [
      JSON.stringify({ conditions: { pregnant: true } }),
    ]);
    expect(parseLines(screened.out)[0]?.['result']).toEqual({ decision: 'postpone', waits: expect.any(Array) as unknown });
  });

  it('--fields refuses a name that is not a field, and needs --ndjson', async () => {
    const unknown = await run(['assess', '--ndjson', '--fields', 'level,levl', '-'], '', []);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.err).toContain('not fields: levl');
    expect(unknown.err).toContain('ruleIds');
    const alone = await run(['assess', '--fields', 'level', '-'], '{}');
    expect(alone.code).toBe(EXIT.usage);
    expect(alone.err).toContain('--ndjson');
  });

  it('names a file it cannot read', async () => {
    const { code, err } = await run(['assess', '--ndjson', '/nonexistent/in.ndjson']);
    expect(code).toBe(EXIT.badInput);
    expect(err).toContain('/nonexistent/in.ndjson');
  });
});
