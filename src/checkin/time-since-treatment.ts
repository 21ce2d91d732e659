import type { InputIssue } from '../input/observation-error.js';
import { MAX_HOURS, type CheckIn } from './checkin-schema.js';

const MS_PER_HOUR = 3_600_000;
/** How far `hoursSinceTreatment` may differ from the timestamps before they are called inconsistent. */
export const CONSISTENCY_TOLERANCE_HOURS = 1;

/** The check-in's position in time, or the problems that prevent knowing it. */
export interface TimeSinceTreatment {
  /** Hours since treatment, or `null` when neither the hours nor the treatment time were given. */
  readonly hours: number | null;
  /** Assessment time in ms since the epoch (the clock when not given). */
  readonly assessedAtMs: number;
  /** Treatment time in ms since the epoch, when given. */
  readonly treatedAtMs: number | null;
  /** The hours the timestamps give, when `treatedAt` is given (beside `hours` when both ways are given). */
  readonly fromTimestamps: number | null;
  readonly issues: readonly InputIssue[];
}

/**
 * Works out the hours since treatment from the hours or from the two timestamps. Hours derived
 * from the timestamps get the bounds of a given `hoursSinceTreatment` (0 to {@link MAX_HOURS}).
 */
export function timeSinceTreatment(
  checkIn: Pick<CheckIn, 'hoursSinceTreatment' | 'treatedAt' | 'assessedAt'>,
  now: Date,
): TimeSinceTreatment {
  const issues: InputIssue[] = [];
  const assessedAtMs = checkIn.assessedAt === undefined ? now.getTime() : Date.parse(checkIn.assessedAt);
  const treatedAtMs = checkIn.treatedAt === undefined ? null : Date.parse(checkIn.treatedAt);
  let hours = checkIn.hoursSinceTreatment ?? null;
  const fromTimestamps = treatedAtMs === null ? null : (assessedAtMs - treatedAtMs) / MS_PER_HOUR;

  if (fromTimestamps !== null) {
    if (fromTimestamps < 0) {
      const when = checkIn.assessedAt === undefined ? 'the current time' : `assessedAt (${checkIn.assessedAt})`;
      issues.push({
        path: 'treatedAt',
        code: 'treated_after_assessed',
        message: `'treatedAt' (${checkIn.treatedAt ?? ''}) is after ${when}: the treatment cannot be in the future`,
      });
    } else if (fromTimestamps > MAX_HOURS) {
      const until = checkIn.assessedAt === undefined ? 'the current time' : `assessedAt (${checkIn.assessedAt})`;
      issues.push({
        path: 'treatedAt',
        code: 'too_big',
        message: `'treatedAt' (${checkIn.treatedAt ?? ''}) is ${fromTimestamps.toFixed(0)} h before ${until}: at most ${String(MAX_HOURS)} h (ten years) since treatment is accepted`,
      });
    } else if (hours === null) {
      hours = fromTimestamps;
    } else if (Math.abs(hours - fromTimestamps) > CONSISTENCY_TOLERANCE_HOURS) {
      issues.push({
        path: 'hoursSinceTreatment',
        code: 'inconsistent_time',
        message: `'hoursSinceTreatment' (${String(hours)}) disagrees with treatedAt/assessedAt (${fromTimestamps.toFixed(1)} h)`,
      });
    }
  }
  return { hours, assessedAtMs, treatedAtMs, fromTimestamps, issues };
}

/** Hours since treatment of an earlier check-in, when its time can be placed. */
export function previousHours(
  entry: { readonly hoursSinceTreatment?: number | undefined; readonly assessedAt?: string | undefined },
  current: TimeSinceTreatment,
): number | null {
  if (entry.hoursSinceTreatment !== undefined) return entry.hoursSinceTreatment;
  if (entry.assessedAt === undefined) return null;
  const at = Date.parse(entry.assessedAt);
  if (current.treatedAtMs !== null) return (at - current.treatedAtMs) / MS_PER_HOUR;
  if (current.hours !== null) return current.hours - (current.assessedAtMs - at) / MS_PER_HOUR;
  return null;
}
