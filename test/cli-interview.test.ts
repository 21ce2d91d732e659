// `microneedling-triage interview`: one screen at a time (a checklist's caption, then each item), scripted from stdin as clinic staff
// (or a script) would answer it, in-process.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTriage, type Assessment, type Screening } from '../src/index.js';
import { formatAssessment } from '../src/cli/format-assessment.js';
import { allClear } from './support/all-clear.js';
import { runCli } from './support/run-cli.js';
import { simulateInterview } from './support/simulated-patient.js';
import { simulateScreens } from './support/simulated-screens.js';

const NOW = '2026-03-10T12:00:00Z';
const triage = createTriage({ now: () => new Date(NOW) });
const interview = (lines: readonly string[], ...flags: string[]): ReturnType<typeof runCli> =>
  runCli(['interview', '--now', NOW, ...flags], { lines });

function valueAt(input: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      input,
    );
}

/** What staff type for a value: yes/no, the option's name, the number, never, a list; `?` when the patient does not know. */
function typed(value: unknown): string {
  if (value === undefined) return '?';
  if (value === true) return 'yes';
  if (value === false) return 'no';
  if (value === null) return 'never';
  if (Array.isArray(value)) return value.length === 0 ? '0' : value.join(',');
  return String(value as string | number);
}

/** The lines that answer an interview from `answers`, in the order it asks (screen by screen, as the in-process interview gives them). */
async function script(
  kind: 'checkin' | 'screening',
  answers: Record<string, unknown>,
): Promise<{ lines: string[]; fields: readonly string[]; screens: number }> {
  const { fields, screens } = await simulateScreens(triage, kind, answers);
  return { lines: fields.map((field) => typed(valueAt(answers, field))), fields, screens };
}

interface JsonOutcome {
  done: boolean;
  answers: Record<string, unknown>;
  unknown: string[];
  open?: string[];
  result: Assessment & Screening;
  action?: { summary: { patient: string } };
}

describe('interview (check-in)', () => {
  it('asks one screen at a time, reads an answer per line and prints the result of the in-process interview', async () => {
    const answers = allClear({ hoursSinceTreatment: 30, signs: { redness: 'mild' } });
    const { lines, fields, screens } = await script('checkin', answers);
    const run = await interview(lines);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    expect(run.out.match(/^Question \d+/gm)).toHaveLength(fields.length);
    expect(run.out.match(/^Screen \d+/gm)).toHaveLength(screens);
    expect(screens).toBeLessThan(fields.length);
    expect(run.out).toContain(`Interview done after ${String(screens)} screens (${String(fields.length)} questions).`);
    const step = await triage.interview(
      fields.reduce<Record<string, unknown>>((partial, field) => {
        const keys = field.split('.');
        let node = partial;
        for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
        node[keys.at(-1) ?? field] = valueAt(answers, field);
        return partial;
      }, {}),
    );
    expect(step.done).toBe(true);
    expect(run.out.endsWith(`${formatAssessment(step.result, 'interview')}\n`)).toBe(true);
    expect(step.result.level).toBe('expected');
  });

  it('--json prints the final result alone on stdout, the conversation on stderr', async () => {
    const answers = allClear({ hoursSinceTreatment: 30, signs: { redness: 'mild' } });
    const { lines, fields } = await script('checkin', answers);
    const run = await interview(lines, '--json');
    expect(run.code).toBe(0);
    const outcome = JSON.parse(run.out) as JsonOutcome;
    expect(outcome).toMatchObject({ done: true, unknown: [] });
    const step = await triage.interview(outcome.answers);
    expect(outcome.result).toEqual(JSON.parse(JSON.stringify(step.result)));
    expect(outcome.action).toEqual(step.action);
    expect(Object.keys(outcome.answers).length).toBeGreaterThan(0);
    expect(run.err.match(/^Question \d+/gm)).toHaveLength(fields.length);
  });

  it('shows the patient and clinician wording, the numbered answers and why it is asked', async () => {
    const run = await interview(['0', '30']);
    const [, , checklist] = (await triage.interview({})).screens;
    if (checklist?.kind !== 'checklist') throw new Error('the third screen is not a checklist');
    const first = checklist.items[0];
    expect(run.out).toContain(
      [
        `Screen 3: a checklist of ${String(checklist.items.length)} yes/no questions (warning-signs)`,
        `  Say:       ${checklist.caption.patient}`,
        `  Clinician: ${checklist.caption.clinician}`,
        '',
        `Question 3 (safety question): ${first?.field ?? ''}`,
        `  Ask:       ${first?.question.patient ?? ''}`,
        `  Clinician: ${first?.question.clinician ?? ''}`,
        `  Why:       could raise the level to ${first?.why.couldRaiseTo ?? ''}; while unanswered the result stays above expected;`,
        `             rule: ${first?.why.rules.join(', ') ?? ''}`,
        `  Answers:   1 yes, 2 no, ? don't know`,
      ].join('\n'),
    );
  });

  it('asks the whole screen, then stops at urgent, with what to do now', async () => {
    const [checklist] = (await triage.interview({ complaint: [], hoursSinceTreatment: 24 })).screens;
    const items = checklist?.fields.length ?? 0;
    const run = await interview(['0', '24', 'yes', ...Array.from({ length: items - 1 }, () => 'no'), 'these lines are never read']);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Interview done after 3 screens (${String(items + 2)} questions).`);
    expect(run.out).toContain('LEVEL: URGENT');
    expect(run.out).toContain((await triage.interview({ signs: { fever: true } })).action?.steps[0]);
  });

  it('repeats a question on a line that is not an answer, with a one-line hint', async () => {
    const run = await interview(['0', '30', 'maybe', '3', 'no', 'no']);
    expect(run.out.match(/^Question 3 /gm)).toHaveLength(1);
    expect(run.out.match(/ {2}! Type 1 \(yes\) or 2 \(no\), or \? for don't know\.\n/g)).toHaveLength(2);
    expect(run.out).toMatch(/Answer: no\n\nQuestion 4 /);
    expect(run.out).toMatch(/Answer: no\n\nQuestion 5 /);
  });

  it('reads numbers as plain decimals only: not hexadecimal, binary or exponent forms', async () => {
    const run = await interview(['0', '0x30', '1e2', '0b110000', '0o60', '-1', '4 8', '.5'], '--json');
    expect(run.err.match(/ {2}! Type a number from 0 to 87600 \(hours\), or \? for don't know\.\n/g)).toHaveLength(6);
    expect((JSON.parse(run.out) as JsonOutcome).answers).toEqual({ complaint: [], hoursSinceTreatment: 0.5 });
    const plain = await interview(['0', '48', '2.5', 'no'], '--json');
    expect((JSON.parse(plain.out) as JsonOutcome).answers).toEqual({ complaint: [], hoursSinceTreatment: 48, signs: { fever: false } });
  });

  it('takes "?", "don\'t know" or an empty line as I don\'t know: not asked again, and still open for the floor', async () => {
    const run = await interview(['0', '30', '?', "don't know", '', 'no'], '--json');
    const outcome = JSON.parse(run.out) as JsonOutcome;
    expect(outcome.unknown).toEqual(['signs.fever', 'signs.chills', 'signs.rapidlySpreading']);
    expect(outcome.answers).toEqual({ complaint: [], hoursSinceTreatment: 30, signs: { redStreaks: false } });
    expect(outcome.result.missing.map((question) => question.field)).toContain('signs.fever');
    expect(outcome.open).not.toContain('signs.fever');
    expect(run.err.match(/Answer: don't know/g)).toHaveLength(3);
  });

  it('ends with the result so far and exit code 1 when the input ends first, with the answers of the screen so far', async () => {
    const run = await interview(['0', '30', 'no', 'no']);
    expect(run.code).toBe(1);
    expect(run.out).toContain('Input ended before the interview was done, after 3 screens (5 questions): the result so far, with');
    expect(run.out).toContain('LEVEL: MONITOR');
    const json = await interview(['0', '30', 'no', 'no'], '--json');
    expect(json.code).toBe(1);
    const outcome = JSON.parse(json.out) as JsonOutcome;
    expect(outcome).toMatchObject({ done: false, answers: { hoursSinceTreatment: 30, signs: { fever: false, chills: false } } });
    expect(outcome.open?.length).toBeGreaterThan(0);
  });

  it('reads choices by number or name, numbers in range, and several choices or none', async () => {
    const [checklist] = (await triage.interview({ complaint: [], hoursSinceTreatment: 30 })).screens;
    const noes = Array.from({ length: checklist?.fields.length ?? 0 }, () => 'no');
    const lines = ['0', 'abc', '-1', '30', ...noes, '2', 'purulent'];
    const run = await interview(lines, '--json');
    const outcome = JSON.parse(run.out) as JsonOutcome;
    expect(outcome.answers).toMatchObject({ hoursSinceTreatment: 30, signs: { pain: 'mild', discharge: 'purulent' } });
    expect(run.err).toContain("  ! Type a number from 0 to 87600 (hours), or ? for don't know.");
    const answers = allClear({
      hoursSinceTreatment: 80,
      exposures: { activesResumed: ['retinoid', 'vitamin-c'] },
      signs: { redness: 'mild' },
    });
    const several = await script('checkin', answers);
    expect(several.fields).toContain('exposures.activesResumed');
    const byNumber = several.lines.map((line, index) => (several.fields[index] === 'exposures.activesResumed' ? '1, 3' : line));
    const multiple = await interview(byNumber, '--json');
    expect((JSON.parse(multiple.out) as JsonOutcome).answers).toMatchObject({ exposures: { activesResumed: ['retinoid', 'vitamin-c'] } });
    expect(multiple.err).toContain(
      "1 A retinoid (retinol, tretinoin); 2 An acid peel (such as glycolic acid); 3 Vitamin C; 4 Benzoyl peroxide (a spot cream); 0 none of these (several: 1,3), ? don't know",
    );
  });

  it('reads the whole of stdin when it is not offered line by line', async () => {
    const run = await runCli(['interview', '--now', NOW, '--json'], { stdin: '0\n30\nyes\n\n\n\n\n\n\n\n\n' });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.out) as JsonOutcome).result.level).toBe('urgent');
  });

  it('takes no file (usage error)', async () => {
    expect((await runCli(['interview', 'answers.txt'])).code).toBe(64);
  });
});

describe('interview --screening', () => {
  it('asks the screening, reads "never" for a question that allows it, and ends at the decision of the full answers', async () => {
    const answers = {
      medications: { isotretinoinMonthsAgo: null, retinoidDaysAgo: 10 },
      conditions: { pregnant: false, keloidHistory: false },
    };
    const { lines, fields } = await script('screening', answers);
    expect(fields).toContain('medications.isotretinoinMonthsAgo');
    const run = await interview(lines, '--screening', '--json');
    const outcome = JSON.parse(run.out) as JsonOutcome;
    expect(outcome.done).toBe(true);
    expect(outcome.answers).toMatchObject(answers);
    expect(outcome.result.decision).toBe((await simulateInterview(triage, 'screening', answers)).grade);
    expect(run.err).toContain(", or never, ? don't know");
    const text = await interview(lines, '--screening');
    expect(text.out).toContain('DECISION: ');
    expect(text.out).toContain('could raise the decision to ');
  });
});

describe('docs/getting-started.md', () => {
  it('shows a question block as the command prints it', async () => {
    const page = readFileSync(new URL('../docs/getting-started.md', import.meta.url), 'utf8');
    const block = /```text\n(Screen 1[\s\S]*?)```/.exec(page)?.[1];
    expect(block).toBeDefined();
    const run = await runCli(['interview', '--now', NOW], { lines: ['0', '30', 'no', '?'] });
    expect(run.out).toContain(block);
  });
});
