import { describe, expect, it } from 'vitest';
import { builtinRuleSet, createTriage, RuleSetError, validateRuleSet, type Diagnostic, type RuleSetSource } from '../src/index.js';
import { composeRuleSets } from '../src/rules/compose-rule-sets.js';
import { cloneJson, minimalRule } from './support/rule-sets.js';

/** A layer with one assessment file holding `extra` (rules and file-level keys). */
function layer(extra: Record<string, unknown>, files: Record<string, unknown> = {}): RuleSetSource {
  return {
    id: 'clinic',
    version: '1.0.0',
    files: {
      'clinic.json': { id: 'clinic', version: '1.0.0', kind: 'assessment', title: 'Clinic changes', rules: [], ...extra },
      ...files,
    },
  };
}

function compositionCodes(...layers: RuleSetSource[]): string[] {
  return composeRuleSets(builtinRuleSet, layers).provenance.diagnostics.map((diagnostic) => diagnostic.code);
}

function failure(run: () => unknown): readonly Diagnostic[] {
  try {
    run();
  } catch (error) {
    if (error instanceof RuleSetError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected a RuleSetError');
}

const approval = { why: 'The clinic handles this in its own protocol.', approvedBy: 'Dr A. Example', date: '2026-11-20' };
const redFlags = builtinRuleSet.files['red-flags.json'] as { rules: Record<string, unknown>[] };

describe('a composed rule set keeps its floors', () => {
  it.each([
    ['disables the assessment floor', layer({ disable: ['red-flags.unanswered'] })],
    [
      'replaces the floor with an expected-level rule',
      layer({
        rules: [
          {
            ...cloneJson(redFlags.rules[0]),
            event: { type: 'assessment', params: { level: 'expected', message: { clinician: 'x', patient: 'x' } } },
          },
        ],
      }),
    ],
    [
      'replaces red-flags.json with an empty file',
      { id: 'clinic', version: '1.0.0', files: { 'red-flags.json': { ...cloneJson(redFlags), rules: [] } } },
    ],
    ['makes the floor reach less far', layer({ rules: [{ ...cloneJson(redFlags.rules[0]), floor: { reach: 'urgent' } }] })],
    [
      'disables the screening floor',
      {
        id: 'clinic',
        version: '1.0.0',
        files: {
          'clinic.json': {
            id: 'clinic',
            version: '1.0.0',
            kind: 'screening',
            title: 'x',
            disable: ['screening.unanswered-blocking'],
            rules: [],
          },
        },
      },
    ],
  ])('a layer that %s is refused, approved or not', (_name, change) => {
    const acknowledged = cloneJson(change);
    for (const file of Object.values(acknowledged.files))
      (file as Record<string, unknown>)['acknowledgedLowerings'] = [{ rule: 'red-flags.unanswered', ...approval }];
    for (const source of [change, acknowledged]) {
      expect(compositionCodes(source)).toContain('floor-lowered');
      expect(failure(() => createTriage({ ruleSets: [source] })).map((diagnostic) => diagnostic.code)).toContain('floor-lowered');
    }
  });

  it('an unchanged floor, restated by a layer, composes', () => {
    expect(compositionCodes(layer({ rules: [cloneJson(redFlags.rules[0])] }))).toEqual([]);
  });
});

describe('a layer that changes a rule, in either direction, must say so by id', () => {
  const gridding = {
    all: [
      { fact: 'signs.gridding', operator: 'equal', value: true },
      { fact: 'hoursSinceTreatment', operator: 'greaterThan', value: 36 },
    ],
  };
  const lowered = {
    ...minimalRule('timeline.gridding.past-36h', gridding),
    event: { type: 'assessment', params: { level: 'expected', message: { clinician: 'x', patient: 'x' } } },
  };

  it.each([
    ['disables', { disable: ['timeline.gridding.past-36h'] }],
    ['lowers the level of', { rules: [lowered] }],
  ])('a layer that %s a rule without an approval does not load', (_name, extra) => {
    const diagnostics = failure(() => createTriage({ ruleSets: [layer(extra)] }));
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'unacknowledged-lowering',
        severity: 'error',
        message: expect.stringContaining("'timeline.gridding.past-36h'") as unknown,
      }),
    );
  });

  it('with an approval it loads, and the approval is reported (acknowledgedLowerings still works)', async () => {
    const source = layer({
      disable: ['timeline.gridding.past-36h'],
      acknowledgedLowerings: [{ rule: 'timeline.gridding.past-36h', ...approval }],
    });
    const { provenance, source: composed } = composeRuleSets(builtinRuleSet, [source]);
    expect(provenance.diagnostics).toEqual([
      {
        code: 'acknowledged-lowering',
        severity: 'info',
        file: 'clinic.json',
        path: 'acknowledgedLowerings.0',
        message:
          "layer 'clinic' removes 'timeline.gridding.past-36h': The clinic handles this in its own protocol. (approved by Dr A. Example, 2026-11-20)",
      },
    ]);
    expect(validateRuleSet(composed).diagnostics).toEqual([]);
    const triage = createTriage({ ruleSets: [source] });
    expect(triage.rules.map((rule) => rule.id)).not.toContain('timeline.gridding.past-36h');
    const gridded = { hoursSinceTreatment: 40, signs: { gridding: true } };
    expect((await triage.assess(gridded)).reasons.map((reason) => reason.ruleId)).not.toContain('timeline.gridding.past-36h');
  });

  it('an approval for a rule the layer does not change is a warning', () => {
    const source = layer({ acknowledgedChanges: [{ change: 'timeline.gridding.past-36h', ...approval }] });
    expect(composeRuleSets(builtinRuleSet, [source]).provenance.diagnostics).toEqual([
      expect.objectContaining({ code: 'unused-acknowledgement', severity: 'warning' }),
    ]);
  });

  it('raising a rule is a change too: refused without an approval, reported with one', () => {
    const raised = {
      ...lowered,
      event: { type: 'assessment', params: { level: 'contact-provider', message: { clinician: 'x', patient: 'x' } } },
    };
    expect(compositionCodes(layer({ rules: [raised] }))).toEqual(['unacknowledged-change']);
    const approved = layer({ rules: [raised], acknowledgedChanges: [{ change: 'timeline.gridding.past-36h', ...approval }] });
    expect(composeRuleSets(builtinRuleSet, [approved]).provenance.diagnostics).toEqual([
      expect.objectContaining({
        code: 'acknowledged-change',
        severity: 'info',
        path: 'acknowledgedChanges.0',
        message: expect.stringContaining("raises the grade of 'timeline.gridding.past-36h'") as unknown,
      }),
    ]);
  });

  it.each([
    ['disables', { disable: ['red-flags.blisters'] }],
    ['lowers', { rules: [minimalRule('red-flags.blisters', { all: [{ fact: 'signs.blisters', operator: 'equal', value: true }] })] }],
  ])('a layer that %s a red flag (a rule that holds the floor) is refused even with an approval', (_name, extra) => {
    const source = layer({ ...extra, acknowledgedChanges: [{ change: 'red-flags.blisters', ...approval }] });
    expect(compositionCodes(source)).toContain('floor-changed');
  });
});
