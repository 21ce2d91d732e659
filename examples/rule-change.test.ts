// A vitest file that tests a rule change: each golden case becomes a test, and a change that
// lowers any case's level fails. Copy it into your project and point it at your rules.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createTriage, type RuleSetSource } from 'microneedling-triage';
import { caseTests, diffDecisions, resolveCaseFile } from 'microneedling-triage/testing';

const read = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const clinicRules: RuleSetSource = {
  id: 'example-clinic',
  version: '1.1.0',
  files: { 'clinic-assessment.json': read('./clinic-rules/clinic-assessment.json') },
};
const triage = createTriage({ ruleSets: [clinicRules] });
const cases = resolveCaseFile(parse(readFileSync(new URL('./clinic-rules/cases/clinic.cases.yaml', import.meta.url), 'utf8')));

describe('the clinic rules pass their golden cases', () => {
  caseTests(triage, cases, it);
});

describe('the clinic change against the built-in rules', () => {
  it('lowers no level except the approved breakout cases', async () => {
    const golden = resolveCaseFile(read('../test/golden/causes.cases.json'));
    const diff = await diffDecisions(createTriage(), triage, golden, ['breakout on day 4']);
    expect(diff.unapproved).toEqual([]);
    expect(diff.rules.modified).toEqual(['timeline.gridding.past-36h']);
    expect(diff.rules.added).toEqual(['clinic.rf-burning-after-48h']);
    expect(diff.rules.removed).toEqual(['causes.acne.breakout']);
  });
});
