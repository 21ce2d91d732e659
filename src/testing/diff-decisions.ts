import { orThrow } from '../input/safe-result.js';
import { DECISIONS, LEVELS } from '../contract.js';
import { isObservationError } from '../input/observation-error.js';
import { canonicalJson } from '../rules/canonical-json.js';
import type { Triage } from '../triage.js';

/** An input to compare between two rule versions (expectations are not needed). */
export interface DiffCase {
  readonly name: string;
  readonly kind?: 'assessment' | 'screening';
  readonly input: unknown;
  /** Clock for the case (ISO 8601). */
  readonly now?: string;
}

/** What a case came out as under one rule version. */
export interface CaseOutcome {
  /** Level or decision; `invalid` when the input was rejected. */
  readonly grade: string;
  readonly causes: readonly string[];
  readonly fired: readonly string[];
}

/** A case whose result differs between the two versions. */
export interface CaseChange {
  readonly name: string;
  readonly kind: 'assessment' | 'screening';
  readonly base: CaseOutcome;
  readonly head: CaseOutcome;
  readonly changed: readonly ('grade' | 'causes' | 'fired')[];
  /** The level or decision went down: a change that could under-triage someone. */
  readonly downTriage: boolean;
  /** Listed in the approvals. */
  readonly approved: boolean;
}

/** The decisions of two rule versions compared over a corpus. */
export interface DecisionDiff {
  readonly cases: number;
  /** Old-by-new counts: `levels[base][head]` (assessments) and `decisions[base][head]` (screenings). */
  readonly levels: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly decisions: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly changed: readonly CaseChange[];
  /** Rules by id: added, removed, or changed in any way. */
  readonly rules: { readonly added: readonly string[]; readonly removed: readonly string[]; readonly modified: readonly string[] };
  readonly downTriaged: readonly CaseChange[];
  /** Down-triaged cases not listed in the approvals: any makes the diff fail. */
  readonly unapproved: readonly CaseChange[];
  readonly passed: boolean;
}

/** A case's outcome under the base rules and under the head rules. */
export type OutcomePair = readonly [base: CaseOutcome, head: CaseOutcome];

/**
 * Runs every case under both rule versions and compares the results: the old-by-new matrix,
 * the cases that changed, the rules that changed, and the down-triaged cases. Fails (`passed:
 * false`) when a case's level or decision goes down and the case is not in `approvals`.
 */
export async function diffDecisions(
  base: Triage,
  head: Triage,
  cases: readonly DiffCase[],
  approvals: readonly string[] = [],
): Promise<DecisionDiff> {
  return compareOutcomes(base, head, cases, await caseOutcomes(base, head, cases), approvals);
}

/** Each case's outcome under both rule versions, in case order, one case after another. */
export async function caseOutcomes(base: Triage, head: Triage, cases: readonly DiffCase[]): Promise<OutcomePair[]> {
  const outcomes: OutcomePair[] = [];
  for (const entry of cases) {
    const kind = entry.kind ?? 'assessment';
    outcomes.push(await Promise.all([outcome(base, entry, kind), outcome(head, entry, kind)]));
  }
  return outcomes;
}

/**
 * The diff of `diffDecisions` from outcomes worked out elsewhere (the CLI works them out on
 * worker threads): `outcomes[i]` is the outcome pair of `cases[i]`.
 */
export function compareOutcomes(
  base: Triage,
  head: Triage,
  cases: readonly DiffCase[],
  outcomes: readonly OutcomePair[],
  approvals: readonly string[] = [],
): DecisionDiff {
  if (outcomes.length !== cases.length) throw new Error(`${String(outcomes.length)} outcomes for ${String(cases.length)} cases`);
  const approved = new Set(approvals);
  const levels = emptyMatrix([...LEVELS, 'invalid']);
  const decisions = emptyMatrix([...DECISIONS, 'invalid']);
  const changed: CaseChange[] = [];
  for (const [index, entry] of cases.entries()) {
    const kind = entry.kind ?? 'assessment';
    const pair = outcomes[index];
    if (pair === undefined) throw new Error(`no outcome for case ${String(index)}`);
    const [before, after] = pair;
    const matrix = kind === 'assessment' ? levels : decisions;
    const row = matrix[before.grade];
    if (row !== undefined) row[after.grade] = (row[after.grade] ?? 0) + 1;
    const differences: CaseChange['changed'][number][] = [];
    if (before.grade !== after.grade) differences.push('grade');
    if (!sameSet(before.causes, after.causes)) differences.push('causes');
    if (!sameSet(before.fired, after.fired)) differences.push('fired');
    if (differences.length === 0) continue;
    const scale: readonly string[] = kind === 'assessment' ? LEVELS : DECISIONS;
    // A case the head refuses where the base gave a result has lost its result: that is down too.
    const downTriage =
      scale.includes(before.grade) &&
      (after.grade === 'invalid' || (scale.includes(after.grade) && scale.indexOf(after.grade) < scale.indexOf(before.grade)));
    changed.push({
      name: entry.name,
      kind,
      base: before,
      head: after,
      changed: differences,
      downTriage,
      approved: approved.has(entry.name),
    });
  }
  const downTriaged = changed.filter((change) => change.downTriage);
  const unapproved = downTriaged.filter((change) => !change.approved);
  return {
    cases: cases.length,
    levels,
    decisions,
    changed,
    rules: ruleChanges(base, head),
    downTriaged,
    unapproved,
    passed: unapproved.length === 0,
  };
}

async function outcome(triage: Triage, entry: DiffCase, kind: 'assessment' | 'screening'): Promise<CaseOutcome> {
  const clock = entry.now;
  const pinned = clock === undefined ? triage : triage.withClock(() => new Date(clock));
  try {
    if (kind === 'screening') {
      const screening = orThrow(await pinned.safeScreen(entry.input));
      return { grade: screening.decision, causes: [], fired: screening.reasons.map((reason) => reason.ruleId) };
    }
    const assessment = orThrow(await pinned.safeAssess(entry.input));
    return {
      grade: assessment.level,
      causes: assessment.causes.map((cause) => cause.id),
      fired: assessment.reasons.map((reason) => reason.ruleId),
    };
  } catch (error) {
    if (!isObservationError(error)) throw error;
    return { grade: 'invalid', causes: [], fired: [] };
  }
}

function ruleChanges(base: Triage, head: Triage): DecisionDiff['rules'] {
  const before = new Map(base.rules.map((rule) => [rule.id, canonicalJson(rule.definition)]));
  const after = new Map(head.rules.map((rule) => [rule.id, canonicalJson(rule.definition)]));
  return {
    added: [...after.keys()].filter((id) => !before.has(id)),
    removed: [...before.keys()].filter((id) => !after.has(id)),
    modified: [...after].filter(([id, text]) => before.has(id) && before.get(id) !== text).map(([id]) => id),
  };
}

function emptyMatrix(grades: readonly string[]): Record<string, Record<string, number>> {
  return Object.fromEntries(grades.map((from) => [from, Object.fromEntries(grades.map((to) => [to, 0]))]));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
