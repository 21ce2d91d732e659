import type { FactValue } from './fact-values.js';

/**
 * How answers to unanswered questions could still change a derived fact: answering every
 * question in `questions` (and no other) can give the fact any of `values`. The open-question
 * analysis reads a derived fact through its routes, so that the questions that feed it (the sign
 * behind a recorded trend, the stated trend beside a recorded one, the time behind early actives)
 * are open exactly when an answer to them could change what a rule sees.
 */
export interface FactRoute {
  /** Question ids (fact ids of the questions file), fewest first. */
  readonly questions: readonly string[];
  readonly values: readonly FactValue[];
}

/**
 * A derived fact as the open-question analysis reads it: the inputs it is worked out from (with
 * the questions that answer them), how, and its routes.
 */
export interface DerivedFactModel {
  readonly inputs: readonly RouteInput[];
  /** The fact's value for answers to the inputs, in order (`undefined`: unanswered), or {@link REFUSED}. */
  readonly derive: (answers: readonly unknown[]) => FactValue | typeof REFUSED;
  readonly routes: readonly FactRoute[];
}

/**
 * Derived facts, by fact id. A fact listed here is read through its routes (none: settled, even
 * when `null`); a fact not listed is read as usual (`null`: its own question is open).
 */
export type FactRoutes = Readonly<Record<string, DerivedFactModel>>;

/** A derived fact's model, with its routes worked out by {@link routesOf} when first read (most facts' leaves never need them). */
export function derivedFact(inputs: readonly RouteInput[], derive: DerivedFactModel['derive']): DerivedFactModel {
  let routes: readonly FactRoute[] | undefined;
  return {
    inputs,
    derive,
    get routes() {
      routes ??= routesOf(inputs, derive);
      return routes;
    },
  };
}

/** One input of a derivation: the question that answers it, its answer if given, and every answer it could get. */
export interface RouteInput {
  readonly question: string;
  readonly given: unknown;
  readonly domain: readonly unknown[];
}

/** A value as a map key (lists by their items). */
export function keyOf(value: FactValue): string {
  return Array.isArray(value) ? `[${value.join('\u0000')}` : `${typeof value}:${String(value)}`;
}

/** What a derivation returns for a combination of answers the input contract refuses. */
export const REFUSED: unique symbol = Symbol('refused');

/**
 * The routes of a derived fact, by brute force: for every non-empty set of unanswered inputs,
 * every combination of their answers (the other inputs as given), the values `derive` gives.
 * Derivations have two or three inputs with a handful of answers each, so this stays small.
 */
export function routesOf(inputs: readonly RouteInput[], derive: (answers: readonly unknown[]) => FactValue | typeof REFUSED): FactRoute[] {
  const open = inputs.flatMap((input, index) => (input.given === undefined ? [index] : []));
  const routes: FactRoute[] = [];
  for (let mask = 1; mask < 1 << open.length; mask += 1) {
    const chosen = open.filter((_, bit) => (mask & (1 << bit)) !== 0);
    const values = new Map<string, FactValue>();
    const answers = inputs.map((input) => input.given);
    const visit = (depth: number): void => {
      if (depth === chosen.length) {
        const value = derive(answers);
        if (value !== REFUSED) values.set(keyOf(value), value);
        return;
      }
      const index = chosen[depth] ?? 0;
      for (const answer of inputs[index]?.domain ?? []) {
        answers[index] = answer;
        visit(depth + 1);
      }
      answers[index] = undefined;
    };
    visit(0);
    routes.push({ questions: chosen.map((index) => inputs[index]?.question ?? ''), values: [...values.values()] });
  }
  return routes.sort((a, b) => a.questions.length - b.questions.length);
}
