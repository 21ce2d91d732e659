/**
 * The safety floor, derived from the rules. A rule holds the floor when its grade is at or above
 * the floor rule's `reach` (or when it is marked by hand as a red flag or blocking rule): while
 * an unanswered question could still fire such a rule, the floor rule fires and the question
 * leads `missing`. A hand mark can only add rules to that set, never take one out.
 */

import type { AssessmentRule, ScreeningRule } from './rule-set-schema.js';

/** What the floor needs to know of a rule. */
export interface FloorCandidate {
  /** The rule's level or decision. */
  readonly grade: string;
  /** Marked by hand (`redFlag` or `blocking`). */
  readonly marked: boolean;
  /** The floor rule's declaration, on the floor rule only. */
  readonly floor?: { readonly reach: string } | undefined;
}

/** The rank from which rules hold the floor (no floor rule: none do, unless marked). */
export function floorReach(rules: readonly FloorCandidate[], rank: (grade: string) => number): number {
  const floor = rules.find((rule) => rule.floor !== undefined)?.floor;
  return floor === undefined ? Number.POSITIVE_INFINITY : rank(floor.reach);
}

/** Whether a rule's open questions hold the floor. The floor rule itself never does. */
export function holdsFloor(rule: FloorCandidate, reach: number, rank: (grade: string) => number): boolean {
  return rule.floor === undefined && (rule.marked || rank(rule.grade) >= reach);
}

/** An assessment rule as the floor sees it. */
export function assessmentFloorView(rule: Pick<AssessmentRule, 'event' | 'redFlag' | 'floor'>): FloorCandidate {
  return { grade: rule.event.params.level, marked: rule.redFlag === true, floor: rule.floor };
}

/** A screening rule as the floor sees it. */
export function screeningFloorView(rule: Pick<ScreeningRule, 'event' | 'blocking' | 'floor'>): FloorCandidate {
  return { grade: rule.event.params.decision, marked: rule.blocking === true, floor: rule.floor };
}
