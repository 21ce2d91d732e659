import { DECISIONS, LEVELS } from '../contract.js';
import { evaluatedLeavesOf, foldEvaluated, type EvaluatedCondition, type EvaluatedGroup } from '../rules/condition-tree.js';
import type { RuleTrace } from '../explain/rule-trace.js';
import type { RuleSummary } from '../rules/rule-summary.js';
import type { CaseExpectation } from './case-file.js';
import type { CaseResult } from './run-cases.js';
import { OPEN_RED_FLAGS_FACT } from '../facts/checkin-facts.js';
import { OPEN_BLOCKING_FACT } from '../facts/screening-facts.js';

/** Most not-fired rules shown when a result is lower than expected. */
const MAX_CANDIDATES = 6;

const SYMBOLS: Readonly<Record<string, string>> = {
  equal: '=',
  notEqual: '≠',
  in: 'in',
  notIn: 'not in',
  contains: 'contains',
  doesNotContain: 'does not contain',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
};

/**
 * Explains a failed case: for each rule involved in the failure, whether it fired, and every
 * condition with the fact value it saw and whether it held.
 */
export function explainFailure(result: CaseResult, expect: CaseExpectation, rules: readonly RuleSummary[]): string[] {
  const trace = result.assessment?.trace ?? result.screening?.trace;
  if (trace === undefined) return [];
  const traces = new Map(trace.map((entry) => [entry.ruleId, entry]));
  const kind = result.screening === undefined ? 'assessment' : 'screening';
  const involved = involvedRules(
    result,
    expect,
    rules.filter((rule) => rule.kind === kind),
    traces,
  );
  const floorQuestions = [
    ...(result.assessment?.missing.filter((question) => question.redFlag) ?? []),
    ...(result.screening?.missing.filter((question) => question.blocking) ?? []),
  ];
  return involved.flatMap((rule) => {
    const entry = traces.get(rule.id);
    if (entry === undefined) return [];
    const state = entry.fired
      ? 'fired'
      : entry.status === 'unknown'
        ? `did not fire (could, if answered: ${entry.openFacts.join(', ')})`
        : 'did not fire';
    const floor =
      entry.fired && rule.facts.some((fact) => FLOOR_FACTS.includes(fact))
        ? [`  unanswered: ${floorQuestions.map((question) => question.id).join(', ')}`]
        : [];
    return [`rule ${rule.id} [${rule.grade}] ${state}`, ...renderCondition(entry.conditions, '  '), ...floor];
  });
}

/** Facts that count open red-flag or blocking questions (the floor rules test them). */
const FLOOR_FACTS: readonly string[] = [OPEN_RED_FLAGS_FACT, OPEN_BLOCKING_FACT];

function involvedRules(
  result: CaseResult,
  expect: CaseExpectation,
  rules: readonly RuleSummary[],
  traces: ReadonlyMap<string, RuleTrace>,
): RuleSummary[] {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const chosen = new Set<string>([...(expect.fired ?? []), ...(expect.notFired ?? [])]);
  const fired = (rule: RuleSummary): boolean => traces.get(rule.id)?.fired === true;
  const scale: readonly string[] = result.screening === undefined ? LEVELS : DECISIONS;
  const got = scale.indexOf(result.assessment?.level ?? result.screening?.decision ?? '');
  const low = Math.max(scale.indexOf(expect.level ?? expect.decision ?? ''), scale.indexOf(expect.minLevel ?? expect.minDecision ?? ''));
  const highNames: string[] = [expect.level, expect.decision, expect.maxLevel, expect.maxDecision].flatMap((name) =>
    name === undefined ? [] : [name],
  );
  const high = highNames.length === 0 ? Infinity : Math.min(...highNames.map((name) => scale.indexOf(name)));
  if (got > high) for (const rule of rules) if (fired(rule) && scale.indexOf(rule.grade) > high) chosen.add(rule.id);
  if (low >= 0 && got < low) {
    rules
      .filter((rule) => !fired(rule) && scale.indexOf(rule.grade) >= low)
      .map((rule) => ({ rule, closeness: closeness(traces.get(rule.id)?.conditions) }))
      .sort((a, b) => b.closeness - a.closeness)
      .slice(0, MAX_CANDIDATES)
      .forEach(({ rule }) => chosen.add(rule.id));
  }
  const suspected = new Set(result.assessment?.causes.map((cause) => cause.id) ?? []);
  for (const cause of expect.causes ?? [])
    if (!suspected.has(cause)) rules.filter((rule) => rule.causes.includes(cause)).forEach((rule) => chosen.add(rule.id));
  for (const cause of expect.notCauses ?? [])
    rules.filter((rule) => fired(rule) && rule.causes.includes(cause)).forEach((rule) => chosen.add(rule.id));
  for (const feature of Object.keys(expect.comparison ?? {}))
    rules.filter((rule) => rule.feature === feature).forEach((rule) => chosen.add(rule.id));
  if (expect.phase !== undefined) rules.filter((rule) => rule.phase).forEach((rule) => chosen.add(rule.id));
  for (const fact of [...(expect.missing ?? []), ...(expect.notMissing ?? [])])
    rules.filter((rule) => rule.facts.includes(fact)).forEach((rule) => chosen.add(rule.id));
  return [...chosen].flatMap((id) => {
    const rule = byId.get(id);
    return rule === undefined ? [] : [rule];
  });
}

/** Share of leaves that held: how close a rule that did not fire came. */
function closeness(node: EvaluatedCondition | undefined): number {
  const leaves = node === undefined ? [] : evaluatedLeavesOf(node).map(({ leaf }) => leaf.result === true);
  return leaves.length === 0 ? 0 : leaves.filter(Boolean).length / leaves.length;
}

/** The condition tree, one line per node: ✓ held, ✗ did not hold, with the value each leaf saw. */
export function renderCondition(node: EvaluatedCondition, indent: string): string[] {
  const group = (children: readonly string[][], { kind, result }: EvaluatedGroup) => [line(result, kind), ...nested(children.flat())];
  const lines = foldEvaluated<string[]>(node, {
    leaf: ({ fact, operator, value, factValue, result }) => {
      const seen = factValue === null || factValue === undefined ? 'unanswered' : JSON.stringify(factValue);
      return [line(result, `${fact} ${SYMBOLS[operator] ?? operator} ${JSON.stringify(value)}   (saw ${seen})`)];
    },
    all: group,
    any: group,
    not: (child, { result }) => [line(result, 'not'), ...nested(child)],
  });
  return lines.map((text) => `${indent}${text}`);
}

/** A node's line without its indent: its mark, then what it tests. */
function line(result: boolean | undefined, text: string): string {
  return `${result === true ? '✓' : result === false ? '✗' : '?'} ${text}`;
}

function nested(lines: readonly string[]): string[] {
  return lines.map((text) => `  ${text}`);
}
