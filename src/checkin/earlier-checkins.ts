import type { InputIssue } from '../input/observation-error.js';
import type { CheckIn, Severity } from './checkin-schema.js';
import { CONSISTENCY_TOLERANCE_HOURS, type TimeSinceTreatment } from './time-since-treatment.js';

const MS_PER_HOUR = 3_600_000;

/** The signs an earlier check-in records. */
export type TrackedSign = 'redness' | 'pain' | 'swelling';
export const TRACKED_SIGNS: readonly TrackedSign[] = ['redness', 'pain', 'swelling'];

/** The latest earlier value of a sign, and when it was recorded (in words, the same whatever the order of `previous`). */
export interface EarlierRecord {
  readonly value: Severity;
  readonly when: string;
}

/** Each sign's latest earlier record (absent when no earlier check-in recorded it). */
export type LatestRecords = Readonly<Partial<Record<TrackedSign, EarlierRecord>>>;

/** An earlier check-in placed in time: `at` on the axis in use, `low`–`high` the span its readings allow. */
interface Placed {
  readonly index: number;
  readonly at: number;
  readonly low: number;
  readonly high: number;
  readonly values: Readonly<Partial<Record<TrackedSign, Severity>>>;
}

/**
 * Places the earlier check-ins in time and finds each sign's latest record. Never by array
 * order: every entry must carry an answer and a time that places it among the others (hours
 * since treatment, or `assessedAt` placed against the treatment or the current check-in; with
 * the current time unknown, the entries' own timestamps), and entries that could be at the same
 * time must not disagree, with each other or with the current check-in. So the result does not
 * depend on the order of `previous`.
 */
export function latestRecords(checkIn: CheckIn, time: TimeSinceTreatment): { latest: LatestRecords; issues: InputIssue[] } {
  const entries = checkIn.previous ?? [];
  const issues: InputIssue[] = [];
  entries.forEach((entry, index) => {
    if (TRACKED_SIGNS.every((sign) => entry[sign] === undefined))
      issues.push({
        path: `previous.${String(index)}`,
        code: 'required',
        message: `earlier check-in ${String(index)} records no redness, pain or swelling: give at least one, or leave the entry out`,
      });
    if (entry.hoursSinceTreatment === undefined && entry.assessedAt === undefined)
      issues.push({
        path: `previous.${String(index)}`,
        code: 'missing_time',
        message: `earlier check-in ${String(index)} has no time: give its hoursSinceTreatment or assessedAt, so that it can be placed among the others`,
      });
  });
  if (issues.length > 0) return { latest: {}, issues };

  const axis = axisOf(entries, time);
  if (axis === 'mixed') {
    return {
      latest: {},
      issues: entries.flatMap((entry, index) =>
        entry.hoursSinceTreatment === undefined
          ? [
              {
                path: `previous.${String(index)}.assessedAt`,
                code: 'missing_time' as const,
                message: `earlier check-in ${String(index)} gives only assessedAt, other earlier check-ins only hoursSinceTreatment, and the current check-in's time since treatment is unknown: they cannot be placed in order; give its hoursSinceTreatment, or the current hoursSinceTreatment or treatedAt`,
              },
            ]
          : [],
      ),
    };
  }
  const placed = entries.map((entry, index) => place(entry, index, axis, time, issues));
  const current = currentSpan(axis, time);
  for (const entry of placed) {
    const given = entries[entry.index];
    // A timestamp after the current check-in's time (or the clock) is after it, whatever the axis.
    const stampedAfter = given?.assessedAt !== undefined && Date.parse(given.assessedAt) > time.assessedAtMs;
    if ((current !== undefined && entry.at > current.high) || stampedAfter) issues.push(afterCurrent(entry, given, axis, time));
  }
  if (axis === 'hours' && time.hours === null) issues.push(...unplacedDisagreements(entries));
  if (issues.length > 0) return { latest: {}, issues };

  issues.push(...conflicts(placed, current, checkIn));
  if (issues.length > 0) return { latest: {}, issues };

  // An entry that could be at the time of the current check-in is the current check-in itself (it agrees with it), not an earlier one.
  const earlier = current === undefined ? placed : placed.filter((entry) => !(entry.low <= current.high && current.low <= entry.high));
  const latest: Partial<Record<TrackedSign, EarlierRecord>> = {};
  for (const sign of TRACKED_SIGNS) {
    let newest: Placed | undefined;
    for (const entry of earlier) if (entry.values[sign] !== undefined && (newest === undefined || entry.at > newest.at)) newest = entry;
    const value = newest?.values[sign];
    if (newest !== undefined && value !== undefined) latest[sign] = { value, when: label(newest.at, axis) };
  }
  return { latest, issues };
}

/**
 * The fewest hours since treatment the current check-in can be at, given its earlier check-ins,
 * when its own time is unknown: at or after each of them, and none before the treatment.
 */
export function minimumHours(checkIn: CheckIn, time: TimeSinceTreatment): number {
  if (time.hours !== null || time.treatedAtMs !== null) return 0;
  return (checkIn.previous ?? []).reduce((least, entry) => {
    const hours = entry.hoursSinceTreatment ?? 0;
    const age = entry.assessedAt === undefined ? 0 : (time.assessedAtMs - Date.parse(entry.assessedAt)) / MS_PER_HOUR;
    return Math.max(least, hours, age);
  }, 0);
}

type Axis = 'hours' | 'clock';
type Entry = NonNullable<CheckIn['previous']>[number];

/**
 * With the current time unknown, entries placed by their hours that also give a timestamp must
 * tell the same story: two of them as far apart in hours as in time (within the tolerance).
 */
function unplacedDisagreements(entries: readonly Entry[]): InputIssue[] {
  const both = entries.flatMap((entry, index) =>
    entry.hoursSinceTreatment !== undefined && entry.assessedAt !== undefined
      ? [{ index, hours: entry.hoursSinceTreatment, at: Date.parse(entry.assessedAt) }]
      : [],
  );
  return both.flatMap((later, position) =>
    both.slice(0, position).flatMap((earlier) => {
      const byHours = later.hours - earlier.hours;
      const byTime = (later.at - earlier.at) / MS_PER_HOUR;
      if (Math.abs(byHours - byTime) <= CONSISTENCY_TOLERANCE_HOURS) return [];
      return [
        {
          path: `previous.${String(later.index)}.hoursSinceTreatment`,
          code: 'inconsistent_time' as const,
          message: `earlier check-ins ${String(earlier.index)} and ${String(later.index)} are ${byHours.toFixed(1)} h apart by their hoursSinceTreatment but ${byTime.toFixed(1)} h apart by their assessedAt`,
        },
      ];
    }),
  );
}

/** Hours since treatment when the current time is known or every entry gives hours; else the clock if every entry has a timestamp. */
function axisOf(entries: readonly Entry[], time: TimeSinceTreatment): Axis | 'mixed' {
  if (time.hours !== null || time.treatedAtMs !== null) return 'hours';
  if (entries.every((entry) => entry.hoursSinceTreatment !== undefined)) return 'hours';
  if (entries.every((entry) => entry.assessedAt !== undefined)) return 'clock';
  return 'mixed';
}

/** An entry's readings on the axis: hours as given, its timestamp placed against the treatment or the current check-in. */
function place(entry: Entry, index: number, axis: Axis, time: TimeSinceTreatment, issues: InputIssue[]): Placed {
  const values: Partial<Record<TrackedSign, Severity>> = {};
  for (const sign of TRACKED_SIGNS) if (entry[sign] !== undefined) values[sign] = entry[sign];
  if (axis === 'clock') {
    const at = Date.parse(entry.assessedAt ?? '');
    return { index, at, low: at, high: at, values };
  }
  const stamped = entry.assessedAt === undefined ? null : timestampHours(Date.parse(entry.assessedAt), time);
  const at = entry.hoursSinceTreatment ?? stamped ?? 0;
  if (
    entry.hoursSinceTreatment !== undefined &&
    stamped !== null &&
    Math.abs(entry.hoursSinceTreatment - stamped) > CONSISTENCY_TOLERANCE_HOURS
  ) {
    issues.push({
      path: `previous.${String(index)}.hoursSinceTreatment`,
      code: 'inconsistent_time',
      message: `earlier check-in ${String(index)}: hoursSinceTreatment (${String(entry.hoursSinceTreatment)}) disagrees with its assessedAt (${stamped.toFixed(1)} h)`,
    });
  }
  if (at < 0) {
    issues.push({
      path: `previous.${String(index)}.assessedAt`,
      code: 'previous_before_treatment',
      message: `earlier check-in ${String(index)} is placed at ${at.toFixed(1)} h, before the treatment`,
    });
  }
  const readings = stamped === null ? [at] : [at, stamped];
  return { index, at, low: Math.min(...readings), high: Math.max(...readings), values };
}

/** A timestamp in hours since treatment: against `treatedAt`, or against the current check-in's hours and time. */
function timestampHours(at: number, time: TimeSinceTreatment): number | null {
  if (time.treatedAtMs !== null) return (at - time.treatedAtMs) / MS_PER_HOUR;
  if (time.hours !== null) return time.hours - (time.assessedAtMs - at) / MS_PER_HOUR;
  return null;
}

/** The current check-in's span on the axis (both readings when hours and timestamps are given); unknown hours: none. */
function currentSpan(axis: Axis, time: TimeSinceTreatment): { low: number; high: number } | undefined {
  if (axis === 'clock') return { low: time.assessedAtMs, high: time.assessedAtMs };
  if (time.hours === null) return undefined;
  const readings = time.fromTimestamps === null ? [time.hours] : [time.hours, time.fromTimestamps];
  return { low: Math.min(...readings), high: Math.max(...readings) };
}

function afterCurrent(entry: Placed, given: Entry | undefined, axis: Axis, time: TimeSinceTreatment): InputIssue {
  const field = given?.hoursSinceTreatment === undefined ? 'assessedAt' : 'hoursSinceTreatment';
  const now = axis === 'clock' ? new Date(time.assessedAtMs).toISOString() : `${(time.hours ?? 0).toFixed(1)} h`;
  return {
    path: `previous.${String(entry.index)}.${field}`,
    code: 'previous_after_current',
    message: `earlier check-in ${String(entry.index)} is placed at ${label(entry.at, axis)}, after the current check-in (${now})`,
  };
}

/** Entries (and the current check-in) that could be at the same time but record a sign differently. */
function conflicts(placed: readonly Placed[], current: { low: number; high: number } | undefined, checkIn: CheckIn): InputIssue[] {
  const issues: InputIssue[] = [];
  const overlap = (a: { low: number; high: number }, b: { low: number; high: number }): boolean => a.low <= b.high && b.low <= a.high;
  for (const [position, later] of placed.entries()) {
    for (const earlier of placed.slice(0, position)) {
      if (!overlap(earlier, later)) continue;
      const sign = TRACKED_SIGNS.find((name) => differ(earlier.values[name], later.values[name]));
      if (sign !== undefined)
        issues.push({
          path: `previous.${String(later.index)}`,
          code: 'conflicting_answers',
          message: `earlier check-ins ${String(earlier.index)} and ${String(later.index)} are at the same time but record ${sign} differently ('${earlier.values[sign] ?? ''}' and '${later.values[sign] ?? ''}')`,
        });
    }
    const sign = TRACKED_SIGNS.find((name) => differ(later.values[name], checkIn.signs?.[name]));
    if (current !== undefined && overlap(later, current) && sign !== undefined)
      issues.push({
        path: `previous.${String(later.index)}`,
        code: 'conflicting_answers',
        message: `earlier check-in ${String(later.index)} is at the same time as the current check-in but records ${sign} differently ('${later.values[sign] ?? ''}', now '${checkIn.signs?.[sign] ?? ''}')`,
      });
  }
  return issues;
}

const differ = (a: Severity | undefined, b: Severity | undefined): boolean => a !== undefined && b !== undefined && a !== b;

/** When an entry was recorded, in words that depend only on its time. */
function label(at: number, axis: Axis): string {
  return axis === 'clock' ? new Date(at).toISOString() : `${at.toFixed(1)} h`;
}
