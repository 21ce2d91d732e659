import type { ResumeItem } from '../rules/rule-set-schema.js';

/** What the check-in needs of a resumption time. */
export type ResumeTime = Pick<ResumeItem, 'item' | 'earliestHours' | 'earliestHoursIfCleared'>;

/**
 * Which resumed actives came back before the aftercare rules allow them: the time with the
 * provider's clearance when it was given (and the rules have one), otherwise the time without.
 * Unknown when the actives or the hours are unknown.
 */
export function activesResumedEarly(
  resumed: readonly string[] | undefined,
  hours: number | null,
  resume: readonly ResumeTime[],
  cleared = false,
): { actives: string[]; explanation: string } | undefined {
  if (resumed === undefined || hours === null) return undefined;
  const early = [...resumed].sort().flatMap((active) => {
    const item = resume.find((candidate) => candidate.item === active);
    if (item === undefined) return [];
    const earliestHours = cleared ? (item.earliestHoursIfCleared ?? item.earliestHours) : item.earliestHours;
    return hours < earliestHours ? [{ active, earliestHours }] : [];
  });
  const explanation = early
    .map(({ active, earliestHours }) => `${active} resumed at ${hours.toFixed(0)} h; earliest ${String(earliestHours)} h`)
    .join('; ');
  return { actives: early.map(({ active }) => active), explanation };
}
