import { ACTIVES_EARLY_FACT, HOURS_FACT } from '../facts/checkin-facts.js';
import { derivedFact, type DerivedFactModel } from '../facts/fact-routes.js';
import type { ResumeItem } from '../rules/rule-set-schema.js';
import { activeSchema, MAX_HOURS } from './checkin-schema.js';

/** What the check-in needs of a resumption time. */
export type ResumeTime = Pick<ResumeItem, 'item' | 'earliestHours'>;

/** The question of the clinician's clearance (asked by the clinic; it has no entry in the questions file). */
const CLEARED_QUESTION = 'exposures.activesClearedByProvider';

/**
 * Which resumed actives came back before the aftercare rules allow them. Once the treating
 * provider has cleared reintroducing actives, none counts as early: a check-in does not tell the
 * patient to stop what the clinician cleared; none resumed, none early. Otherwise unknown while
 * the actives or the hours are unknown.
 */
export function activesResumedEarly(
  resumed: readonly string[] | undefined,
  hours: number | null,
  resume: readonly ResumeTime[],
  cleared = false,
): { actives: string[]; explanation: string } | undefined {
  if (cleared) return { actives: [], explanation: 'the treating provider cleared reintroducing actives' };
  if (resumed === undefined) return undefined;
  if (resumed.length === 0) return { actives: [], explanation: 'no actives resumed' };
  if (hours === null) return undefined;
  const early = [...resumed].sort().flatMap((active) => {
    const item = resume.find((candidate) => candidate.item === active);
    if (item === undefined) return [];
    return hours < item.earliestHours ? [{ active, earliestHours: item.earliestHours }] : [];
  });
  const explanation = early
    .map(({ active, earliestHours }) => `${active} resumed at ${hours.toFixed(0)} h; earliest ${String(earliestHours)} h`)
    .join('; ');
  return { actives: early.map(({ active }) => active), explanation };
}

/**
 * The early-actives fact as the open-question analysis reads it: worked out from the actives
 * resumed, the hours and the clearance; unknown hours tried at the fewest the check-in allows
 * (`least`), at each resumption time after it and at the largest.
 */
export function activesEarlyModel(
  resumed: readonly string[] | undefined,
  hours: number | null,
  resume: readonly ResumeTime[],
  cleared: boolean | undefined,
  least = 0,
): DerivedFactModel {
  const times = [least, ...resume.map((item) => item.earliestHours).filter((time) => time >= least && time <= MAX_HOURS), MAX_HOURS];
  const earliest = new Map<string, number>(resume.map((item) => [item.item, item.earliestHours]));
  return derivedFact(
    [
      { question: ACTIVES_EARLY_FACT, given: resumed, domain: SUBSETS },
      { question: HOURS_FACT, given: hours ?? undefined, domain: [...new Set(times)] },
      { question: CLEARED_QUESTION, given: cleared, domain: [false, true] },
    ],
    ([actives, time, clear]) => {
      if (clear === true) return [];
      if (actives === undefined) return null;
      const list = actives as readonly string[];
      if (list.length === 0) return [];
      if (time === undefined) return null;
      return list.filter((active) => (time as number) < (earliest.get(active) ?? Number.NEGATIVE_INFINITY)).sort();
    },
  );
}

/** Every list of resumed actives, each sorted. */
const SUBSETS: readonly (readonly string[])[] = subsets([...activeSchema.options].sort());

/** Every subset of a list (the list has a handful of items). */
function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((all, item) => [...all, ...all.map((subset) => [...subset, item])], [[]]);
}
