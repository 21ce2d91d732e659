import { DECISIONS, LEVELS } from '../contract.js';
import { conditionPointer, evaluatedLeavesOf, leavesOf } from '../rules/condition-tree.js';
import type { ConditionNode } from '../rules/rule-set-schema.js';
import type { RuleSummary } from '../rules/rule-summary.js';
import type { CaseResult } from './run-cases.js';

/** Rule, condition and level coverage of a case corpus. */
export interface CoverageReport {
  readonly rules: {
    readonly total: number;
    /** Rules seen both firing and not firing. */
    readonly covered: number;
    readonly percent: number;
    readonly uncovered: readonly { readonly ruleId: string; readonly missing: 'firing' | 'not firing' | 'both' }[];
  };
  readonly conditions: {
    readonly total: number;
    /** Leaf conditions seen both true and false. */
    readonly covered: number;
    readonly percent: number;
    readonly uncovered: readonly {
      readonly ruleId: string;
      readonly path: string;
      readonly condition: string;
      readonly missing: 'true' | 'false' | 'both';
    }[];
  };
  /** Levels (assessment) and decisions (screening) reached, and those never reached. */
  readonly grades: { readonly reached: readonly string[]; readonly missing: readonly string[] };
}

/**
 * Coverage of `rules` by the traced results of a corpus. Only the kinds the corpus exercises
 * (assessment, screening) are counted.
 */
export function computeCoverage(results: readonly CaseResult[], rules: readonly RuleSummary[]): CoverageReport {
  const kinds = new Set(results.flatMap((result) => (result.assessment ? ['assessment'] : result.screening ? ['screening'] : [])));
  const counted = rules.filter((rule) => kinds.has(rule.kind));
  const fired = new Map<string, { yes: boolean; no: boolean }>();
  const leaves = new Map<string, { yes: boolean; no: boolean }>();
  for (const result of results) {
    for (const entry of result.assessment?.trace ?? result.screening?.trace ?? []) {
      mark(fired, entry.ruleId, entry.fired);
      for (const { leaf, path } of evaluatedLeavesOf(entry.conditions)) {
        if (leaf.result !== undefined) mark(leaves, `${entry.ruleId}#${conditionPointer(path)}`, leaf.result);
      }
    }
  }
  const ruleGaps = counted.flatMap((rule) => {
    const seen = fired.get(rule.id);
    const missing = gap(seen, 'firing', 'not firing');
    return missing === undefined ? [] : [{ ruleId: rule.id, missing }];
  });
  const leafList = counted.flatMap((rule) => leafPaths(rule.conditions).map((leaf) => ({ rule, ...leaf })));
  const leafGaps = leafList.flatMap(({ rule, path, text }) => {
    const missing = gap(leaves.get(`${rule.id}#${path}`), 'true', 'false');
    return missing === undefined ? [] : [{ ruleId: rule.id, path, condition: text, missing }];
  });
  const scale: readonly string[] = [...(kinds.has('assessment') ? LEVELS : []), ...(kinds.has('screening') ? DECISIONS : [])];
  const reached = new Set<string>(results.flatMap((result) => [result.assessment?.level ?? [], result.screening?.decision ?? []].flat()));
  return {
    rules: {
      total: counted.length,
      covered: counted.length - ruleGaps.length,
      percent: percent(counted.length - ruleGaps.length, counted.length),
      uncovered: ruleGaps,
    },
    conditions: {
      total: leafList.length,
      covered: leafList.length - leafGaps.length,
      percent: percent(leafList.length - leafGaps.length, leafList.length),
      uncovered: leafGaps,
    },
    grades: { reached: scale.filter((grade) => reached.has(grade)), missing: scale.filter((grade) => !reached.has(grade)) },
  };
}

function mark(map: Map<string, { yes: boolean; no: boolean }>, key: string, value: boolean): void {
  const entry = map.get(key) ?? { yes: false, no: false };
  if (value) entry.yes = true;
  else entry.no = true;
  map.set(key, entry);
}

function gap<T extends string>(seen: { yes: boolean; no: boolean } | undefined, yes: T, no: T): T | 'both' | undefined {
  if (seen === undefined || (!seen.yes && !seen.no)) return 'both';
  if (!seen.yes) return yes;
  if (!seen.no) return no;
  return undefined;
}

function percent(covered: number, total: number): number {
  return total === 0 ? 100 : Math.round((covered / total) * 1000) / 10;
}

/** Every leaf of a rule's conditions with its JSON pointer and a short text. */
function leafPaths(node: ConditionNode): { path: string; text: string }[] {
  return leavesOf(node).map(({ leaf, path }) => ({
    path: conditionPointer(path),
    text: `${leaf.fact} ${leaf.operator} ${JSON.stringify(leaf.value)}`,
  }));
}
