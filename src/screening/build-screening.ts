import type { Decision } from '../contract.js';
import type { RuleStatuses } from '../engine/open-questions.js';
import type { RuleOutcome } from '../engine/rule-runner.js';
import { byId } from '../evaluation/by-id.js';
import { firedRules, type FiredRule } from '../evaluation/fired-rules.js';
import { missingEntries } from '../evaluation/missing-questions.js';
import { DECISION_SCALE } from '../evaluation/scale.js';
import { derivedFacts } from '../explain/derived-facts.js';
import { matchedValues } from '../explain/matched-values.js';
import type { FactSnapshot } from '../facts/fact-values.js';
import type { LoadedScreeningRule, RuleSetInfo, ScreeningKnowledge } from '../rules/load-rule-set.js';
import type { Precaution, Screening, ScreeningReason, Wait } from './screening-types.js';
import { waitEnd } from './waits.js';
import { screeningHeadline, screeningPatientView } from './screening-views.js';
import { screeningClinicianSummary } from '../assessment/clinician-summary.js';

interface BuildInput {
  readonly knowledge: ScreeningKnowledge;
  readonly ruleSet: RuleSetInfo;
  readonly facts: FactSnapshot;
  /** One outcome per rule, in the order of `knowledge.rules`. */
  readonly outcomes: readonly RuleOutcome[];
  readonly statuses: RuleStatuses;
  readonly screenedAt: Date;
  /** The validated screening input: what the candidate answered, for the clinician summary. */
  readonly candidate: unknown;
}

/** Combines screening rule outcomes: the strongest decision wins. */
export function buildScreening(input: BuildInput): Screening {
  const { knowledge, facts } = input;
  const fired = firedRules(knowledge.rules, input.outcomes);
  const decision = fired.reduce<Decision>(
    (strongest, { rule }) => DECISION_SCALE.max(strongest, rule.event.params.decision),
    DECISION_SCALE.lowest,
  );
  const reasons = fired
    .map(({ rule, outcome }) => toReason(rule, outcome, facts))
    .sort((a, b) => DECISION_SCALE.rank(b.decision) - DECISION_SCALE.rank(a.decision) || byId(a.ruleId, b.ruleId));
  const waits = waitsOf(fired, facts, input.screenedAt);
  const postponing = fired.filter(({ rule }) => rule.event.params.decision === 'postpone');
  const allWaits = decision === 'postpone' && postponing.every(({ rule }) => waits.some((wait) => wait.ruleId === rule.id));
  const latest = waits.reduce<string | null>((max, wait) => (max === null || wait.until > max ? wait.until : max), null);
  const postponeUntil = allWaits ? latest : null;
  const missing = missingEntries(
    knowledge,
    input.statuses,
    DECISION_SCALE,
    decision,
    fired.some(({ rule }) => rule.floor !== undefined && rule.event.params.decision === decision),
  ).map(({ id, field, question, couldRaiseTo, flagged, rules }) => ({ id, field, question, couldRaiseTo, blocking: flagged, rules }));
  const deciding = fired.filter(({ rule }) => rule.event.params.decision === decision).map(({ rule }) => rule);
  // By id, as in `reasons`: the order of the explanation.
  deciding.sort((a, b) => byId(a.id, b.id));
  const headline = screeningHeadline(knowledge, decision, deciding, postponeUntil);

  return {
    decision,
    reasons,
    precautions: precautionsOf(reasons),
    postponeUntil,
    waits,
    patient: screeningPatientView(knowledge, decision, deciding, headline),
    clinician: screeningClinicianSummary(knowledge, input.candidate, { decision, missing }, headline.clinician),
    missing,
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
    matched: matchedValues(outcome.supporting, facts),
    sources: rule.sources,
    precautions: params.precautions ?? [],
    file: rule.file,
  };
}

function waitsOf(fired: readonly FiredRule<LoadedScreeningRule>[], facts: FactSnapshot, from: Date): Wait[] {
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
