import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTriage, isObservationError, type Assessment, type Screening } from '../src/index.js';
import { allClear } from './support/all-clear.js';
import {
  fullCandidateArbitrary,
  fullCheckInArbitrary,
  plausibleCandidateArbitrary,
  plausibleCheckInArbitrary,
} from './support/arbitraries.js';
import { simulateInterview } from './support/simulated-patient.js';
import { untyped } from './support/untyped.js';

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
const RUNS = Math.max(50, Math.round(Number(process.env['FC_RUNS'] ?? 2000) / 10));

describe('a check-in interview', () => {
  it('starts with what brought the person, then the red flags, each with its answer type, choices and why it is asked', async () => {
    const step = await triage.interview({});
    expect(step.done).toBe(false);
    const [lead, first] = step.next;
    expect(lead).toMatchObject({ field: 'complaint', answer: { type: 'choice', multiple: true }, why: { rules: [], holdsFloor: false } });
    expect(first).toMatchObject({ field: 'signs.fever', answer: { type: 'boolean' }, why: { couldRaiseTo: 'urgent', holdsFloor: true } });
    expect(first?.why.rules).toContain('infection-vs-normal.systemic.fever-or-chills');
    const discharge = step.next.find((question) => question.field === 'signs.discharge');
    expect(discharge?.answer).toEqual({
      type: 'choice',
      options: ['none', 'clear', 'purulent', 'foul-smelling'],
      multiple: false,
      labels: {
        none: 'Nothing',
        clear: 'Clear fluid',
        purulent: 'Pus (thick, yellow or green)',
        'foul-smelling': 'Something that smells bad',
      },
    });
    expect(step.next.find((question) => question.field === 'signs.redness')?.followUps).toEqual(['signs.rednessTrend']);
    expect(step.next.find((question) => question.field === 'hoursSinceTreatment')?.answer).toMatchObject({ type: 'number', minimum: 0 });
  });

  it('stops at once at urgent, with the action to take now', async () => {
    const step = await triage.interview({ signs: { fever: true } });
    expect(step).toMatchObject({ done: true, next: [] });
    expect(step.result.level).toBe('urgent');
    expect(step.action?.summary.patient).toMatch(/urgent/i);
    expect(step.action?.steps.length).toBeGreaterThan(0);
  });

  it('stops when no unanswered question could change the level', async () => {
    const step = await triage.interview(allClear({ hoursSinceTreatment: 30, signs: { redness: 'mild' } }));
    expect(step.result.level).toBe('expected');
    expect(step.done).toBe(true);
    expect(step.result.missing).toEqual([]);
  });

  it('does not ask again what the person does not know, which still holds the floor', async () => {
    const partial = allClear({ hoursSinceTreatment: 30, signs: { redness: 'mild' } });
    delete (partial['signs'] as Record<string, unknown>)['fever'];
    const asked = await triage.interview(partial);
    expect(asked.next.map((question) => question.field)).toEqual(['signs.fever']);
    const unknown = await triage.interview(partial, { unknown: ['signs.fever'] });
    expect(unknown).toMatchObject({ done: true, next: [], unknown: ['signs.fever'] });
    expect(unknown.result.level).toBe('monitor');
    expect(unknown.result.missing.map((question) => question.field)).toEqual(['signs.fever']);
  });

  it('asks a question whose answer could lower the level: the time, when worsening redness is judged late for want of it', async () => {
    const partial = allClear({ signs: { redness: 'mild', rednessTrend: 'worsening' } });
    const step = await triage.interview(partial);
    expect(step.result.level).toBe('contact-provider');
    expect(step.next.find((question) => question.field === 'hoursSinceTreatment')?.why).toMatchObject({ couldLowerTo: 'expected' });
  });

  it('asks for the provider clearance that would let resumed actives stand', async () => {
    const partial = allClear({ hoursSinceTreatment: 80, signs: { redness: 'mild' }, exposures: { activesResumed: ['retinoid'] } });
    const step = await triage.interview(partial);
    expect(step.result.level).toBe('monitor');
    expect(step.next.map((question) => question.field)).toContain('exposures.activesClearedByProvider');
  });

  it('offers the needle length when the depth class is not known', async () => {
    const partial = allClear({ hoursSinceTreatment: 360, signs: { redness: 'mild' } });
    const step = await triage.interview(partial, { unknown: ['treatment.depth'] });
    expect(step.next.map((question) => question.field)).toContain('treatment.depthMm');
  });

  it('rejects an invalid check-in or an unknown field with ObservationError', async () => {
    await expect(triage.interview(untyped({ signs: { fevr: true } }))).rejects.toSatisfy(isObservationError);
    await expect(triage.interview({}, { unknown: ['signs.fevr'] })).rejects.toSatisfy(isObservationError);
  });
});

describe('a screening interview', () => {
  it('stops at once at contraindicated, and asks the blocking questions first', async () => {
    expect((await triage.screeningInterview({ conditions: { keloidHistory: true }, plannedTreatment: { depth: 'deep' } })).done).toBe(true);
    const step = await triage.screeningInterview({});
    expect(step.next[0]?.why.holdsFloor).toBe(true);
    expect(step.next.find((question) => question.field === 'medications.retinoidDaysAgo')?.answer).toMatchObject({
      type: 'number',
      never: true,
    });
  });
});

describe(`an interview ends where the full answers do (${String(RUNS)} runs each)`, () => {
  it.each([
    ['full check-ins', fullCheckInArbitrary],
    ['plausible check-ins', plausibleCheckInArbitrary],
  ] as const)(
    '%s',
    async (_name, arbitrary) => {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (answers) => {
          const full: Assessment = await triage.assess(answers);
          const interview = await simulateInterview(triage, 'checkin', answers);
          expect(interview.grade, interview.fields.join(', ')).toBe(full.level);
        }),
        { numRuns: RUNS },
      );
      // Each run is a whole interview (about 25 steps): 200 of them take 15-20 s alone and more on a busy machine.
    },
    180_000,
  );

  it.each([
    ['full candidates', fullCandidateArbitrary],
    ['plausible candidates', plausibleCandidateArbitrary],
  ] as const)(
    '%s',
    async (_name, arbitrary) => {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (answers) => {
          const full: Screening = await triage.screen(answers);
          const interview = await simulateInterview(triage, 'screening', answers);
          expect(interview.grade, interview.fields.join(', ')).toBe(full.decision);
        }),
        { numRuns: RUNS },
      );
    },
    180_000,
  );
});
