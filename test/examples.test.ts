import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTriage, parseCheckIn, type CheckIn } from '../src/index.js';

const now = (): Date => new Date('2026-03-10T12:00:00Z');
const triage = createTriage({ now });
// JSON files, of unknown shape until parsed (with the triage's clock, as assess checks them).
const load = (name: string): CheckIn =>
  parseCheckIn(JSON.parse(readFileSync(new URL(`../examples/checkins/${name}`, import.meta.url), 'utf8')), { now });

describe('the demo check-ins give what the README promises', () => {
  it('day 2, normal: expected, every comparison feature normal', async () => {
    const assessment = await triage.assess(load('day-2-normal.json'));
    expect(assessment.level).toBe('expected');
    expect(assessment.phase?.id).toBe('early');
    expect(assessment.comparison.every((row) => row.finding === 'normal')).toBe(true);
    expect(assessment.missing.filter((question) => question.redFlag)).toEqual([]);
  });

  it('day 5, worsening with pus and fever: urgent, infection, trend derived from earlier check-ins', async () => {
    const assessment = await triage.assess(load('day-5-infection.json'));
    expect(assessment.level).toBe('urgent');
    expect(assessment.causes[0]?.id).toBe('infection');
    expect(assessment.derived.map((fact) => fact.fact)).toContain('signs.rednessTrend');
    expect(assessment.reasons.every((reason) => reason.sources.length > 0)).toBe(true);
  });

  it('day 10, itchy rash after a new serum: contact-provider, contact dermatitis', async () => {
    const assessment = await triage.assess(load('day-10-contact-dermatitis.json'));
    expect(assessment.level).toBe('contact-provider');
    expect(assessment.causes.map((cause) => cause.id)).toEqual(['contact-dermatitis']);
  });
});
