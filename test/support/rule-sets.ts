import type { RuleSetSource } from '../../src/rules/validate-rule-set.js';
import type { TopLevelCondition } from '../../src/rules/rule-set-schema.js';

/** A valid assessment rule with the given conditions, level `monitor`. */
export function minimalRule(id: string, conditions: TopLevelCondition | Record<string, unknown>): Record<string, unknown> {
  return {
    id,
    description: 'A rule written for a test.',
    sources: [{ document: '000_0b1d4838d8cb8315.txt', section: 'test' }],
    conditions,
    event: { type: 'assessment', params: { level: 'monitor', message: { clinician: 'test', patient: 'test' } } },
  };
}

/** The rule set with one more rule file containing `rules`. */
export function withExtraRule(source: RuleSetSource, ...rules: Record<string, unknown>[]): RuleSetSource {
  return {
    ...source,
    files: {
      ...source.files,
      'custom.json': { id: 'custom', version: '1.0.0', kind: 'assessment', title: 'Custom rules for a test', rules },
    },
  };
}

/** A deep copy of a JSON value. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
