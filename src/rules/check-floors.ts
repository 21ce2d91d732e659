import { DECISIONS, LEVELS } from '../contract.js';
import type { FactDefinition } from '../facts/fact-catalog.js';
import type { DiagnosticCode } from './diagnostic-code.js';
import { diagnosticPath, type Diagnostic } from './diagnostics.js';
import { floorReach, holdsFloor, type FloorCandidate } from './floor.js';
import { leavesOf } from './condition-tree.js';
import type { TopLevelCondition } from './rule-set-schema.js';

/** A rule file of one kind, as the floor checks see it. */
interface FloorFile {
  readonly name: string;
  readonly rules: readonly { readonly id: string; readonly conditions: TopLevelCondition; readonly view: FloorCandidate }[];
}

/** Comparisons that keep a counter test honest: more open questions can only make them hold. */
const COUNTER_OPERATORS: readonly string[] = ['greaterThan', 'greaterThanInclusive'];

/**
 * The floor of one kind of rules (assessment or screening): exactly one floor rule when there
 * are rules at all, graded above the lowest grade and below its reach, testing the counter; and
 * the counter tested only in ways the open-question analysis can trust.
 */
export function checkFloors(
  kind: 'assessment' | 'screening',
  files: readonly FloorFile[],
  facts: ReadonlyMap<string, FactDefinition>,
): Diagnostic[] {
  const scale: readonly string[] = kind === 'assessment' ? LEVELS : DECISIONS;
  const rank = (grade: string): number => scale.indexOf(grade);
  const all = files.flatMap(({ name, rules }) => rules.map((rule, index) => ({ name, index, ...rule })));
  const diagnostics: Diagnostic[] = [];
  const error = (code: DiagnosticCode, file: string, path: readonly PropertyKey[], message: string): void => {
    diagnostics.push({ code, severity: 'error', file, path: diagnosticPath(path), message });
  };
  if (all.length === 0) return diagnostics;
  const floors = all.filter((rule) => rule.view.floor !== undefined);
  if (floors.length === 0) {
    error(
      'missing-floor',
      '',
      [],
      `the ${kind} rules have no floor rule: mark the rule that tests the open-question counter with "floor": { "reach": ... }`,
    );
  }
  for (const extra of floors.slice(1)) {
    error(
      'duplicate-floor',
      extra.name,
      ['rules', extra.index, 'floor'],
      `'${extra.id}' is a second floor rule; a rule set has one per kind`,
    );
  }
  const reach = floorReach(
    all.map((rule) => rule.view),
    rank,
  );
  const counters = [...facts.values()].filter((fact) => fact.counter === true).map((fact) => fact.id);
  for (const rule of all) {
    const at = ['rules', rule.index] as const;
    const counterLeaves = leavesOf(rule.conditions).filter(({ leaf }) => counters.includes(leaf.fact));
    if (rule.view.floor !== undefined) {
      const own = rank(rule.view.grade);
      const floorReachRank = rank(rule.view.floor.reach);
      if (own <= 0 || own >= floorReachRank) {
        error(
          'floor-level',
          rule.name,
          [...at, 'event', 'params'],
          `the floor '${rule.id}' must be above '${scale[0] ?? ''}' and below its reach '${rule.view.floor.reach}'`,
        );
      }
      if (rule.view.marked) {
        error('floor-marked', rule.name, [...at], `the floor '${rule.id}' cannot itself be marked as a red flag or blocking rule`);
      }
      if (counterLeaves.length === 0) {
        error(
          'floor-without-counter',
          rule.name,
          [...at, 'conditions'],
          `the floor '${rule.id}' must test the open-question counter (${counters.join(', ')})`,
        );
      }
    } else if (counterLeaves.length > 0 && holdsFloor(rule.view, reach, rank)) {
      error(
        'counter-in-flagged-rule',
        rule.name,
        [...at, 'conditions'],
        `'${rule.id}' holds the floor (it is marked, or graded at or above the floor's reach), so it cannot test the open-question counter: it would count itself as an open question`,
      );
    }
    for (const { leaf: node, path, negated } of counterLeaves) {
      if (!negated && COUNTER_OPERATORS.includes(node.operator) && typeof node.value === 'number' && node.value >= 0) continue;
      error(
        'counter-comparison',
        rule.name,
        [...at, 'conditions', ...path],
        `'${node.fact}' may only be tested with greaterThan or greaterThanInclusive and a number of at least 0, outside any 'not': a test that holds when fewer questions are open would fire once a question is answered, although the analysis reported it could not`,
      );
    }
  }
  return diagnostics;
}
