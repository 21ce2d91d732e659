import type { CauseId, ComparisonFinding, Level } from '../contract.js';
import { matchedValues } from '../explain/matched-values.js';
import type { RuleOutcome } from '../engine/rule-runner.js';
import type { FactSnapshot, FactValue } from '../facts/fact-values.js';
import { HOURS_FACT } from '../facts/checkin-facts.js';
import { indexedFeatures, type IndexedFeature } from './comparison-features.js';
import type { AssessmentKnowledge, LoadedAssessmentRule, RuleSetInfo } from '../rules/load-rule-set.js';
import type { Advice, Assessment, CauseResult, ComparisonRow, PhaseResult, Reason } from './assessment-types.js';
import type { RuleStatuses } from '../engine/open-questions.js';
import { byId } from '../evaluation/by-id.js';
import { derivedFacts } from '../explain/derived-facts.js';
import { firedRules, type FiredRule } from '../evaluation/fired-rules.js';
import { missingEntries } from '../evaluation/missing-questions.js';
import { LEVEL_SCALE } from '../evaluation/scale.js';
import { applyingLines, patientView } from './patient-view.js';
import { clinicianSummary } from './clinician-summary.js';
import { headlineOf } from '../evaluation/grade-wording.js';

/** The cause reported when nothing points elsewhere. */
const NORMAL_HEALING: CauseId = 'normal-healing';

interface BuildInput {
  readonly knowledge: AssessmentKnowledge;
  readonly ruleSet: RuleSetInfo;
  readonly facts: FactSnapshot;
  /** One outcome per rule, in the order of `knowledge.rules`. */
  readonly outcomes: readonly RuleOutcome[];
  readonly statuses: RuleStatuses;
  readonly assessedAt: string;
  /** The validated check-in: what the person answered, for the clinician summary. */
  readonly checkIn: unknown;
}

/** Combines rule outcomes into an assessment: the highest level wins. */
export function buildAssessment(input: BuildInput): Assessment {
  const { knowledge, facts } = input;
  const fired = firedRules(knowledge.rules, input.outcomes);
  const level = fired.reduce<Level>((highest, { rule }) => LEVEL_SCALE.max(highest, rule.event.params.level), LEVEL_SCALE.lowest);
  // Highest level first, then by id: the order of reasons, and of the advice they ask for.
  const ranked = [...fired].sort(
    (a, b) => LEVEL_SCALE.rank(b.rule.event.params.level) - LEVEL_SCALE.rank(a.rule.event.params.level) || byId(a.rule.id, b.rule.id),
  );
  const reasons = ranked.map(({ outcome, rule }) => toReason(rule, outcome, facts));
  const advice = adviceFor(knowledge, level, ranked, facts);
  const missing = missingEntries(
    knowledge,
    input.statuses,
    LEVEL_SCALE,
    level,
    fired.some(({ rule }) => rule.floor !== undefined && rule.event.params.level === level),
  ).map(({ id, field, question, couldRaiseTo, flagged, rules }) => ({ id, field, question, couldRaiseTo, redFlag: flagged, rules }));

  return {
    level,
    phase: phaseOf(fired, facts),
    causes: causesOf(reasons),
    comparison: comparisonOf(indexedFeatures(knowledge), reasons, facts),
    reasons,
    advice,
    patient: patientView(knowledge, level, ranked, advice.summary, facts),
    clinician: clinicianSummary(knowledge, input.checkIn, { level, advice, missing }),
    missing,
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
    matched: matchedValues(outcome.supporting, facts),
    sources: rule.sources,
    causes: params.causes ?? [],
    file: rule.file,
  };
}

function phaseOf(fired: readonly FiredRule<LoadedAssessmentRule>[], facts: FactSnapshot): PhaseResult | null {
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
      entry.level = LEVEL_SCALE.max(entry.level, reason.level);
      entry.rules.push(reason.ruleId);
      causes.set(cause, entry);
    }
  }
  if (reasons.some((reason) => LEVEL_SCALE.rank(reason.level) > 0)) causes.delete(NORMAL_HEALING);
  return [...causes]
    .map(([id, entry]) => ({ id, level: entry.level, rules: [...entry.rules].sort(byId) }))
    .sort((a, b) => LEVEL_SCALE.rank(b.level) - LEVEL_SCALE.rank(a.level) || byId(a.id, b.id));
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
      observed: observedValues(featureFacts, facts),
      rules: decided
        .filter((rule) => rule.event.params.comparison?.finding === finding)
        .map((rule) => rule.id)
        .sort(byId),
    };
  });
}

/**
 * The level's care advice and the advice of the rules that fired, in that order (each line once,
 * see `applyingLines`). The summary says why the level was reached when the rules give a choice.
 */
function adviceFor(
  knowledge: AssessmentKnowledge,
  level: Level,
  ranked: readonly FiredRule<LoadedAssessmentRule>[],
  facts: FactSnapshot,
): Advice {
  const base = knowledge.advice[level];
  const lines = applyingLines(knowledge, [...base.now, ...ranked.flatMap(({ rule }) => rule.event.params.advice ?? [])], facts);
  return {
    level,
    summary: headlineOf(
      base,
      ranked.filter(({ rule }) => rule.event.params.level === level).map(({ rule }) => rule),
    ),
    now: lines.map((line) => line.text),
    nowIds: lines.map((line) => line.id),
    callBackIf: base.callBackIf,
    ...(base.recheckInHours === undefined ? {} : { recheckInHours: base.recheckInHours }),
    sources: base.sources,
  };
}

/** The values of some facts, by fact id. */
function observedValues(ids: readonly string[], facts: FactSnapshot): Record<string, FactValue> {
  const observed: Record<string, FactValue> = {};
  for (const id of ids) observed[id] = facts.values[id] ?? null;
  return observed;
}
