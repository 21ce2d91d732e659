/**
 * The public contract: the names below are part of the API (see the product brief).
 * They are extended, never renamed.
 *
 * @module
 */

/** Post-procedure assessment levels, lowest to highest. */
export const LEVELS = ['expected', 'monitor', 'contact-provider', 'urgent'] as const;

/**
 * A post-procedure assessment level.
 *
 * - `expected`: consistent with normal healing for the time since treatment.
 * - `monitor`: not typical, no warning signs; self-care and re-check. Also the floor while
 *   red-flag questions are unanswered.
 * - `contact-provider`: contact the treating clinician today.
 * - `urgent`: seek urgent care now.
 */
export type Level = (typeof LEVELS)[number];

/** Pre-treatment screening decisions, lowest to highest. */
export const DECISIONS = ['proceed', 'proceed-with-caution', 'postpone', 'contraindicated'] as const;

/** A pre-treatment screening decision. */
export type Decision = (typeof DECISIONS)[number];

/** Suspected causes a post-procedure assessment can name. */
export const CAUSE_IDS = [
  'normal-healing',
  'infection',
  'contact-dermatitis',
  'rosacea-flare',
  'pih',
  'hypopigmentation',
  'hsv-reactivation',
  'scarring',
  'granulomatous-reaction',
  'acne-flare',
  'bruising',
  'prolonged-inflammation',
] as const;

/** A suspected cause id. */
export type CauseId = (typeof CAUSE_IDS)[number];

/** The six features of the infection-versus-normal comparison. */
export const COMPARISON_FEATURES = ['timing', 'pain', 'discharge', 'systemic-signs', 'warmth', 'lymph-nodes'] as const;

/** A feature of the infection-versus-normal comparison. */
export type ComparisonFeature = (typeof COMPARISON_FEATURES)[number];

/** How one comparison feature reads for this check-in. */
export type ComparisonFinding = 'normal' | 'infection' | 'unknown';

/** Products and activities whose resumption after treatment the aftercare guide times. */
export const AFTERCARE_ITEMS = [
  'hyaluronic-acid',
  'vitamin-c',
  'retinoid',
  'acid',
  'benzoyl-peroxide',
  'makeup-mineral',
  'makeup',
  'exercise',
  'sauna-swimming',
  'direct-sun',
  'sunscreen',
  'next-session',
] as const;

/** A product or activity timed by the aftercare guide. */
export type AftercareItem = (typeof AFTERCARE_ITEMS)[number];

/** Position of a level in {@link LEVELS} (0 = `expected`). */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

/** Position of a decision in {@link DECISIONS} (0 = `proceed`). */
export function decisionRank(decision: Decision): number {
  return DECISIONS.indexOf(decision);
}

/** The stronger of two decisions. */
export function maxDecision(a: Decision, b: Decision): Decision {
  return decisionRank(a) >= decisionRank(b) ? a : b;
}

/** The higher of two levels. */
export function maxLevel(a: Level, b: Level): Level {
  return levelRank(a) >= levelRank(b) ? a : b;
}
