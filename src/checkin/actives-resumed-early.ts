import type { ResumeItem } from '../rules/rule-set-schema.js';

/**
 * Which resumed actives came back before the aftercare rules allow them (the time without
 * provider clearance). Unknown when the actives or the hours are unknown.
 */
export function activesResumedEarly(
  resumed: readonly string[] | undefined,
  hours: number | null,
  resume: readonly ResumeItem[],
): { actives: string[]; explanation: string } | undefined {
  if (resumed === undefined || hours === null) return undefined;
  const early = resumed.flatMap((active) => {
    const item = resume.find((candidate) => candidate.item === active);
    return item !== undefined && hours < item.earliestHours ? [{ active, earliestHours: item.earliestHours }] : [];
  });
  const explanation = early
    .map(({ active, earliestHours }) => `${active} resumed at ${hours.toFixed(0)} h; earliest ${String(earliestHours)} h`)
    .join('; ');
  return { actives: early.map(({ active }) => active), explanation };
}
