import type { FactSnapshot, FactValue } from '../facts/fact-values.js';

/** A derived fact and how it was obtained. */
export interface DerivedFact {
  readonly fact: string;
  readonly value: FactValue;
  readonly derivation: string;
}

/** The facts the evaluator derived, with their values and how each was derived. */
export function derivedFacts(facts: FactSnapshot): DerivedFact[] {
  return Object.entries(facts.derivations).map(([fact, derivation]) => ({ fact, value: facts.values[fact] ?? null, derivation }));
}
