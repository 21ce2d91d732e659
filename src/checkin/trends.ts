import type { InputIssue } from '../input/observation-error.js';
import { SEVERITY_SCALE, type CheckIn, type Severity, type Trend } from './checkin-schema.js';
import { CONSISTENCY_TOLERANCE_HOURS, previousHours, type TimeSinceTreatment } from './time-since-treatment.js';

type TrackedSign = 'redness' | 'pain' | 'swelling';
const TRACKED_SIGNS: readonly TrackedSign[] = ['redness', 'pain', 'swelling'];

/** A trend worked out from earlier check-ins, with how it was obtained. */
export interface DerivedTrend {
  readonly sign: TrackedSign;
  /** The trend the rules use: the recorded one, or the worse of the stated and the recorded. */
  readonly trend: Trend;
  /** True when the check-in also states a trend and it differs from the recorded one. */
  readonly disagrees: boolean;
  readonly explanation: string;
}

interface PlacedCheckIn {
  readonly index: number;
  readonly hours: number | null;
  readonly values: Readonly<Record<TrackedSign, Severity | undefined>>;
}

/**
 * For each of redness, pain and swelling, compares the current value with the most recent
 * earlier check-in that recorded it (a recorded trend). When the check-in also states a trend,
 * the worse of the two is used, so that "improving" cannot hide a sign that rose again after it
 * had eased. Earlier check-ins are ordered by time when every one can be placed in time, and by
 * array order (oldest first) otherwise; one placed before the treatment is an error.
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
    if (hours !== null && hours < 0) {
      issues.push({
        path: `previous.${String(index)}.assessedAt`,
        code: 'previous_before_treatment',
        message: `earlier check-in ${String(index)} is placed at ${hours.toFixed(1)} h, before the treatment`,
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
    if (current === undefined) continue;
    const latest = chronological.findLast((entry) => entry.values[sign] !== undefined);
    const before = latest?.values[sign];
    if (latest === undefined || before === undefined) continue;
    const recorded = compareSeverity(before, current);
    const when = latest.hours === null ? `check-in ${String(latest.index)}` : `${latest.hours.toFixed(1)} h`;
    const history = `${sign} was '${before}' at ${when}, now '${current}'`;
    const stated = signs[`${sign}Trend`];
    if (stated === undefined) {
      trends.push({ sign, trend: recorded, disagrees: false, explanation: history });
    } else if (stated === recorded) {
      trends.push({ sign, trend: stated, disagrees: false, explanation: `stated '${stated}', and the record agrees (${history})` });
    } else {
      const worse = TREND_SCALE.indexOf(stated) > TREND_SCALE.indexOf(recorded) ? stated : recorded;
      trends.push({
        sign,
        trend: worse,
        disagrees: true,
        explanation: `stated '${stated}', but the record shows '${recorded}' (${history}): the worse, '${worse}', is used`,
      });
    }
  }
  return { trends, issues };
}

/** Trends, least concerning first. */
const TREND_SCALE: readonly Trend[] = ['improving', 'stable', 'worsening'];

function compareSeverity(before: Severity, now: Severity): Trend {
  const difference = SEVERITY_SCALE.indexOf(now) - SEVERITY_SCALE.indexOf(before);
  if (difference > 0) return 'worsening';
  if (difference < 0) return 'improving';
  return 'stable';
}
