import { describe, expect, it } from 'vitest';
import { main as aftercare } from '../examples/aftercare.js';
import { main as basicAssessment } from '../examples/basic-assessment.js';
import { main as customRuleSet } from '../examples/custom-rule-set.js';
import { main as fhirRoundTrip } from '../examples/fhir-round-trip.js';
import { main as interviewScreens } from '../examples/interview-screens.js';
import { main as screening } from '../examples/screening.js';

describe('the examples run and show what they say', () => {
  it('basic assessment', async () => {
    expect(await basicAssessment()).toMatchObject({
      level: 'contact-provider',
      phase: '3-7 days',
      rejected: ["signs.rednesTrend: 'signs.rednesTrend' is not a known field (did you mean 'rednessTrend'?)"],
    });
  });

  it('screening', async () => {
    expect(await screening()).toMatchObject({ decision: 'postpone', postponeUntil: '2026-03-16T09:00:00.000Z' });
  });

  it('aftercare', async () => {
    const result = (await aftercare()) as { timeframe: string; allowedNow: string[] };
    expect(result.timeframe).toBe('24-72 hours');
    expect(result.allowedNow).toEqual(['hyaluronic-acid', 'makeup-mineral']);
  });

  it('custom rule set', async () => {
    expect(await customRuleSet()).toMatchObject({
      level: 'monitor',
      fired: expect.arrayContaining(['timeline.gridding.past-36h']) as unknown,
      ruleSet: { id: 'microneedling-triage+example-clinic' },
    });
  });

  it('the interview screen by screen (the loop of docs/interview.md)', async () => {
    expect(await interviewScreens()).toEqual({
      level: 'urgent',
      shown: ['complaint', 'hoursSinceTreatment', 'checklist warning-signs'],
      action: 'Seek urgent medical care now.',
    });
  });

  it('FHIR round trip', async () => {
    expect(await fhirRoundTrip()).toMatchObject({
      kind: 'checkin',
      level: 'contact-provider',
      card: { indicator: 'warning' },
      risk: { basis: [{ reference: 'QuestionnaireResponse/qr-42' }], outcome: 'contact-dermatitis' },
    });
  });
});
