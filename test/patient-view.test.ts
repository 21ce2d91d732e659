import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRuleSet, createTriage, type Assessment, type Decision, type Level, type Screening } from '../src/index.js';
import {
  conditionModel,
  medicationModel,
  fullCandidateArbitrary,
  fullCheckInArbitrary,
  plausibleCandidateArbitrary,
  plausibleCheckInArbitrary,
  sparseCandidateArbitrary,
  sparseCheckInArbitrary,
} from './support/arbitraries.js';
import { loadGoldenCorpus } from './support/golden-corpus.js';
import { valueAt } from './support/declared-roles.js';
import { untyped } from './support/untyped.js';

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
const RUNS = Math.max(100, Math.round(Number(process.env['FC_RUNS'] ?? 2000) / 4));

/**
 * The words of each level's time frame. A patient view says only its own level's: a lower
 * level's words never, a higher level's only inside a condition ("seek urgent care if it will not
 * stop"), which is an escalation, not a contradiction.
 */
const TIME_FRAMES: Readonly<Record<Level, readonly RegExp[]>> = {
  expected: [/fits normal healing/i, /part of normal healing/i, /\b(?:is|are) normal\b(?! healing)/i],
  monitor: [/check again/i, /within (?:a day|24 hours)/i],
  'contact-provider': [/\btoday\b/i],
  urgent: [/urgent (?:medical )?care/i, /emergency/i, /\b(?:contact|see|call|go|seek)\b[^.;]*\bnow\b/i],
};
const ORDER: readonly Level[] = ['expected', 'monitor', 'contact-provider', 'urgent'];

/** Symptoms a patient text may name only if a question asks about them (no question asks these). */
const NEVER_ASKED = [/breath/i, /swallow/i, /vision|eyesight/i, /numb(?:ness)? (?:face|lips)/i, /dizz/i];

const DISCHARGE_PRESENT = new Set(['clear', 'purulent', 'foul-smelling']);

/** Clauses: sentences split at `;` too, so that a condition is judged by the clause it is in. */
function clauses(text: string): string[] {
  return text.split(/(?<=[.;!?])\s+/).filter((clause) => clause.trim() !== '');
}

/** Every way a patient view can contradict its level or the answers, by name. */
export function contradictions(input: unknown, result: Assessment): string[] {
  const view = result.patient;
  const level = ORDER.indexOf(result.level);
  const stated = [view.headline, ...view.actions, ...view.explanation];
  const all = [...stated, ...view.watchFor];
  const found: string[] = [];
  for (const text of all) if (/please answer|answer them|answer any/i.test(text)) found.push(`asks to answer: "${text}"`);
  for (const text of stated) {
    for (const clause of clauses(text)) {
      ORDER.forEach((other, rank) => {
        if (rank === level) return;
        const conditional = /\bif\b/i.test(clause) && rank > level;
        if (!conditional && TIME_FRAMES[other].some((pattern) => pattern.test(clause)))
          found.push(`${result.level} with ${other}'s time frame: "${clause}"`);
      });
      if (level >= 2 && /\bnormal\b/i.test(clause)) found.push(`"normal" above monitor: "${clause}"`);
    }
  }
  const productApplied = valueAt(input, 'exposures.newProductApplied') === true;
  const activesEarly = result.derived.some((fact) => fact.fact === 'exposures.activesResumedEarly');
  for (const text of view.actions) {
    if (!productApplied && /\bthe new product\b/i.test(text)) found.push(`product advice without a product: "${text}"`);
    if (/\bthe active product\b/i.test(text) && !activesEarly)
      found.push(`active-product advice without an active resumed early: "${text}"`);
    if (!DISCHARGE_PRESENT.has(String(valueAt(input, 'signs.discharge'))) && /drainage|dressing/i.test(text))
      found.push(`drainage advice without discharge: "${text}"`);
  }
  const cleared = valueAt(input, 'exposures.activesClearedByProvider') === true;
  for (const text of stated) {
    for (const clause of clauses(text)) {
      if (cleared && /\bstop\b[^.;]*\bactives?\b/i.test(clause) && !/\bnot cleared\b|has not cleared/i.test(clause))
        found.push(`told to stop the actives the provider cleared: "${clause}"`);
      if (
        !productApplied &&
        !activesEarly &&
        /\b(?:the|a) (?:new )?product\b/i.test(clause) &&
        !/\bactive product\b|new or active product/i.test(clause)
      )
        found.push(`a product named when none was used: "${clause}"`);
    }
  }
  const device = valueAt(input, 'treatment.device');
  for (const text of all) {
    if (device !== 'rf' && /radiofrequency|\bRF\b/.test(text)) found.push(`radiofrequency line for device ${String(device)}: "${text}"`);
    for (const pattern of NEVER_ASKED) if (pattern.test(text)) found.push(`about something never asked: "${text}"`);
  }
  if (new Set(view.actions).size !== view.actions.length) found.push('an action twice');
  return found;
}

async function viewOf(input: unknown): Promise<{ result: Assessment; found: string[] }> {
  const result = await triage.assess(untyped(input));
  return { result, found: contradictions(input, result) };
}

describe('the patient view', () => {
  it('says one thing at urgent when fever is all that is known: no request to answer', async () => {
    const { result, found } = await viewOf({ signs: { fever: true } });
    expect(result.level).toBe('urgent');
    expect(result.patient.headline).toBe('Seek urgent medical care now.');
    expect(found).toEqual([]);
    expect(JSON.stringify(result.patient)).not.toMatch(/answer/i);
  });

  it('at urgent, carries no lower level’s time frame and no "normal" line', async () => {
    const input = { hoursSinceTreatment: 400, signs: { redStreaks: true, discharge: 'purulent', itch: 'intense', fever: false } };
    const { result, found } = await viewOf(input);
    expect(result.level).toBe('urgent');
    expect(found).toEqual([]);
    const text = JSON.stringify(result.patient);
    expect(text).not.toMatch(/today|within a day|normal healing/i);
    // The clinician still reads every reason.
    expect(result.reasons.map((reason) => reason.ruleId)).toContain('causes.contact-dermatitis.intense-itch');
  });

  it('gives no product advice when no new product was used, in the patient view and the advice', async () => {
    const input = {
      hoursSinceTreatment: 800,
      signs: { rednessBeyondTreatedArea: true, pain: 'severe', itch: 'mild' },
      exposures: { newProductApplied: false },
    };
    const { result, found } = await viewOf(input);
    expect(found).toEqual([]);
    expect(result.advice.nowIds).not.toContain('stop-new-product');
    const atContactLevel = await viewOf({ ...input, signs: { ...input.signs, pain: 'mild' } });
    expect(atContactLevel.result.level).toBe('contact-provider');
    expect(atContactLevel.result.advice.nowIds).not.toContain('stop-new-product');
    expect(atContactLevel.found).toEqual([]);
    const withProduct = await triage.assess(
      untyped({ ...input, signs: { ...input.signs, pain: 'mild' }, exposures: { newProductApplied: true, newProductKind: 'fragranced' } }),
    );
    expect(withProduct.advice.nowIds).toContain('stop-all-products');
  });

  it('says "today" once for heavy bleeding: no "now", no normal-healing phase line', async () => {
    const { result, found } = await viewOf({ hoursSinceTreatment: 10, signs: { heavyBleeding: true } });
    expect(result.level).toBe('contact-provider');
    expect(found).toEqual([]);
    expect(result.patient.explanation.join(' ')).toMatch(/today/);
    expect(JSON.stringify(result.patient)).not.toMatch(/normal healing/i);
  });

  it('names no device the person did not use, and nothing no question asks', async () => {
    const gridding = await viewOf({ hoursSinceTreatment: 20, treatment: { device: 'pen' }, signs: { gridding: true } });
    expect(gridding.found).toEqual([]);
    expect(JSON.stringify(gridding.result.patient)).not.toMatch(/radiofrequency/i);
    const swelling = await viewOf({ hoursSinceTreatment: 20, signs: { swellingWidespread: true } });
    expect(swelling.result.level).toBe('contact-provider');
    expect(swelling.found).toEqual([]);
  });

  it('does not tell a person whose provider cleared their actives to stop them, nor name a product nobody used (outside attack)', async () => {
    const calm = {
      fever: false,
      chills: false,
      rapidlySpreading: false,
      redStreaks: false,
      malaise: false,
      swollenLymphNodes: false,
      rednessBeyondTreatedArea: false,
      swellingWidespread: false,
      blisters: false,
      heavyBleeding: false,
    };
    const cleared = await viewOf({
      hoursSinceTreatment: 120,
      signs: { ...calm, redness: 'moderate', rednessTrend: 'improving' },
      exposures: { activesResumed: ['retinoid'], activesClearedByProvider: true, newProductApplied: false },
    });
    expect(cleared.found).toEqual([]);
    expect(cleared.result.patient.explanation.join(' ')).not.toMatch(/stop any active/i);
    const itch = await viewOf({ hoursSinceTreatment: 30, signs: { ...calm, itch: 'intense' } });
    expect(itch.found).toEqual([]);
    const spreading = await viewOf({ hoursSinceTreatment: 30, signs: { ...calm, itch: 'mild', rednessBeyondTreatedArea: true } });
    expect(spreading.result.level).toBe('contact-provider');
    expect(spreading.found).toEqual([]);
    const prp = await triage.assess(
      untyped({ hoursSinceTreatment: 30, signs: { ...calm, itch: 'intense' }, treatment: { adjuncts: ['prp'] } }),
    );
    expect(prp.patient.explanation.join(' ')).not.toMatch(/numbing cream or serum may/);
  });

  it('keeps the actions of lower rules out of the patient view and in the advice', async () => {
    const input = { hoursSinceTreatment: 400, signs: { redStreaks: true, itch: 'intense' } };
    const result = await triage.assess(untyped(input));
    expect(result.advice.nowIds).toContain('stop-irritants');
    expect(result.patient.actions).not.toContain(result.advice.now[result.advice.nowIds.indexOf('stop-irritants')]);
    expect(result.patient.actions[0]).toMatch(/urgent care or an emergency department now/);
  });

  it('has no forbidden combination on any golden check-in', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { file, cases } of loadGoldenCorpus()) {
      for (const entry of cases) {
        if ((entry.kind ?? 'assessment') !== 'assessment' || entry.expect.invalid !== undefined) continue;
        const dated = createTriage({ now: () => new Date(entry.now ?? '2026-03-10T12:00:00Z') });
        let result: Assessment;
        try {
          result = await dated.assess(untyped(entry.input));
        } catch {
          continue;
        }
        checked += 1;
        for (const problem of contradictions(entry.input, result)) failures.push(`${file} ${entry.name}: ${problem}`);
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  });

  it(`has no forbidden combination on generated check-ins (${String(RUNS)} runs per family)`, async () => {
    for (const family of [fullCheckInArbitrary, sparseCheckInArbitrary, plausibleCheckInArbitrary]) {
      await fc.assert(
        fc.asyncProperty(family, async (input) => {
          const { found } = await viewOf(input);
          expect(found).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('is what the interview shows when it is done', async () => {
    const step = await triage.interview({ signs: { fever: true } });
    expect(step.done).toBe(true);
    expect(step.action?.steps).toEqual(step.result.patient.actions);
    expect(step.action?.summary.patient).toBe(step.result.patient.headline);
  });
});

/*
 * Screenings. A screening's patient view says its own decision only: no other decision's headline
 * words, no "you can have the treatment" once treatment is put off or ruled out (a go-ahead tied
 * to a time, "can go ahead a week after the last use", is the wait, not a go-ahead), a date only
 * when the screening gives one, the actions of its own decision, and the explanation of the rules
 * that decided it (never of a rule below the decision, never the floor's request for answers).
 */

const DECISION_ORDER: readonly Decision[] = ['proceed', 'proceed-with-caution', 'postpone', 'contraindicated'];

/** The words of each decision's headline: a patient view may carry only its own decision's. */
const HEADLINE_WORDS: Readonly<Record<Decision, readonly RegExp[]>> = {
  proceed: [/\byou can go ahead\b/i, /\bstands? in the way\b/i],
  'proceed-with-caution': [/\bwith extra care\b/i],
  postpone: [/\bplease wait\b/i, /\bnot yet\b/i],
  contraindicated: [/\bnot safe for you\b/i, /\bnot (?:be )?advised\b/i],
};

/** Words that say treatment can happen; at `postpone` or `contraindicated` only tied to a time. */
const GO_AHEAD = [/\byou can (?:go ahead|have (?:the|this|your) treatment)\b/i, /\bcan go ahead\b/i, /\bstands? in the way\b/i];
const TIED_TO_A_TIME = /\b(?:after|until|once|from)\b/i;
/** A date as a screening writes one (ISO 8601, or a day, a month and a year). */
const DATE =
  /\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/;

interface DecisionWording {
  readonly actions: readonly string[];
  readonly watchFor?: readonly string[];
}
const screeningAdvice = builtinRuleSet.files['screening-advice.json'] as
  | { decisions?: Readonly<Record<Decision, DecisionWording>> }
  | undefined;

/** Every way a screening's patient view can contradict its decision, by name. */
export function screeningContradictions(result: Screening): string[] {
  const view = (result as Partial<Pick<Screening, 'patient'>>).patient;
  if (view === undefined) return ['no patient view'];
  const rank = DECISION_ORDER.indexOf(result.decision);
  const stated = [view.headline, ...view.actions, ...view.explanation];
  const all = [...stated, ...view.watchFor];
  const found: string[] = [];
  if (view.headline.trim() === '') found.push('an empty headline');
  if (view.actions.length === 0) found.push('no action');
  for (const text of all)
    if (/please answer|answer them|answer any|answer the questions/i.test(text)) found.push(`asks to answer: "${text}"`);
  for (const text of stated) {
    for (const clause of clauses(text)) {
      DECISION_ORDER.forEach((other) => {
        if (other !== result.decision && HEADLINE_WORDS[other].some((pattern) => pattern.test(clause)))
          found.push(`${result.decision} with ${other}'s headline words: "${clause}"`);
      });
      if (rank >= 2 && !TIED_TO_A_TIME.test(clause) && GO_AHEAD.some((pattern) => pattern.test(clause)))
        found.push(`${result.decision} says treatment can go ahead: "${clause}"`);
    }
  }
  for (const text of all) if (result.postponeUntil === null && DATE.test(text)) found.push(`a wait date with no postponeUntil: "${text}"`);
  if (result.postponeUntil !== null && !DATE.test(view.headline))
    found.push(`postponed until ${result.postponeUntil}, no date in the headline`);
  const own = screeningAdvice?.decisions?.[result.decision];
  if (own === undefined) found.push('no wording for the decision in the rules');
  else {
    const others = DECISION_ORDER.filter((other) => other !== result.decision).flatMap(
      (other) => screeningAdvice?.decisions?.[other].actions ?? [],
    );
    for (const action of view.actions)
      if (!own.actions.includes(action) && others.includes(action)) found.push(`another decision's action: "${action}"`);
    if (view.actions.join('\n') !== own.actions.join('\n')) found.push('actions are not the decision’s');
  }
  const deciding = new Set(result.reasons.filter((reason) => reason.decision === result.decision).map((reason) => reason.message.patient));
  for (const line of view.explanation)
    if (!deciding.has(line)) found.push(`explanation line from a rule below ${result.decision}: "${line}"`);
  const floorLine = result.reasons.find((reason) => reason.ruleId === 'screening.unanswered-blocking')?.message.patient;
  if (floorLine !== undefined && view.explanation.includes(floorLine)) found.push('the floor’s open questions in the explanation');
  if (new Set(view.explanation).size !== view.explanation.length) found.push('an explanation line twice');
  return found;
}

const screener = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });

describe('the patient view of a screening', () => {
  it('says "you can go ahead" for a clean candidate, with its actions from the rules', async () => {
    const result = await screener.screen({
      plannedTreatment: { depth: 'superficial', setting: 'clinic' },
      patient: { fitzpatrick: 2 },
      conditions: Object.fromEntries(Object.keys(conditionModel).map((key) => [key, false])),
      medications: {
        ...Object.fromEntries(Object.keys(medicationModel).map((key) => [key, null])),
        onIsotretinoin: false,
        anticoagulants: false,
        antibiotics: false,
      },
      lastSessionWeeksAgo: null,
      medicalClearance: false,
    });
    expect(result.decision).toBe('proceed');
    expect(result.patient.headline).toMatch(/you can go ahead/i);
    expect(result.patient.actions).toEqual(screeningAdvice?.decisions?.proceed.actions);
    expect(screeningContradictions(result)).toEqual([]);
  });

  it('gives the date of a postponement made only of waits, and no go-ahead', async () => {
    const result = await screener.screen({ medications: { retinoidDaysAgo: 1 }, screenedAt: '2026-03-10T12:00:00Z' });
    expect(result.decision).toBe('postpone');
    expect(result.postponeUntil).not.toBeNull();
    expect(result.patient.headline).toMatch(/please wait/i);
    expect(result.patient.headline).toMatch(DATE);
    expect(screeningContradictions(result)).toEqual([]);
  });

  it('gives no date when a postponing reason is no wait', async () => {
    const result = await screener.screen({ conditions: { pregnant: true } });
    expect(result.decision).toBe('postpone');
    expect(result.postponeUntil).toBeNull();
    expect(result.patient.headline).not.toMatch(DATE);
    expect(result.patient.explanation).toEqual([result.reasons[0]?.message.patient]);
    expect(screeningContradictions(result)).toEqual([]);
  });

  it('at contraindicated, explains by the deciding rule only and asks nothing', async () => {
    const result = await screener.screen({ conditions: { keloidHistory: true }, plannedTreatment: { depth: 'deep' } });
    expect(result.decision).toBe('contraindicated');
    expect(result.patient.explanation).toEqual(
      result.reasons.filter((reason) => reason.decision === 'contraindicated').map((reason) => reason.message.patient),
    );
    expect(JSON.stringify(result.patient)).not.toMatch(/answer/i);
    expect(screeningContradictions(result)).toEqual([]);
  });

  it('held at caution by open questions only, says so without asking to answer', async () => {
    const result = await screener.screen({});
    expect(result.decision).toBe('proceed-with-caution');
    expect(result.patient.explanation).toEqual([]);
    expect(screeningContradictions(result)).toEqual([]);
  });

  it('has no forbidden combination on any golden screening', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { file, cases } of loadGoldenCorpus()) {
      for (const entry of cases) {
        if (entry.kind !== 'screening' || entry.expect.invalid !== undefined) continue;
        const dated = createTriage({ now: () => new Date(entry.now ?? '2026-03-10T12:00:00Z') });
        let result: Screening;
        try {
          result = await dated.screen(untyped(entry.input));
        } catch {
          continue;
        }
        checked += 1;
        for (const problem of screeningContradictions(result)) failures.push(`${file} ${entry.name}: ${problem}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  });

  it(`has no forbidden combination on generated screenings (${String(RUNS)} runs per family)`, async () => {
    for (const family of [fullCandidateArbitrary, sparseCandidateArbitrary, plausibleCandidateArbitrary]) {
      await fc.assert(
        fc.asyncProperty(family, async (input) => {
          expect(screeningContradictions(await screener.screen(untyped(input)))).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('is what the screening interview shows when it is done', async () => {
    const step = await screener.screeningInterview({ conditions: { keloidHistory: true }, plannedTreatment: { depth: 'deep' } });
    expect(step.done).toBe(true);
    expect(step.action?.steps).toEqual(step.result.patient.actions);
    expect(step.action?.summary.patient).toBe(step.result.patient.headline);
  });
});
