import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTriage, type InterviewScreen } from '../src/index.js';
import { allClear } from './support/all-clear.js';
import { fullCheckInArbitrary, plausibleCandidateArbitrary, plausibleCheckInArbitrary } from './support/arbitraries.js';
import { loadGoldenCorpus } from './support/golden-corpus.js';
import { contradictsGate, redundantAsks } from './support/redundant-asks.js';
import { simulateScreens } from './support/simulated-screens.js';
import { assessJson, screenJson, untyped } from './support/untyped.js';

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
const RUNS = Math.max(40, Math.round(Number(process.env['FC_RUNS'] ?? 2000) / 20));

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const itemsOf = (screen: InterviewScreen<string>) => (screen.kind === 'question' ? [screen.question] : screen.items);

describe('the interview in screens', () => {
  it('puts every question of `next` on exactly one screen, or holds it back until the question it waits on is answered; the complaint, then the time first', async () => {
    for (const partial of [{}, { hoursSinceTreatment: 30 }, { hoursSinceTreatment: 80, signs: { redness: 'moderate', malaise: false } }]) {
      const step = await triage.interview(untyped(partial));
      const shown = step.screens.flatMap((screen) => itemsOf(screen).map((item) => item.field));
      const held = step.next.filter((question) => !shown.includes(question.field));
      expect(new Set(shown).size).toBe(shown.length);
      expect(shown.every((field) => step.next.some((question) => question.field === field))).toBe(true);
      // Held back: a follow-up on another screen (a trend) or a gated question (clusters of blisters), after its question in `next`.
      for (const question of held) {
        const parents = step.next.filter((other) => other.followUps.includes(question.field));
        expect(parents.length, question.field).toBeGreaterThan(0);
        const first = Math.min(...parents.map((parent) => step.next.indexOf(parent)));
        expect(first, question.field).toBeLessThan(step.next.indexOf(question));
      }
      for (const screen of step.screens) expect(screen.fields).toEqual(itemsOf(screen).map((item) => item.field));
      // What brought the person first, then the time.
      expect(step.screens[0]?.fields).toEqual(['complaint']);
      if (!('hoursSinceTreatment' in partial)) expect(step.screens[1]?.fields).toEqual(['hoursSinceTreatment']);
    }
  });

  it('asks the warning signs as one checklist, with its caption, each item yes / no', async () => {
    const step = await triage.interview({ hoursSinceTreatment: 30, complaint: [] });
    const checklist = step.screens[0];
    expect(checklist).toMatchObject({ kind: 'checklist', id: 'warning-signs' });
    if (checklist?.kind !== 'checklist') throw new Error('no checklist');
    expect(checklist.caption.patient).toMatch(/any of these/);
    expect(checklist.fields).toEqual(expect.arrayContaining(['signs.fever', 'signs.chills', 'signs.redStreaks']));
    expect(checklist.items.every((item) => item.answer.type === 'boolean')).toBe(true);
  });

  it('asks a trend only after its sign, and not at all once the sign is none', async () => {
    const base = { hoursSinceTreatment: 60, previous: [{ hoursSinceTreatment: 20, redness: 'moderate' }] };
    const step = await triage.interview(untyped(base));
    const shown = step.screens.flatMap((screen) => screen.fields);
    expect(shown).toContain('signs.redness');
    expect(shown).not.toContain('signs.rednessTrend');
    const none = await triage.interview(untyped({ ...base, signs: { redness: 'none', pain: 'none', swelling: 'none' } }));
    expect(none.next.map((question) => question.field)).not.toEqual(expect.arrayContaining(['signs.rednessTrend']));
    expect(none.next.map((question) => question.field)).not.toContain('signs.swellingWidespread');
  });

  it('does not ask about clusters of blisters after "no blisters", nor widespread swelling after "no swelling" (gates from the rules)', async () => {
    const before = await triage.interview(untyped({ hoursSinceTreatment: 30 }));
    const fields = (step: typeof before) => step.next.map((question) => question.field);
    expect(fields(before)).toEqual(expect.arrayContaining(['signs.groupedVesicles', 'signs.swellingWidespread']));
    const after = await triage.interview(untyped({ hoursSinceTreatment: 30, signs: { blisters: false, swelling: 'none' } }));
    expect(fields(after)).not.toContain('signs.groupedVesicles');
    expect(fields(after)).not.toContain('signs.swellingWidespread');
    const result = after.result;
    expect(result.derived.map((fact) => fact.fact)).toEqual(expect.arrayContaining(['signs.groupedVesicles', 'signs.swellingWidespread']));
    expect(result.missing.map((entry) => entry.field)).not.toContain('signs.groupedVesicles');
  });

  it('reads an answer given beside a closed gate toward concern: as given', async () => {
    const contradictory = await assessJson(triage, { hoursSinceTreatment: 30, signs: { blisters: false, groupedVesicles: true } });
    expect(contradictory.level).toBe((await assessJson(triage, { hoursSinceTreatment: 30, signs: { groupedVesicles: true } })).level);
    expect(contradictory.reasons.map((reason) => reason.ruleId)).toContain('causes.hsv.grouped-vesicles');
  });

  it('takes a healthy person on day 2 through at most 8 screens, to `expected`', async () => {
    const answers = allClear({ hoursSinceTreatment: 30, signs: { redness: 'mild' } });
    const screened = await simulateScreens(triage, 'checkin', answers);
    expect(screened.grade).toBe('expected');
    expect(screened.screens).toBeLessThanOrEqual(8);
  });

  it('on the golden check-ins: a median of at most 10 screens, the level of the full answers on every case, no field shown twice, no redundant ask', async () => {
    const screens: number[] = [];
    const differ: string[] = [];
    const redundant: string[] = [];
    let contradictory = 0;
    for (const { file, cases } of loadGoldenCorpus()) {
      for (const entry of cases) {
        if (entry.expect.invalid !== undefined || entry.kind === 'screening') continue;
        const dated = createTriage({ now: () => new Date(entry.now ?? '2026-03-10T12:00:00Z') });
        let level: string;
        try {
          level = (await assessJson(dated, entry.input)).level;
        } catch {
          continue;
        }
        // A case whose answers contradict a gate is read toward concern by `assess`, but no person gives them.
        if (contradictsGate(entry.input, 'checkin')) {
          contradictory += 1;
          continue;
        }
        const screened = await simulateScreens(dated, 'checkin', entry.input);
        screens.push(screened.screens);
        if (screened.grade !== level) differ.push(`${file} ${entry.name}: ${level}, screen by screen ${screened.grade}`);
        expect(new Set(screened.fields).size, entry.name).toBe(screened.fields.length);
        redundant.push(...redundantAsks(screened, 'checkin').map((ask) => `${entry.name}: ${ask}`));
      }
    }
    expect(redundant).toEqual([]);
    expect(contradictory).toBeLessThan(3);
    expect(screens.length).toBeGreaterThan(300);
    expect(differ).toEqual([]);
    expect(median(screens)).toBeLessThanOrEqual(10);
  }, 600_000);

  it('asks the date when the hours are not known, first, and until it can no longer lower the result (outside attack)', async () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    const warning = { fever: false, chills: false, malaise: false, swollenLymphNodes: false, rapidlySpreading: false, redStreaks: false };
    const answers = {
      previous: [{ hoursSinceTreatment: 8, redness: 'none', pain: 'none' }],
      treatedAt: new Date(now - 24 * 3_600_000).toISOString(),
      signs: { ...warning, rednessBeyondTreatedArea: false, swellingWidespread: false, blisters: false, heavyBleeding: false },
    };
    const partial = { previous: answers.previous, signs: { ...answers.signs, redness: 'mild', pain: 'mild' } };
    const step = await triage.interview(untyped(partial), { unknown: ['hoursSinceTreatment', 'complaint'] });
    // Rising redness with the time unknown is read as late: contact-provider, until the date says 24 h.
    expect(step.result.level).toBe('contact-provider');
    expect(step.done).toBe(false);
    expect(step.screens[0]?.fields).toEqual(['treatedAt']);
    expect((await assessJson(triage, { ...partial, treatedAt: answers.treatedAt })).level).toBe('monitor');
  });

  it('asks the time first when earlier check-ins recorded by date and by hours can only be placed with it (outside attack)', async () => {
    const answers = {
      hoursSinceTreatment: 36,
      assessedAt: '2026-03-10T12:00:00.000Z',
      previous: [
        { assessedAt: '2026-03-09T12:00:00.000Z', redness: 'severe' },
        { hoursSinceTreatment: 30, pain: 'mild' },
      ],
    };
    const start = { assessedAt: answers.assessedAt, previous: answers.previous };
    const step = await triage.interview(untyped(start));
    expect(step.done).toBe(false);
    expect(step.screens.map((screen) => screen.fields)).toEqual([['complaint'], ['hoursSinceTreatment']]);
    const full = (await assessJson(triage, answers)).level;
    expect((await simulateScreens(triage, 'checkin', answers)).grade).toBe(full);
    // Without the time they stay unplaceable: refused, naming the entry.
    await expect(triage.interview(untyped(start), { unknown: ['hoursSinceTreatment', 'treatedAt'] })).rejects.toMatchObject({
      issues: [{ path: 'previous.0.assessedAt', code: 'missing_time' }],
    });
  });

  it(`ends where the full answers do when the time is known only as a date (${String(RUNS)} runs)`, async () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    await fc.assert(
      fc.asyncProperty(plausibleCheckInArbitrary, async (answers) => {
        const { hoursSinceTreatment, ...rest } = answers as { hoursSinceTreatment: number } & Record<string, unknown>;
        const dated = {
          ...rest,
          treatedAt: new Date(now - hoursSinceTreatment * 3_600_000).toISOString(),
          ...(hoursSinceTreatment >= 3
            ? { previous: [{ hoursSinceTreatment: hoursSinceTreatment / 3, redness: 'none', pain: 'none' }] }
            : {}),
        };
        let full: string;
        try {
          full = (await assessJson(triage, dated)).level;
        } catch {
          return;
        }
        const screened = await simulateScreens(triage, 'checkin', dated);
        expect(screened.grade, screened.fields.join(', ')).toBe(full);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it(`ends where the full answers do, screen by screen (${String(RUNS)} runs per family)`, async () => {
    for (const [kind, arbitrary] of [
      ['checkin', plausibleCheckInArbitrary],
      ['checkin', fullCheckInArbitrary],
      ['screening', plausibleCandidateArbitrary],
    ] as const) {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (answers) => {
          const full = kind === 'checkin' ? (await assessJson(triage, answers)).level : (await screenJson(triage, answers)).decision;
          const screened = await simulateScreens(triage, kind, answers);
          expect(screened.grade, screened.fields.join(', ')).toBe(full);
          expect(redundantAsks(screened, kind)).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    }
  }, 600_000);
});
