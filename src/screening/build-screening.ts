import { DECISIONS, decisionRank, maxDecision, type Decision } from '../contract.js';
import { openQuestions, type RuleStatuses } from '../engine/open-questions.js';
import type { RuleOutcome } from '../engine/run-rules.js';
import { matchedValues } from '../explain/matched-values.js';
import type { FactSnapshot } from '../facts/fact-values.js';
import type { LoadedScreeningRule, RuleSetInfo, ScreeningKnowledge } from '../rules/load-rule-set.js';
import { byId, derivedFacts, questionText } from '../assessment/build-assessment.js';
import type { MissingScreeningQuestion, Precaution, Screening, ScreeningReason, Wait } from './screening-types.js';
import { waitEnd } from './waits.js';
import { ruleIndex } from '../rules/rule-index.js';

interface BuildInput {
  readonly knowledge: ScreeningKnowledge;
  readonly ruleSet: RuleSetInfo;
  readonly facts: FactSnapshot;
  readonly outcomes: readonly RuleOutcome[];
  readonly statuses: RuleStatuses;
  readonly screenedAt: Date;
}

/** Combines screening rule outcomes: the strongest decision wins. */
export function buildScreening(input: BuildInput): Screening {
  const { knowledge, facts } = input;
  const index = ruleIndex(knowledge);
  const fired = input.outcomes
    .filter((outcome) => outcome.fired)
    .flatMap((outcome) => {
      const rule = index.byId.get(outcome.ruleId);
      return rule === undefined ? [] : [{ rule, outcome }];
    })
    .sort((a, b) => (index.position.get(a.rule.id) ?? 0) - (index.position.get(b.rule.id) ?? 0));

  const decision = fired.reduce<Decision>((strongest, { rule }) => maxDecision(strongest, rule.event.params.decision), DECISIONS[0]);
  const reasons = fired
    .map(({ rule, outcome }) => toReason(rule, outcome, facts))
    .sort((a, b) => decisionRank(b.decision) - decisionRank(a.decision) || byId(a.ruleId, b.ruleId));
  const waits = waitsOf(fired, facts, input.screenedAt);
  const postponing = fired.filter(({ rule }) => rule.event.params.decision === 'postpone');
  const allWaits = decision === 'postpone' && postponing.every(({ rule }) => waits.some((wait) => wait.ruleId === rule.id));
  const latest = waits.reduce<string | null>((max, wait) => (max === null || wait.until > max ? wait.until : max), null);

  return {
    decision,
    reasons,
    precautions: precautionsOf(reasons),
    postponeUntil: allWaits ? latest : null,
    waits,
    missing: missingQuestions(
      knowledge,
      input.statuses,
      decision,
      fired.some(({ rule }) => rule.floor !== undefined && rule.event.params.decision === decision),
    ),
    derived: derivedFacts(facts),
    screenedAt: input.screenedAt.toISOString(),
    ruleSet: input.ruleSet,
  };
}

function toReason(rule: LoadedScreeningRule, outcome: RuleOutcome, facts: FactSnapshot): ScreeningReason {
  const params = rule.event.params;
  return {
    ruleId: rule.id,
    decision: params.decision,
    blocking: rule.graded.flagged,
    description: rule.description,
    message: params.message,
    matched: matchedValues(outcome.conditions, facts),
    sources: rule.sources,
    precautions: params.precautions ?? [],
    file: rule.file,
  };
}

function waitsOf(fired: readonly { rule: LoadedScreeningRule }[], facts: FactSnapshot, from: Date): Wait[] {
  const waits = fired.flatMap(({ rule }) => {
    const wait = rule.event.params.wait;
    if (wait === undefined || rule.event.params.decision !== 'postpone') return [];
    const end = waitEnd(wait, facts.values[wait.fact] ?? null, from);
    return end === undefined ? [] : [{ ruleId: rule.id, until: end.until.toISOString(), days: end.days }];
  });
  return waits.sort((a, b) => byId(a.ruleId, b.ruleId));
}

/** Precautions of every fired rule, each once, with the rules asking for it. */
function precautionsOf(reasons: readonly ScreeningReason[]): Precaution[] {
  const byText = new Map<string, string[]>();
  for (const reason of reasons) {
    for (const text of reason.precautions) byText.set(text, [...(byText.get(text) ?? []), reason.ruleId]);
  }
  return [...byText].map(([text, rules]) => ({ text, rules }));
}

function missingQuestions(
  knowledge: ScreeningKnowledge,
  statuses: RuleStatuses,
  decision: Decision,
  floorHeld: boolean,
): MissingScreeningQuestion[] {
  const index = ruleIndex(knowledge);
  return openQuestions(index.graded, statuses, decisionRank(decision), index.questionOrder, floorHeld).map((open) => {
    const question = knowledge.questions.get(open.fact);
    return {
      id: open.fact,
      field: question?.field ?? open.fact,
      question: questionText(question, open.fact),
      couldRaiseTo: DECISIONS[open.couldRaiseTo] ?? decision,
      blocking: open.flagged,
      rules: [...open.rules].sort(byId),
    };
  });
}
