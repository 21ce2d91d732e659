import { orThrow } from '../input/safe-result.js';
import type { Assessment } from '../assessment/assessment-types.js';
import { decisionRank, levelRank } from '../contract.js';
import type { Screening } from '../screening/screening-types.js';
import { parseInput } from '../input/parse-input.js';
import { FILE_LIMITS } from '../input/json-guard.js';
import { isObservationError, ObservationError, type InputIssue } from '../input/observation-error.js';
import { shortName } from '../input/short-text.js';
import type { Triage } from '../triage.js';
import { caseFileSchema, type CaseExpectation, type CaseFile, type GoldenCase } from './case-file.js';

/** A case ready to run: its input resolved against its base, its clock decided. */
export interface ResolvedCase {
  /** What the case runs (default `assessment`). */
  readonly kind?: 'assessment' | 'screening';
  readonly name: string;
  readonly source?: string;
  readonly input: unknown;
  readonly now?: string;
  readonly expect: CaseExpectation;
}

/** The outcome of one case. */
export interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  /** One sentence per unmet expectation. */
  readonly failures: readonly string[];
  readonly assessment?: Assessment;
  readonly screening?: Screening;
  readonly issues?: readonly InputIssue[];
}

/** Validates a case file (throws `ObservationError` naming the field) and resolves its cases. */
export function resolveCaseFile(content: unknown): ResolvedCase[] {
  const file: CaseFile = parseInput(caseFileSchema, content, FILE_LIMITS);
  return file.cases.map((entry, index) => resolveCase(entry, file, index));
}

function resolveCase(entry: GoldenCase, file: CaseFile, index: number): ResolvedCase {
  let input = entry.input;
  if (entry.base !== undefined) {
    const base = Object.prototype.hasOwnProperty.call(file.bases ?? {}, entry.base) ? file.bases?.[entry.base] : undefined;
    if (base === undefined) {
      const path = `cases.${String(index)}.base`;
      const known = Object.keys(file.bases ?? {});
      const hint = known.length === 0 ? 'the file has no bases' : `the bases are ${known.map((name) => `'${shortName(name)}'`).join(', ')}`;
      throw new ObservationError([
        { path, code: 'invalid_value', message: `'${path}': unknown base '${shortName(entry.base)}' (${hint})` },
      ]);
    }
    input = deepMerge(base, entry.input);
  }
  const now = entry.now ?? file.now;
  return {
    ...(file.kind === undefined ? {} : { kind: file.kind }),
    name: entry.name,
    ...(entry.source === undefined ? {} : { source: entry.source }),
    input,
    ...(now === undefined ? {} : { now }),
    expect: entry.expect,
  };
}

/** Runs cases against a triage, each with its pinned clock; never rejects for a failing case. */
export async function runCases(triage: Triage, cases: readonly ResolvedCase[]): Promise<CaseResult[]> {
  return Promise.all(cases.map((entry) => runCase(triage, entry)));
}

async function runCase(triage: Triage, entry: ResolvedCase): Promise<CaseResult> {
  const clock = entry.now;
  const pinned = clock === undefined ? triage : triage.withClock(() => new Date(clock));
  try {
    if (entry.kind === 'screening') {
      const screening = orThrow(await pinned.safeScreen(entry.input, { trace: true }));
      const failures = checkScreening(screening, entry.expect);
      return { name: entry.name, passed: failures.length === 0, failures, screening };
    }
    const assessment = orThrow(await pinned.safeAssess(entry.input, { trace: true }));
    const failures = checkAssessment(assessment, entry.expect);
    return { name: entry.name, passed: failures.length === 0, failures, assessment };
  } catch (error) {
    if (!isObservationError(error)) throw error;
    const failures = checkRejection(error.issues, entry.expect);
    return { name: entry.name, passed: failures.length === 0, failures, issues: error.issues };
  }
}

/** Every unmet expectation, as a sentence. */
export function checkAssessment(assessment: Assessment, expect: CaseExpectation): string[] {
  const failures = [
    ...acceptedFailures(expect),
    ...checkGrade('level', assessment.level, levelRank, expect.level, expect.minLevel, expect.maxLevel),
  ];
  const causes = new Set(assessment.causes.map((cause) => cause.id));
  for (const id of expect.causes ?? []) if (!causes.has(id)) failures.push(`cause '${id}' expected but not suspected`);
  for (const id of expect.notCauses ?? []) if (causes.has(id)) failures.push(`cause '${id}' suspected but should not be`);
  failures.push(...firedFailures(expect, assessment.reasons));
  if (expect.phase !== undefined && (assessment.phase?.id ?? null) !== expect.phase) {
    failures.push(`phase: expected ${JSON.stringify(expect.phase)}, got ${JSON.stringify(assessment.phase?.id ?? null)}`);
  }
  for (const [feature, finding] of Object.entries(expect.comparison ?? {})) {
    const row = assessment.comparison.find((candidate) => candidate.feature === feature);
    if (row?.finding !== finding) failures.push(`comparison '${feature}': expected '${finding}', got '${row?.finding ?? 'absent'}'`);
  }
  failures.push(...missingFailures(expect, assessment.missing));
  const advice = new Set(assessment.advice.nowIds);
  for (const id of expect.advice ?? []) if (!advice.has(id)) failures.push(`advice '${id}' expected but not given`);
  for (const id of expect.notAdvice ?? []) if (advice.has(id)) failures.push(`advice '${id}' given but should not be`);
  return failures;
}

/** Every unmet expectation of a screening, as a sentence. */
export function checkScreening(screening: Screening, expect: CaseExpectation): string[] {
  const failures = [
    ...acceptedFailures(expect),
    ...checkGrade('decision', screening.decision, decisionRank, expect.decision, expect.minDecision, expect.maxDecision),
  ];
  if (expect.postponeUntil !== undefined) {
    const expected = expect.postponeUntil === null ? null : new Date(expect.postponeUntil).toISOString();
    if (screening.postponeUntil !== expected)
      failures.push(`postponeUntil: expected ${String(expected)}, got ${String(screening.postponeUntil)}`);
  }
  failures.push(...firedFailures(expect, screening.reasons), ...missingFailures(expect, screening.missing));
  return failures;
}

function acceptedFailures(expect: CaseExpectation): string[] {
  return expect.invalid === undefined ? [] : [`expected the input to be rejected (${expect.invalid.join(', ')}), but it was accepted`];
}

function firedFailures(expect: CaseExpectation, reasons: readonly { readonly ruleId: string }[]): string[] {
  const fired = new Set(reasons.map((reason) => reason.ruleId));
  return [
    ...(expect.fired ?? []).filter((id) => !fired.has(id)).map((id) => `rule '${id}' expected to fire but did not`),
    ...(expect.notFired ?? []).filter((id) => fired.has(id)).map((id) => `rule '${id}' fired but should not`),
  ];
}

function missingFailures(expect: CaseExpectation, open: readonly { readonly id: string }[]): string[] {
  const missing = new Set(open.map((question) => question.id));
  return [
    ...(expect.missing ?? []).filter((id) => !missing.has(id)).map((id) => `question '${id}' expected in missing but not listed`),
    ...(expect.notMissing ?? []).filter((id) => missing.has(id)).map((id) => `question '${id}' listed in missing but should not be`),
  ];
}

/** A level or decision against its expected value and bounds. */
function checkGrade<T extends string>(
  label: string,
  actual: T,
  rank: (grade: T) => number,
  exact: T | undefined,
  min: T | undefined,
  max: T | undefined,
): string[] {
  const failures: string[] = [];
  if (exact !== undefined && actual !== exact) failures.push(`${label}: expected '${exact}', got '${actual}'`);
  if (min !== undefined && rank(actual) < rank(min)) failures.push(`${label}: expected at least '${min}', got '${actual}'`);
  if (max !== undefined && rank(actual) > rank(max)) failures.push(`${label}: expected at most '${max}', got '${actual}'`);
  return failures;
}

function checkRejection(issues: readonly InputIssue[], expect: CaseExpectation): string[] {
  const described = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  if (expect.invalid === undefined) return [`input rejected: ${described}`];
  const paths = new Set(issues.map((issue) => issue.path));
  return expect.invalid.filter((path) => !paths.has(path)).map((path) => `expected an error at '${path}', got: ${described}`);
}

/** Merges `patch` onto `base`: objects recursively, everything else replaced. */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    // defineProperty, not assignment: a '__proto__' key must stay data, never a prototype.
    Object.defineProperty(merged, key, { value: deepMerge(base[key], value), enumerable: true, writable: true, configurable: true });
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
