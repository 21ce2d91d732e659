import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { factLabel } from '../src/catalog/condition-text.js';
import { renderRuleCatalog } from '../src/catalog/rule-catalog.js';
import { builtinRuleSet } from '../src/rules/builtin-rules.js';
import { RuleSetError } from '../src/rules/diagnostics.js';
import type { RuleSetSource } from '../src/rules/validate-rule-set.js';

const catalog = renderRuleCatalog(builtinRuleSet);

/** Rule ids of every assessment and screening file of the built-in rule set. */
function builtinRuleIds(): string[] {
  return Object.values(builtinRuleSet.files).flatMap((file) => {
    const { kind, rules } = file as { kind: string; rules?: { id: string }[] };
    return kind === 'assessment' || kind === 'screening' ? (rules ?? []).map((rule) => rule.id) : [];
  });
}

/** A one-rule rule set, written by hand for a test. */
function ruleSetWith(conditions: unknown): RuleSetSource {
  const rule = {
    id: 'custom.nested',
    description: 'A rule written for a test.',
    sources: [{ document: 'test.txt', section: 'Section', note: 'a note' }],
    redFlag: true,
    conditions,
    event: { type: 'assessment', params: { level: 'urgent', causes: ['infection'], message: { clinician: 'test', patient: 'test' } } },
  };
  return {
    id: 'custom',
    version: '2.0.0',
    files: {
      'custom.json': { id: 'custom', version: '1.0.0', kind: 'assessment', title: 'Custom rules', rules: [rule] },
      'sources.json': {
        id: 'custom-sources',
        version: '1.0.0',
        kind: 'sources',
        title: 'Sources',
        sources: [{ document: 'test.txt', title: 'A test document', kind: 'other', covers: 'Written for a test.' }],
      },
    },
  };
}

describe('rule catalog', () => {
  it('docs/rules.md matches the built-in rules', () => {
    const onDisk = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8');
    expect(onDisk, 'docs/rules.md is stale: run `npm run catalog`').toBe(catalog);
  });

  it('lists every built-in assessment and screening rule', () => {
    const ids = builtinRuleIds();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !catalog.includes(`### ${id}\n`))).toEqual([]);
  });

  it('writes nested conditions and unanswered values in plain words', () => {
    const text = renderRuleCatalog(
      ruleSetWith({
        all: [
          { fact: 'treatment.site', operator: 'in', value: ['face', 'neck', null] },
          {
            any: [
              { fact: 'signs.redness', operator: 'equal', value: 'severe' },
              {
                all: [
                  { fact: 'signs.rednessTrend', operator: 'equal', value: 'worsening' },
                  { fact: 'hoursSinceTreatment', operator: 'greaterThanInclusive', value: 48 },
                ],
              },
            ],
          },
          { fact: 'signs.fever', operator: 'equal', value: false },
          { not: { fact: 'openRedFlagQuestions', operator: 'greaterThan', value: 0 } },
        ],
      }),
    );
    expect(text).toContain(
      '- **When:** treatment: site is one of "face", "neck" or unanswered' +
        ' AND (redness is "severe" OR (redness trend is "worsening" AND hours since treatment ≥ 48))' +
        ' AND fever is no AND NOT (open red flag questions > 0)\n',
    );
    expect(text).toContain('### custom.nested\n\n- **Level:** `urgent`, red flag\n');
    expect(text).toContain('  - *A test document*, `test.txt` § Section (a note)\n');
    expect(text).toContain('Rule set `custom`, version 2.0.0.');
  });

  it.each([
    ['signs.rednessTrend', 'redness trend'],
    ['hoursSinceTreatment', 'hours since treatment'],
    ['patient.history.rosacea', 'history: rosacea'],
    ['medications.retinoidDaysAgo', 'retinoid days ago'],
    ['plannedTreatment.depthMm', 'planned treatment: depth mm'],
  ])('names the fact %s "%s"', (fact, label) => {
    expect(factLabel(fact)).toBe(label);
  });

  it('renders the same output twice', () => {
    expect(renderRuleCatalog(builtinRuleSet)).toBe(catalog);
  });

  it('refuses a rule set with errors', () => {
    expect(() => renderRuleCatalog(ruleSetWith({ all: [{ fact: 'signs.unknown', operator: 'equal', value: true }] }))).toThrow(
      RuleSetError,
    );
  });
});
