import type { ResumeItem } from '../rules/rule-set-schema.js';

/** What the check-in needs of a resumption time. */
export type ResumeTime = Pick<ResumeItem, 'item' | 'earliestHours'>;

/**
 * Which resumed actives came back before the aftercare rules allow them. Once the treating
 * provider has cleared reintroducing actives, none counts as early: a check-in does not tell the
 * patient to stop what the clinician cleared. Unknown when the actives or the hours are unknown.
 */
export function activesResumedEarly(
  resumed: readonly string[] | undefined,
  hours: number | null,
  resume: readonly ResumeTime[],
  cleared = false,
): { actives: string[]; explanation: string } | undefined {
  if (resumed === undefined || hours === null) return undefined;
  if (cleared) return { actives: [], explanation: 'the treating provider cleared reintroducing actives' };
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
