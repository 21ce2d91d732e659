import { LEVELS, levelRank, maxLevel, type CauseId, type ComparisonFinding, type Level } from '../contract.js';
import { matchedValues } from '../explain/matched-values.js';
import type { RuleOutcome } from '../engine/run-rules.js';
import type { FactSnapshot } from '../facts/fact-values.js';
import { HOURS_FACT } from '../facts/checkin-facts.js';
import { indexedFeatures, type IndexedFeature } from './comparison-features.js';
import { ruleIndex, type RuleIndex } from '../rules/rule-index.js';
import type { AssessmentKnowledge, LoadedAssessmentRule, RuleSetInfo } from '../rules/load-rule-set.js';
import type {
  Advice,
  Assessment,
  CauseResult,
  ComparisonRow,
  DerivedFact,
  MissingQuestion,
  PhaseResult,
  Reason,
} from './assessment-types.js';
import { openQuestions, type RuleStatuses } from '../engine/open-questions.js';
import { evaluateTriState } from '../engine/tri-state.js';

/** The cause reported when nothing points elsewhere. */
const NORMAL_HEALING: CauseId = 'normal-healing';

interface BuildInput {
  readonly knowledge: AssessmentKnowledge;
  readonly ruleSet: RuleSetInfo;
  readonly facts: FactSnapshot;
  readonly outcomes: readonly RuleOutcome[];
  readonly statuses: RuleStatuses;
  readonly assessedAt: string;
}

/** Combines rule outcomes into an assessment: the highest level wins. */
export function buildAssessment(input: BuildInput): Assessment {
  const { knowledge, facts, outcomes } = input;
  const index = ruleIndex(knowledge);
  const fired = outcomes
    .filter((outcome) => outcome.fired)
    .map((outcome) => ({ outcome, rule: index.byId.get(outcome.ruleId) }))
    .filter((entry): entry is { outcome: RuleOutcome; rule: LoadedAssessmentRule } => entry.rule !== undefined)
    .sort((a, b) => (index.position.get(a.rule.id) ?? 0) - (index.position.get(b.rule.id) ?? 0));

  const level = fired.reduce<Level>((highest, { rule }) => maxLevel(highest, rule.event.params.level), LEVELS[0]);
  const reasons = fired
    .map(({ outcome, rule }) => toReason(rule, outcome, facts))
    .sort((a, b) => levelRank(b.level) - levelRank(a.level) || byId(a.ruleId, b.ruleId));

  return {
    level,
    phase: phaseOf(fired, facts),
    causes: causesOf(reasons),
    comparison: comparisonOf(indexedFeatures(knowledge), reasons, facts),
    reasons,
    advice: adviceFor(knowledge, index, level, reasons, facts),
    missing: missingQuestions(
      knowledge,
      index,
      input.statuses,
      level,
      fired.some(({ rule }) => rule.floor !== undefined && rule.event.params.level === level),
    ),
    derived: derivedFacts(facts),
    assessedAt: input.assessedAt,
    ruleSet: input.ruleSet,
  };
}

function toReason(rule: LoadedAssessmentRule, outcome: RuleOutcome, facts: FactSnapshot): Reason {
  const params = rule.event.params;
  return {
    ruleId: rule.id,
    level: params.level,
    redFlag: rule.graded.flagged,
    description: rule.description,
    message: params.message,
    matched: matchedValues(outcome.conditions, facts),
    sources: rule.sources,
    causes: params.causes ?? [],
    file: rule.file,
  };
}

function phaseOf(fired: readonly { rule: LoadedAssessmentRule }[], facts: FactSnapshot): PhaseResult | null {
  const hours = facts.values[HOURS_FACT];
  const match = fired.find(({ rule }) => rule.event.params.phase !== undefined);
  const phase = match?.rule.event.params.phase;
  if (match === undefined || phase === undefined || typeof hours !== 'number') return null;
  return { ...phase, hoursSinceTreatment: hours, ruleId: match.rule.id };
}

/**
 * Causes named by the fired rules, highest level first. `normal-healing` is named only while no
 * rule above `expected` fired: a result that is not "consistent with normal healing" does not
 * name it, whether or not another cause is known.
 */
function causesOf(reasons: readonly Reason[]): CauseResult[] {
  const causes = new Map<CauseId, { level: Level; rules: string[] }>();
  for (const reason of reasons) {
    for (const cause of reason.causes) {
      const entry = causes.get(cause) ?? { level: reason.level, rules: [] };
      entry.level = maxLevel(entry.level, reason.level);
      entry.rules.push(reason.ruleId);
      causes.set(cause, entry);
    }
  }
  if (reasons.some((reason) => levelRank(reason.level) > 0)) causes.delete(NORMAL_HEALING);
  return [...causes]
    .map(([id, entry]) => ({ id, level: entry.level, rules: [...entry.rules].sort(byId) }))
    .sort((a, b) => levelRank(b.level) - levelRank(a.level) || byId(a.id, b.id));
}

/** One row per feature; an infection finding outweighs a normal one; no finding is `unknown`. */
function comparisonOf(features: readonly IndexedFeature[], reasons: readonly Reason[], facts: FactSnapshot): ComparisonRow[] {
  const firedIds = new Set(reasons.map((reason) => reason.ruleId));
  return features.map(({ feature, rules, facts: featureFacts }) => {
    const decided = rules.filter((rule) => firedIds.has(rule.id));
    const findings = decided.map((rule) => rule.event.params.comparison?.finding);
    const finding: ComparisonFinding = findings.includes('infection') ? 'infection' : findings.includes('normal') ? 'normal' : 'unknown';
    return {
      feature: feature.id,
      label: feature.label,
      finding,
      normal: feature.normal,
      infection: feature.infection,
      observed: Object.fromEntries(featureFacts.map((fact) => [fact, facts.values[fact] ?? null])),
      rules: decided
        .filter((rule) => rule.event.params.comparison?.finding === finding)
        .map((rule) => rule.id)
        .sort(byId),
    };
  });
}

/**
 * The level's care advice and the advice of the rules that fired, each line once, in that order:
 * without the lines whose condition does not hold for the check-in, and without the lines that a
 * kept line replaces. The summary says why the level was reached when the rules give a choice.
 */
function adviceFor(
  knowledge: AssessmentKnowledge,
  index: RuleIndex<LoadedAssessmentRule>,
  level: Level,
  reasons: readonly Reason[],
  facts: FactSnapshot,
): Advice {
  const base = knowledge.advice[level];
  const requested = new Set([...base.now, ...reasons.flatMap((reason) => index.byId.get(reason.ruleId)?.event.params.advice ?? [])]);
  const applying = [...requested].flatMap((id) => {
    const line = knowledge.adviceLines.get(id);
    return line !== undefined && (line.when === undefined || evaluateTriState(line.when, facts.values).status === true) ? [line] : [];
  });
  const replaced = new Set(applying.flatMap((line) => line.replaces ?? []));
  const lines = applying.filter((line) => !replaced.has(line.id));
  return {
    level,
    summary: summaryFor(base, level, reasons, index),
    now: lines.map((line) => line.text),
    nowIds: lines.map((line) => line.id),
    callBackIf: base.callBackIf,
    ...(base.recheckInHours === undefined ? {} : { recheckInHours: base.recheckInHours }),
    sources: base.sources,
  };
}

/** The level's summary: for a level held only by the floor, the open-questions wording; for both, the combined one. */
function summaryFor(
  base: AssessmentKnowledge['advice'][Level],
  level: Level,
  reasons: readonly Reason[],
  index: RuleIndex<LoadedAssessmentRule>,
): Advice['summary'] {
  const atLevel = reasons.filter((reason) => reason.level === level);
  const floor = atLevel.some((reason) => index.byId.get(reason.ruleId)?.floor !== undefined);
  const pattern = atLevel.some((reason) => index.byId.get(reason.ruleId)?.floor === undefined);
  if (floor && !pattern) return base.summaries?.openQuestions ?? base.summary;
  if (floor && pattern) return base.summaries?.patternAndOpenQuestions ?? base.summary;
  return base.summary;
}

/** Unanswered questions that could raise the level, with their text. */
function missingQuestions(
  knowledge: AssessmentKnowledge,
  index: RuleIndex<LoadedAssessmentRule>,
  statuses: RuleStatuses,
  level: Level,
  floorHeld: boolean,
): MissingQuestion[] {
  return openQuestions(index.graded, statuses, levelRank(level), index.questionOrder, floorHeld).map((open) => ({
    id: open.fact,
    field: knowledge.questions.get(open.fact)?.field ?? open.fact,
    question: questionText(knowledge.questions.get(open.fact), open.fact),
    couldRaiseTo: LEVELS[open.couldRaiseTo] ?? level,
    redFlag: open.flagged,
    rules: [...open.rules].sort(byId),
  }));
}

/** Orders ids so that results do not depend on the order of rules in their files. */
export function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The question's wording, or a generic one when the rule set has none for the fact. */
export function questionText(
  question: { patient: string; clinician: string } | undefined,
  fact: string,
): { patient: string; clinician: string } {
  return question === undefined
    ? { patient: `Please answer: ${fact}`, clinician: fact }
    : { patient: question.patient, clinician: question.clinician };
}

/** The facts the evaluator derived, with their values and how each was derived. */
export function derivedFacts(facts: FactSnapshot): DerivedFact[] {
  return Object.entries(facts.derivations).map(([fact, derivation]) => ({ fact, value: facts.values[fact] ?? null, derivation }));
}
