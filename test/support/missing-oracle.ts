import {
  builtinRuleSet,
  DECISIONS,
  isObservationError,
  LEVELS,
  type Assessment,
  type RuleSetSource,
  type Screening,
  type Triage,
} from '../../src/index.js';
import { checkInSchema } from '../../src/checkin/checkin-schema.js';
import { screeningInputSchema } from '../../src/screening/screening-schema.js';
import { schemaLeaves, type SchemaLeaf } from '../../src/facts/schema-leaves.js';
import { valueAt, withValueAt } from './declared-roles.js';

/*
 * A brute-force oracle for `missing` and the safety floor, independent of the open-question
 * analysis: it only evaluates inputs. For a result at grade L, every unanswered input field is
 * answered alone with each answer the rules could tell apart, and a listed field also together
 * with one other unanswered field:
 *
 * - completeness: a field whose answer alone gives a grade above L is in `missing` (or answers a
 *   fact that is: needle length for depth), with `couldRaiseTo` at least that grade; an answer
 *   that alone reaches the floor's reach leaves the result off the lowest grade and flags the
 *   question (it holds the floor);
 * - soundness: every listed field has an answer that, alone or with one other field's answer,
 *   gives a grade above L (and above what that other answer gives alone); failing that, with
 *   answers to several other fields its rules read (a seeded search); or, for a question that
 *   holds the floor, an answer that alone fires a flagged rule (red flag, blocking);
 * - nothing listed is answered already; nothing is listed at the top grade.
 *
 * Combinations of three or more open answers are searched, not tried exhaustively.
 */

/** An unanswered field and the answers to try. */
interface OpenField {
  readonly field: string;
  readonly answers: readonly unknown[];
}

/** What the oracle needs of one kind of evaluation. */
export interface OracleKind {
  readonly name: string;
  readonly grades: readonly string[];
  /** The lowest grade an unanswered question that could reach it must keep the result above the lowest. */
  readonly reach: string;
  readonly leaves: readonly SchemaLeaf[];
  /** Fields that are not questions (timestamps, earlier check-ins). */
  readonly skipped: (field: string) => boolean;
  /** Fields that answer the same fact another way, by field. */
  readonly alternatives: ReadonlyMap<string, readonly string[]>;
  /** Every number in the rule files: numeric answers are tried on and around each. */
  readonly numbers: readonly number[];
  /** The facts each rule reads, by rule id (from the rule files). */
  readonly ruleFacts: ReadonlyMap<string, readonly string[]>;
  /** The input fields a derived fact is worked out from, by fact. */
  readonly derivedFrom: ReadonlyMap<string, readonly string[]>;
  /** The gates of the rule files' questions, by the field they close: not asked once an answer closes them. */
  readonly gates: ReadonlyMap<string, { readonly fact: string; readonly closedBy: readonly unknown[] }>;
  evaluate(input: object): Evaluated | undefined;
}

/** The gates the questions files of `input` declare, by gated field. */
function gatesOf(ruleSet: RuleSetSource, input: 'checkin' | 'screening'): Map<string, { fact: string; closedBy: unknown[] }> {
  const files = Object.values(ruleSet.files) as {
    kind?: string;
    input?: string;
    questions?: { fact: string; gate?: { fact: string; closedBy: unknown[] } }[];
  }[];
  return new Map(
    files
      .filter((file) => file.kind === 'questions' && (file.input ?? 'checkin') === input)
      .flatMap((file) => file.questions ?? [])
      .flatMap(({ fact, gate }) => (gate === undefined ? [] : [[fact, gate] as const])),
  );
}

/**
 * The fields of the questions of what brought the person (`reports`) that no rule reads: they
 * change no result (test/complaint.test.ts shows it for every answer), only refuse a sign reported
 * and answered absent, so the oracle does not spend its search on them.
 */
function unreadLeads(ruleSet: RuleSetSource): string[] {
  const files = Object.values(ruleSet.files) as { kind?: string; questions?: { fact: string; field?: string; reports?: object }[] }[];
  const read = new Set([...ruleFacts(ruleSet).values()].flat());
  return files
    .filter((file) => file.kind === 'questions')
    .flatMap((file) => file.questions ?? [])
    .flatMap((question) => (question.reports === undefined ? [] : [question.field ?? question.fact]))
    .filter((field) => !read.has(field));
}

/** Answered, another way, or through a gate its input closes ("no blisters" answers "clusters of blisters"). */
function answeredIn(kind: OracleKind, input: object, field: string): boolean {
  const gate = kind.gates.get(field);
  return (
    valueAt(input, field) !== undefined ||
    (kind.alternatives.get(field) ?? []).some((other) => valueAt(input, other) !== undefined) ||
    gate?.closedBy.includes(valueAt(input, gate.fact)) === true
  );
}

/** A result as the oracle reads it: the grade, `missing`, and the flagged rules (red flags, blocking) that fired. */
export interface Evaluated {
  readonly grade: string;
  readonly missing: readonly MissingView[];
  readonly flagged: readonly string[];
}

/** A `missing` entry as the oracle reads it. */
export interface MissingView {
  readonly field: string;
  readonly couldRaiseTo: string;
  readonly flagged: boolean;
  /** The rules it could fire. */
  readonly rules: readonly string[];
}

/** Every number the rule files hold: the thresholds an answer must be tried on either side of. */
function ruleNumbers(ruleSet: RuleSetSource): number[] {
  const numbers = new Set<number>();
  const walk = (value: unknown): void => {
    if (typeof value === 'number') numbers.add(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(ruleSet.files);
  return [...numbers];
}

/** Every subset of a list. */
function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((all, item) => [...all, ...all.map((subset) => [...subset, item])], [[]]);
}

/** The answers to try for a field: every value, every subset of a list, numbers around every number in the rules. */
export function answersOf(leaf: SchemaLeaf, numbers: readonly number[]): unknown[] {
  const type = leaf.type;
  switch (type.kind) {
    case 'boolean':
      return [false, true];
    case 'enum':
      return [...type.values];
    case 'enum-array':
      return subsets(type.values);
    case 'string':
      return [];
    case 'number': {
      if (type.values !== undefined) return [...type.values];
      const low = type.min ?? 0;
      const high = type.max ?? 87_600;
      const around = numbers.flatMap((value) => [value - 0.01, value, value + 0.01]);
      const candidates = [...new Set([low, ...around, high])].filter((value) => value >= low && value <= high);
      return [...candidates.sort((a, b) => a - b), ...(leaf.nullable ? [null] : [])];
    }
  }
}

export function checkInOracle(triage: Triage, ruleSet: RuleSetSource = builtinRuleSet): OracleKind {
  return {
    name: 'assess',
    grades: LEVELS,
    reach: 'contact-provider',
    leaves: schemaLeaves(checkInSchema),
    skipped: (field) =>
      field === 'treatedAt' || field === 'assessedAt' || field.startsWith('previous') || unreadLeads(ruleSet).includes(field),
    derivedFrom: new Map([
      ['exposures.activesResumedEarly', ['exposures.activesResumed', 'hoursSinceTreatment', 'exposures.activesClearedByProvider']],
      ['signs.rednessTrend', ['signs.rednessTrend', 'signs.redness']],
      ['signs.painTrend', ['signs.painTrend', 'signs.pain']],
      ['signs.swellingTrend', ['signs.swellingTrend', 'signs.swelling']],
      [
        'signs.trendDisagreements',
        ['signs.redness', 'signs.pain', 'signs.swelling', 'signs.rednessTrend', 'signs.painTrend', 'signs.swellingTrend'],
      ],
    ]),
    alternatives: new Map([
      ['hoursSinceTreatment', ['treatedAt']],
      ['treatment.depth', ['treatment.depthMm']],
      ['treatment.depthMm', ['treatment.depth']],
    ]),
    evaluate: (input) =>
      attempt(() => {
        const result: Assessment = triage.assessSync(input as never);
        return {
          grade: result.level,
          missing: result.missing.map((entry) => ({
            field: entry.field,
            couldRaiseTo: entry.couldRaiseTo,
            flagged: entry.redFlag,
            rules: entry.rules,
          })),
          flagged: result.reasons.filter((reason) => reason.redFlag).map((reason) => reason.ruleId),
        };
      }),
    gates: gatesOf(ruleSet, 'checkin'),
    ...numbersFor(ruleSet),
  };
}

export function screeningOracle(triage: Triage, ruleSet: RuleSetSource = builtinRuleSet): OracleKind {
  return {
    name: 'screen',
    grades: DECISIONS,
    reach: 'postpone',
    leaves: schemaLeaves(screeningInputSchema),
    skipped: (field) => field === 'screenedAt',
    derivedFrom: new Map(),
    alternatives: new Map([
      ['plannedTreatment.depth', ['plannedTreatment.depthMm']],
      ['plannedTreatment.depthMm', ['plannedTreatment.depth']],
    ]),
    evaluate: (input) =>
      attempt(() => {
        const result: Screening = triage.screenSync(input as never);
        return {
          grade: result.decision,
          missing: result.missing.map((entry) => ({
            field: entry.field,
            couldRaiseTo: entry.couldRaiseTo,
            flagged: entry.blocking,
            rules: entry.rules,
          })),
          flagged: result.reasons.filter((reason) => reason.blocking).map((reason) => reason.ruleId),
        };
      }),
    gates: gatesOf(ruleSet, 'screening'),
    ...numbersFor(ruleSet),
  };
}

function numbersFor(ruleSet: RuleSetSource): { numbers: readonly number[]; ruleFacts: ReadonlyMap<string, readonly string[]> } {
  return { numbers: ruleNumbers(ruleSet), ruleFacts: ruleFacts(ruleSet) };
}

/** The facts each rule's conditions name, read from the rule files. */
function ruleFacts(ruleSet: RuleSetSource): Map<string, string[]> {
  const facts = new Map<string, string[]>();
  const collect = (node: unknown, into: Set<string>): void => {
    if (Array.isArray(node))
      node.forEach((child) => {
        collect(child, into);
      });
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record['fact'] === 'string') into.add(record['fact']);
      Object.values(record).forEach((child) => {
        collect(child, into);
      });
    }
  };
  for (const file of Object.values(ruleSet.files)) {
    for (const rule of (file as { rules?: { id: string; conditions: unknown }[] }).rules ?? []) {
      const into = new Set<string>();
      collect(rule.conditions, into);
      facts.set(rule.id, [...into]);
    }
  }
  return facts;
}

function attempt<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    if (isObservationError(error)) return undefined;
    throw error;
  }
}

/** What the oracle found wrong with one result (empty: it agrees). */
export function oracleFindings(kind: OracleKind, input: object): string[] {
  const before = kind.evaluate(input);
  if (before === undefined) return [];
  const rank = (grade: string): number => kind.grades.indexOf(grade);
  const level = rank(before.grade);
  const findings: string[] = [];
  const answered = (field: string): boolean => answeredIn(kind, input, field);
  const covering = (field: string): MissingView | undefined =>
    before.missing.find((entry) => entry.field === field || (kind.alternatives.get(field) ?? []).includes(entry.field));

  if (level === kind.grades.length - 1 && before.missing.length > 0)
    findings.push(`at the top grade, missing lists ${before.missing.map((entry) => entry.field).join(', ')}`);
  for (const entry of before.missing) if (answered(entry.field)) findings.push(`missing names ${entry.field}, which is answered`);
  const flags = before.missing.map((entry) => entry.flagged);
  if (flags.join() !== [...flags].sort((a, b) => Number(b) - Number(a)).join()) findings.push('flagged questions do not lead missing');

  const open: OpenField[] = kind.leaves
    .filter((leaf) => !kind.skipped(leaf.path) && !answered(leaf.path))
    .map((leaf) => ({ field: leaf.path, answers: answersOf(leaf, kind.numbers) }));
  const alone = new Map<string, Map<unknown, number>>();
  /** Fields an answer to which fires a flagged rule that did not fire: they hold the floor. */
  const holding = new Set<string>();
  for (const { field, answers } of open) {
    const grades = new Map<unknown, number>();
    alone.set(field, grades);
    for (const answer of answers) {
      const after = kind.evaluate(withValueAt(input, field, answer));
      if (after === undefined) continue;
      const grade = rank(after.grade);
      grades.set(answer, grade);
      if (after.flagged.some((rule) => !before.flagged.includes(rule))) holding.add(field);
      if (grade <= level) continue;
      const because = `${field} = ${JSON.stringify(answer)} gives ${after.grade} (was ${before.grade})`;
      const entry = covering(field);
      if (entry === undefined) {
        findings.push(`${because}, but ${field} is not in missing`);
        continue;
      }
      if (rank(entry.couldRaiseTo) < grade) findings.push(`${because}, but missing says it could raise to ${entry.couldRaiseTo}`);
      if (grade >= rank(kind.reach)) {
        if (level === 0) findings.push(`${because}: the result is ${before.grade} while it is open`);
        if (!entry.flagged) findings.push(`${because}: it holds the floor but is not flagged`);
      }
    }
  }

  for (const entry of before.missing) {
    const field = open.find(
      (candidate) => candidate.field === entry.field || (kind.alternatives.get(candidate.field) ?? []).includes(entry.field),
    );
    if (field === undefined) continue; // reported above: answered
    if ([...(alone.get(field.field)?.values() ?? [])].some((grade) => grade > level)) continue;
    // A question that holds the floor while the floor holds the result: an answer to it fires a flagged rule.
    if (entry.flagged && holding.has(field.field)) continue;
    if (raisesWithAnother(kind, input, field, open, alone, level, entry)) continue;
    if (!raisesWithOthers(kind, input, field, open, entry, level))
      findings.push(
        `missing lists ${entry.field}, but no answer to it, alone or with other open fields its rules read, raises ${before.grade}`,
      );
  }
  return findings;
}

function raisesWithAnother(
  kind: OracleKind,
  input: object,
  field: OpenField,
  open: readonly OpenField[],
  alone: ReadonlyMap<string, ReadonlyMap<unknown, number>>,
  level: number,
  entry: MissingView,
): boolean {
  // The fields the entry's rules read first: that is where a witness usually is.
  const read = readBy(kind, entry);
  const first = (other: OpenField): number => (read.has(other.field) ? 0 : 1);
  for (const other of [...open].sort((a, b) => first(a) - first(b))) {
    if (other.field === field.field || (kind.alternatives.get(field.field) ?? []).includes(other.field)) continue;
    for (const otherAnswer of other.answers) {
      const base = Math.max(level, alone.get(other.field)?.get(otherAnswer) ?? level);
      for (const answer of field.answers) {
        const after = kind.evaluate(withValueAt(withValueAt(input, other.field, otherAnswer), field.field, answer));
        if (after !== undefined && kind.grades.indexOf(after.grade) > base) return true;
      }
    }
  }
  return false;
}

/**
 * Beyond pairs: answers to several other open fields that the entry's rules read (a seeded search
 * of their combinations), under which an answer to the field raises the grade above what those
 * answers alone give.
 */
/** The input fields an entry's rules read (derived facts through the fields they are worked out from). */
function readBy(kind: OracleKind, entry: MissingView): Set<string> {
  const read = new Set(
    entry.rules.flatMap((rule) => (kind.ruleFacts.get(rule) ?? []).flatMap((fact) => kind.derivedFrom.get(fact) ?? [fact])),
  );
  for (const field of [...read]) for (const other of kind.alternatives.get(field) ?? []) read.add(other);
  return read;
}

function raisesWithOthers(
  kind: OracleKind,
  input: object,
  field: OpenField,
  open: readonly OpenField[],
  entry: MissingView,
  level: number,
): boolean {
  const read = readBy(kind, entry);
  const related = (other: OpenField): boolean =>
    read.has(other.field) || (kind.alternatives.get(other.field) ?? []).some((name) => read.has(name));
  const raises = (given: object): boolean => {
    const base = kind.evaluate(given);
    if (base === undefined) return false;
    const floor = Math.max(level, kind.grades.indexOf(base.grade));
    return field.answers.some((answer) => {
      const after = kind.evaluate(withValueAt(given, field.field, answer));
      return after !== undefined && kind.grades.indexOf(after.grade) > floor;
    });
  };
  // Every pair of other fields the entry's rules read (numbers thinned to the thresholds themselves).
  const near = open.filter((other) => other.field !== field.field && related(other) && other.answers.length > 0);
  // Numbers thinned to the rules' own numbers (a threshold itself, where `>=` and `>` part).
  const thin = (answers: readonly unknown[]): readonly unknown[] =>
    answers.filter((answer) => typeof answer !== 'number' || kind.numbers.includes(answer));
  for (const [index, first] of near.entries())
    for (const second of near.slice(index + 1))
      for (const a of thin(first.answers))
        for (const b of thin(second.answers)) if (raises(withValueAt(withValueAt(input, first.field, a), second.field, b))) return true;
  // And every triple of them (a rule of four open conditions: history, a sign, a product, the time).
  for (const [index, first] of near.entries())
    for (const [offset, second] of near.slice(index + 1).entries())
      for (const third of near.slice(index + offset + 2))
        for (const a of thin(first.answers))
          for (const b of thin(second.answers))
            for (const c of thin(third.answers))
              if (raises(withValueAt(withValueAt(withValueAt(input, first.field, a), second.field, b), third.field, c))) return true;
  // Then a seeded search: the related fields often, every other open field now and then (a rule that covers may read it).
  const others = open.filter((other) => other.field !== field.field && other.answers.length > 0);
  let seed = 7;
  const next = (bound: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    return (seed >>> 16) % bound;
  };
  for (let attempt = 0; attempt < 300; attempt += 1) {
    let given: object = input;
    for (const other of others) {
      if (next(10) >= (related(other) ? 5 : 1)) continue;
      given = withValueAt(given, other.field, other.answers[next(other.answers.length)]);
    }
    if (raises(given)) return true;
  }
  return false;
}

/**
 * The unanswered fields (other than `asked`: answered "I don't know") an answer to which alone
 * raises the grade: what an interview that stopped must not have left unasked.
 */
export function raisingUnasked(kind: OracleKind, input: object, asked: readonly string[]): string[] {
  const before = kind.evaluate(input);
  if (before === undefined) return ['the input is refused'];
  const level = kind.grades.indexOf(before.grade);
  const answered = (field: string): boolean => answeredIn(kind, input, field);
  return kind.leaves.flatMap((leaf) => {
    if (kind.skipped(leaf.path) || answered(leaf.path) || asked.includes(leaf.path)) return [];
    for (const answer of answersOf(leaf, kind.numbers)) {
      const after = kind.evaluate(withValueAt(input, leaf.path, answer));
      if (after !== undefined && kind.grades.indexOf(after.grade) > level)
        return [`${leaf.path} = ${JSON.stringify(answer)} gives ${after.grade} (was ${before.grade})`];
    }
    return [];
  });
}
