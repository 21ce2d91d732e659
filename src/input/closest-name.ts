/** Largest edit distance at which a known name is offered as a suggestion. */
const MAX_SUGGESTION_DISTANCE = 2;
/** Names longer than this get no suggestion: no known name is that long, so none is within reach. */
export const MAX_SUGGESTED_NAME = 64;
/** Known names compared at most, so that the work per name stays bounded whatever the caller passes. */
export const MAX_CANDIDATES = 1_000;

/**
 * The known name closest to `name` by edit distance, if one is close enough to be a typo. The
 * work is bounded: a name longer than {@link MAX_SUGGESTED_NAME} is not compared, a candidate whose
 * length alone puts it out of reach is skipped, at most {@link MAX_CANDIDATES} candidates are
 * compared, and each comparison stops once the distance is out of reach.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  if (name.length > MAX_SUGGESTED_NAME) return undefined;
  let best: string | undefined;
  let bestDistance = MAX_SUGGESTION_DISTANCE + 1;
  const lower = name.toLowerCase();
  const count = Math.min(known.length, MAX_CANDIDATES);
  for (let index = 0; index < count; index += 1) {
    const candidate = known[index] ?? '';
    if (Math.abs(candidate.length - lower.length) >= bestDistance || candidate.length > MAX_SUGGESTED_NAME) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Levenshtein distance between two strings. With `limit`, a distance above it comes back as some
 * number above it (`limit + 1` when the work was cut short: a row's minimum only grows).
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const cell = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      current.push(cell);
      rowMinimum = Math.min(rowMinimum, cell);
    }
    if (rowMinimum > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
