import type { ScreeningParams } from '../rules/rule-set-schema.js';
import type { FactValue } from '../facts/fact-values.js';

const MS_PER_HOUR = 3_600_000;
/** Hours in each unit a wait can use; a month is the average Gregorian month. */
export const HOURS_PER_UNIT = { hours: 1, days: 24, weeks: 24 * 7, months: (24 * 365.25) / 12 } as const;
/**
 * Longest wait a rule may set, in hours (a hundred years): a plausibility bound on the rule data,
 * not a clinical threshold. It keeps every wait's end a valid date for any screening date an
 * input can give (years 0000 to 9999).
 */
export const MAX_WAIT_HOURS = 24 * 365.25 * 100;

/**
 * When a waiting time ends: `total` units after the event the fact counts from. `undefined`
 * when the fact holds no finite number (unknown, or "never").
 */
export function waitEnd(
  wait: NonNullable<ScreeningParams['wait']>,
  value: FactValue,
  from: Date,
): { until: Date; days: number } | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const remainingHours = Math.max(0, (wait.total - value) * HOURS_PER_UNIT[wait.unit]);
  const until = new Date(from.getTime() + remainingHours * MS_PER_HOUR);
  return { until, days: Math.round((remainingHours / 24) * 10) / 10 };
}
