import type { Assessment } from '../assessment/assessment-types.js';
import { clinicianSummary, screeningClinicianSummary } from '../assessment/clinician-summary.js';
import { checkInSchema } from '../checkin/checkin-schema.js';
import { DECISIONS, LEVELS, type Decision, type Level } from '../contract.js';
import { checkInFacts } from '../facts/checkin-facts.js';
import { screeningFacts } from '../facts/screening-facts.js';
import { schemaLeaves } from '../facts/schema-leaves.js';
import type { LoadedRuleSet } from '../rules/load-rule-set.js';
import type { RuleMessage, TopLevelCondition } from '../rules/rule-set-schema.js';
import { screeningInputSchema } from '../screening/screening-schema.js';
import type { Screening } from '../screening/screening-types.js';
import type { InterviewKind } from './interviewer.js';

const CHECK_IN_FIELDS = new Map(schemaLeaves(checkInSchema).map((leaf) => [leaf.path, leaf]));
const SCREENING_FIELDS = new Map(schemaLeaves(screeningInputSchema).map((leaf) => [leaf.path, leaf]));

/** What both kinds give the interview in the same way: the rules by rank, what fired, what was derived. */
function sharedParts(
  rules: readonly {
    readonly id: string;
    readonly conditions: TopLevelCondition;
    readonly graded: { readonly rank: number };
    readonly floor?: unknown;
  }[],
) {
  return {
    rules: rules.map((rule) => ({ id: rule.id, conditions: rule.conditions, rank: rule.graded.rank, floor: rule.floor !== undefined })),
    fired: (result: { readonly reasons: readonly { readonly ruleId: string }[] }) => result.reasons.map((reason) => reason.ruleId),
    derived: (result: { readonly derived: readonly { readonly fact: string }[] }) => result.derived.map((fact) => fact.fact),
  };
}

/** An open question as the interview reads it, from either kind's `missing` (`holdsFloor`: the kind's own flag). */
function missingQuestion<G extends string>(
  open: {
    readonly id: string;
    readonly field: string;
    readonly question: RuleMessage;
    readonly couldRaiseTo: G;
    readonly rules: readonly string[];
  },
  holdsFloor: boolean,
) {
  return { id: open.id, field: open.field, question: open.question, couldRaiseTo: open.couldRaiseTo, holdsFloor, rules: open.rules };
}

/** The check-in interview over a rule set's assessment rules. */
export function checkInInterview(
  ruleSet: LoadedRuleSet,
  assess: (input: unknown) => Promise<Assessment>,
): InterviewKind<Assessment, Level> {
  const knowledge = ruleSet.assessment;
  return {
    scale: LEVELS,
    fields: CHECK_IN_FIELDS,
    questions: knowledge.questions,
    groups: knowledge.groups,
    reported: knowledge.reported,
    ...sharedParts(knowledge.rules),
    evaluate: assess,
    grade: (result) => result.level,
    missing: (result) => result.missing.map((open) => missingQuestion(open, open.redFlag)),
    inputsOf: (fact) => checkInFacts.facts.get(fact)?.inputs ?? [],
    derivations: knowledge.derivations,
    action: (result) => ({ summary: { ...result.advice.summary, patient: result.patient.headline }, steps: result.patient.actions }),
    withUnknown: (result, input, unknown) => ({ ...result, clinician: clinicianSummary(knowledge, input, result, unknown) }),
  };
}

/** The screening interview over a rule set's screening rules. */
export function screeningInterview(
  ruleSet: LoadedRuleSet,
  screen: (input: unknown) => Promise<Screening>,
): InterviewKind<Screening, Decision> {
  const knowledge = ruleSet.screening;
  return {
    scale: DECISIONS,
    fields: SCREENING_FIELDS,
    questions: knowledge.questions,
    groups: knowledge.groups,
    ...sharedParts(knowledge.rules),
    evaluate: screen,
    grade: (result) => result.decision,
    missing: (result) => result.missing.map((open) => missingQuestion(open, open.blocking)),
    inputsOf: (fact) => screeningFacts.facts.get(fact)?.inputs ?? [],
    derivations: knowledge.derivations,
    action: (result) => ({
      summary: { clinician: result.clinician.headline, patient: result.patient.headline },
      steps: result.patient.actions,
    }),
    withUnknown: (result, input, unknown) => ({
      ...result,
      clinician: screeningClinicianSummary(knowledge, input, result, result.clinician.headline, unknown),
    }),
  };
}
