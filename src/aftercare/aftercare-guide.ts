import { parseInput } from '../input/parse-input.js';
import { timeSinceTreatment } from '../checkin/time-since-treatment.js';
import { ObservationError } from '../input/observation-error.js';
import type { LoadedRuleSet } from '../rules/load-rule-set.js';
import { aftercareInputSchema, type AftercareInput } from './aftercare-schema.js';
import type { AftercareGuide, ResumeStatus } from './aftercare-types.js';

const MS_PER_HOUR = 3_600_000;

/**
 * The do and don't list for the timeframe the given time falls in, and when each timed product
 * or activity may resume.
 *
 * @throws {ObservationError} for invalid input, or when the time since treatment is not given.
 */
export function aftercareGuide(raw: unknown, ruleSet: LoadedRuleSet, now: Date): AftercareGuide {
  const { input, hours, assessedAtMs } = checkAftercare(raw, now);
  const { timeframes, resume } = ruleSet.aftercare;
  const timeframe =
    timeframes.find((frame) => hours >= frame.fromHours && (frame.toHours === undefined || hours < frame.toHours)) ?? timeframes[0];
  if (timeframe === undefined) throw new Error('the rule set has no aftercare timeframes');
  const treatedAtMs = assessedAtMs - hours * MS_PER_HOUR;
  const cleared = input.clearedByProvider === true;
  return {
    hoursSinceTreatment: hours,
    timeframe,
    resume: resume.map((item): ResumeStatus => {
      const withClearance = cleared && item.earliestHoursIfCleared !== undefined;
      const earliestHours = withClearance ? (item.earliestHoursIfCleared ?? item.earliestHours) : item.earliestHours;
      return {
        item: item.item,
        label: item.label,
        allowedNow: hours >= earliestHours,
        earliestHours,
        earliestAt: new Date(treatedAtMs + earliestHours * MS_PER_HOUR).toISOString(),
        hoursToWait: Math.max(0, earliestHours - hours),
        withClearance,
        ...(item.earliestHoursIfCleared === undefined ? {} : { earliestHoursIfCleared: item.earliestHoursIfCleared }),
        ruleId: item.id,
        description: item.description,
        sources: item.sources,
      };
    }),
    assessedAt: new Date(assessedAtMs).toISOString(),
    ruleSet: ruleSet.info,
  };
}

/** An aftercare input that passed every check, with its place in time. */
export interface CheckedAftercare {
  readonly input: AftercareInput;
  readonly hours: number;
  readonly assessedAtMs: number;
}

/**
 * Validates an aftercare input: the schema, the times, and that the time since treatment is
 * given. The one door both `aftercare` and `parseAftercare` go through.
 *
 * @throws {ObservationError} for invalid input, or when the time since treatment is not given.
 */
export function checkAftercare(raw: unknown, now: Date): CheckedAftercare {
  const input = parseInput(aftercareInputSchema, raw);
  const time = timeSinceTreatment(input, now);
  if (time.issues.length > 0) throw new ObservationError(time.issues);
  const hours = time.hours;
  if (hours === null) {
    throw new ObservationError([
      {
        path: 'hoursSinceTreatment',
        code: 'required',
        message: "'hoursSinceTreatment' (or 'treatedAt') is required for aftercare guidance",
      },
    ]);
  }
  return { input, hours, assessedAtMs: time.assessedAtMs };
}
