import type { InputIssue } from '../input/observation-error.js';
import { SEVERITY_SCALE, type CheckIn, type Severity, type Trend } from './checkin-schema.js';
import { CONSISTENCY_TOLERANCE_HOURS, previousHours, type TimeSinceTreatment } from './time-since-treatment.js';

type TrackedSign = 'redness' | 'pain' | 'swelling';
const TRACKED_SIGNS: readonly TrackedSign[] = ['redness', 'pain', 'swelling'];

/** A trend worked out from earlier check-ins, with how it was obtained. */
export interface DerivedTrend {
  readonly sign: TrackedSign;
  readonly trend: Trend;
  readonly explanation: string;
}

interface PlacedCheckIn {
  readonly index: number;
  readonly hours: number | null;
  readonly values: Readonly<Record<TrackedSign, Severity | undefined>>;
}

/**
 * For each of redness, pain and swelling whose trend was not given, compares the current value
 * with the most recent earlier check-in that recorded it. Earlier check-ins are ordered by time
 * when every one can be placed in time, and by array order (oldest first) otherwise.
 */
export function deriveTrends(checkIn: CheckIn, time: TimeSinceTreatment): { trends: DerivedTrend[]; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const placed: PlacedCheckIn[] = (checkIn.previous ?? []).map((entry, index) => {
    const hours = previousHours(entry, time);
    const fromTimestamp = entry.hoursSinceTreatment === undefined ? null : previousHours({ assessedAt: entry.assessedAt }, time);
    if (hours !== null && fromTimestamp !== null && Math.abs(hours - fromTimestamp) > CONSISTENCY_TOLERANCE_HOURS) {
      issues.push({
        path: `previous.${String(index)}.hoursSinceTreatment`,
        code: 'inconsistent_time',
        message: `earlier check-in ${String(index)}: hoursSinceTreatment (${String(hours)}) disagrees with its assessedAt (${fromTimestamp.toFixed(1)} h)`,
      });
    }
    if (hours !== null && time.hours !== null && hours > time.hours) {
      const field = entry.hoursSinceTreatment === undefined ? 'assessedAt' : 'hoursSinceTreatment';
      issues.push({
        path: `previous.${String(index)}.${field}`,
        code: 'previous_after_current',
        message: `earlier check-in ${String(index)} is placed at ${hours.toFixed(1)} h, after the current check-in (${time.hours.toFixed(1)} h)`,
      });
    }
    return { index, hours, values: { redness: entry.redness, pain: entry.pain, swelling: entry.swelling } };
  });
  // Sort by time only when every entry has one; a mix keeps array order (a consistent order).
  const chronological = placed.every((entry) => entry.hours !== null)
    ? [...placed].sort((a, b) => (a.hours ?? 0) - (b.hours ?? 0) || a.index - b.index)
    : placed;

  const trends: DerivedTrend[] = [];
  const signs = checkIn.signs ?? {};
  for (const sign of TRACKED_SIGNS) {
    const current = signs[sign];
    if (current === undefined || signs[`${sign}Trend`] !== undefined) continue;
    const latest = chronological.findLast((entry) => entry.values[sign] !== undefined);
    const before = latest?.values[sign];
    if (latest === undefined || before === undefined) continue;
    const trend = compareSeverity(before, current);
    const when = latest.hours === null ? `check-in ${String(latest.index)}` : `${latest.hours.toFixed(1)} h`;
    trends.push({ sign, trend, explanation: `${sign} was '${before}' at ${when}, now '${current}'` });
  }
  return { trends, issues };
}

function compareSeverity(before: Severity, now: Severity): Trend {
  const difference = SEVERITY_SCALE.indexOf(now) - SEVERITY_SCALE.indexOf(before);
  if (difference > 0) return 'worsening';
  if (difference < 0) return 'improving';
  return 'stable';
}
