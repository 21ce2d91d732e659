import { describe, expect, it } from 'vitest';
import { createTriage } from '../src/index.js';
import { allClear } from './support/all-clear.js';
import { simulateInterview } from './support/simulated-patient.js';
import { simulateScreens } from './support/simulated-screens.js';
import { assessJson, untyped } from './support/untyped.js';

/*
 * A result two rules hold up, each settled by a different answer (found by a property run): a new
 * product of unknown kind and a retinoid restarted without the clinic's word. No answer alone
 * lowers it, so the interview stopped at `monitor` (or `contact-provider` with sensitive skin)
 * where the full answers give `expected`.
 */

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });

function answers(hours: number, sensitiveSkin: boolean): unknown {
  const base = allClear({ hoursSinceTreatment: hours }) as { signs: object; patient: { history: object } };
  return {
    ...base,
    signs: { ...base.signs, burning: true },
    patient: { ...base.patient, history: { ...base.patient.history, sensitiveSkin } },
    exposures: { newProductApplied: true, newProductKind: 'bland', activesResumed: ['retinoid'], activesClearedByProvider: true },
  };
}

describe('answers that lower a result only together', () => {
  it('are asked, both, and the interview ends where the full answers do', async () => {
    for (const hours of [5, 30, 80])
      for (const sensitiveSkin of [false, true]) {
        const full = answers(hours, sensitiveSkin);
        const level = (await assessJson(triage, full)).level;
        const asked = await simulateInterview(triage, 'checkin', full);
        expect(asked.grade, `${String(hours)} h`).toBe(level);
        if (level === 'expected')
          expect(asked.fields).toEqual(expect.arrayContaining(['exposures.newProductKind', 'exposures.activesClearedByProvider']));
        expect((await simulateScreens(triage, 'checkin', full)).grade).toBe(level);
      }
  }, 180_000);

  it('a step lists each of them, with the grade they could lower the result to together', async () => {
    const { exposures: _known, ...rest } = answers(30, false) as Record<string, unknown>;
    const step = await triage.interview(untyped({ ...rest, exposures: { newProductApplied: true, activesResumed: ['retinoid'] } }));
    expect(step.result.level).toBe('monitor');
    expect(step.done).toBe(false);
    for (const field of ['exposures.newProductKind', 'exposures.activesClearedByProvider'])
      expect(step.next.find((question) => question.field === field)?.why).toMatchObject({ couldLowerTo: 'expected' });
  });
});
