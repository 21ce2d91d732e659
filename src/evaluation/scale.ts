import { DECISIONS, LEVELS, type Decision, type Level } from '../contract.js';

/** An ordered scale of grades (levels, decisions), lowest first: the higher the grade, the more concern. */
export interface Scale<G extends string> {
  readonly grades: readonly G[];
  /** The lowest grade: the result when no rule fires. */
  readonly lowest: G;
  /** A grade's position (0 = lowest). */
  rank(grade: G): number;
  /** The grade at a position. */
  at(rank: number): G | undefined;
  /** The higher of two grades. */
  max(a: G, b: G): G;
}

function scaleOf<G extends string>(grades: readonly [G, ...G[]]): Scale<G> {
  const ranks = new Map(grades.map((grade, rank) => [grade, rank]));
  const rank = (grade: G): number => ranks.get(grade) ?? -1;
  return {
    grades,
    lowest: grades[0],
    rank,
    at: (position) => grades[position],
    max: (a, b) => (rank(a) >= rank(b) ? a : b),
  };
}

/** The assessment levels, `expected` to `urgent`. */
export const LEVEL_SCALE: Scale<Level> = scaleOf<Level>(LEVELS);
/** The screening decisions, `proceed` to `contraindicated`. */
export const DECISION_SCALE: Scale<Decision> = scaleOf<Decision>(DECISIONS);
