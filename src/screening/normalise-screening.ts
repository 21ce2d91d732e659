import { parseInput } from '../input/parse-input.js';
import { ObservationError } from '../input/observation-error.js';
import { applyBand, derivationConflicts } from '../facts/band-derivation.js';
import { applyGates, type GatedQuestion } from '../facts/question-gates.js';
import { NEVER, readFacts, type FreshFacts, type FactValue } from '../facts/fact-values.js';
import { screeningFacts } from '../facts/screening-facts.js';
import type { BandDerivation } from '../rules/rule-set-schema.js';
import { screeningInputSchema, type ScreeningInput } from './screening-schema.js';

/** What a screening input needs of the rules: the bands, and the questions asked only while another answer leaves them open. */
export interface ScreeningInputKnowledge {
  readonly derivations: readonly BandDerivation[];
  readonly gates?: readonly GatedQuestion[];
}

/** A validated screening input and the facts derived from it. */
export interface NormalisedScreening {
  readonly input: ScreeningInput;
  readonly facts: FreshFacts;
}

/**
 * Validates a screening input and turns it into facts: every fact present, `null` when not
 * asked; an explicit `null` ("never", "first session") becomes {@link NEVER}.
 *
 * @throws {ObservationError} for any input that does not match the contract.
 */
export function normaliseScreening(raw: unknown, knowledge: ScreeningInputKnowledge): NormalisedScreening {
  const input = checkScreening(raw, knowledge);
  // Omitted: not asked (null). Given as null: never (NEVER).
  const values = readFacts(input, screeningFacts.facts, (value) => (value === null ? NEVER : ((value ?? null) as FactValue)));
  const derivationNotes: Record<string, string> = {};
  for (const derivation of knowledge.derivations) {
    const note = applyBand(values, derivation);
    if (note !== undefined) derivationNotes[derivation.fact] = note;
  }
  Object.assign(derivationNotes, applyGates(values, knowledge.gates ?? []));
  return { input, facts: { values, derivations: derivationNotes } };
}

/**
 * Validates a screening input: the schema, with its friendly issues, then answers that
 * contradict each other (a planned depth class that the needle length does not give, by the
 * rules' bands). The one door both `screen` and `parseScreening` go through: a check across
 * fields added here applies to both.
 *
 * @throws {ObservationError} for any input that does not match the contract.
 */
export function checkScreening(raw: unknown, knowledge: ScreeningInputKnowledge): ScreeningInput {
  const input = parseInput(screeningInputSchema, raw);
  const issues = derivationConflicts(input, knowledge.derivations);
  if (issues.length > 0) throw new ObservationError(issues);
  return input;
}
