import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AFTERCARE_ITEMS, createTriage, ObservationError, type AftercareItem } from '../src/index.js';
import { untyped } from './support/untyped.js';

const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
const allowedAt = (hoursSinceTreatment: number, clearedByProvider = false): Set<AftercareItem> =>
  new Set(
    triage
      .aftercare({ hoursSinceTreatment, clearedByProvider })
      .resume.filter((status) => status.allowedNow)
      .map((status) => status.item),
  );

/** Earliest resume times (hours) written from the sources, safer reading: see docs/sources.md. */
const EARLIEST: Readonly<Record<AftercareItem, number>> = {
  'hyaluronic-acid': 0,
  'vitamin-c': 336,
  retinoid: 336,
  acid: 336,
  'benzoyl-peroxide': 336,
  'makeup-mineral': 48,
  makeup: 96,
  exercise: 72,
  'sauna-swimming': 72,
  'direct-sun': 672,
  sunscreen: 72,
  'next-session': 672,
};

describe('aftercare: when each product or activity may resume', () => {
  it('times every item of the contract', () => {
    expect(
      triage
        .aftercare({ hoursSinceTreatment: 1 })
        .resume.map((status) => status.item)
        .sort(),
    ).toEqual([...AFTERCARE_ITEMS].sort());
  });

  it.each(Object.entries(EARLIEST).filter(([, hours]) => hours > 0))(
    '%s: not allowed just before %d h, allowed just after',
    (item, hours) => {
      expect(allowedAt(hours - 1).has(item as AftercareItem)).toBe(false);
      expect(allowedAt(hours + 1).has(item as AftercareItem)).toBe(true);
    },
  );

  it('hyaluronic acid is allowed straight away', () => {
    expect(allowedAt(0).has('hyaluronic-acid')).toBe(true);
  });

  it("the provider's clearance brings retinoids, acids and benzoyl peroxide forward to day 7, not earlier", () => {
    for (const item of ['retinoid', 'acid', 'benzoyl-peroxide'] as const) {
      expect(allowedAt(167, true).has(item)).toBe(false);
      expect(allowedAt(169, true).has(item)).toBe(true);
      expect(allowedAt(169, false).has(item)).toBe(false);
    }
    expect(allowedAt(50, true).has('makeup')).toBe(false);
  });

  it("the provider's clearance brings vitamin C forward to 48 hours (002's dermatologist: 24-48 h in calm skin)", () => {
    expect(allowedAt(47, true).has('vitamin-c')).toBe(false);
    expect(allowedAt(49, true).has('vitamin-c')).toBe(true);
    expect(allowedAt(335, false).has('vitamin-c')).toBe(false);
    expect(allowedAt(337, false).has('vitamin-c')).toBe(true);
  });

  it('gives dates and hours to wait from the treatment time', () => {
    const guide = triage.aftercare({ treatedAt: '2026-03-08T12:00:00Z' });
    expect(guide.hoursSinceTreatment).toBe(48);
    const retinoid = guide.resume.find((status) => status.item === 'retinoid');
    expect(retinoid).toMatchObject({
      allowedNow: false,
      hoursToWait: 288,
      earliestAt: '2026-03-22T12:00:00.000Z',
      earliestHoursIfCleared: 168,
      withClearance: false,
    });
    expect(retinoid?.sources.length).toBeGreaterThan(0);
  });

  it.each([
    [0, 'first-24-hours'],
    [23.9, 'first-24-hours'],
    [24, '24-72-hours'],
    [71, '24-72-hours'],
    [72, 'days-3-7'],
    [167, 'days-3-7'],
    [168, 'days-7-14'],
    [335, 'days-7-14'],
    [336, 'after-14-days'],
    [5000, 'after-14-days'],
  ])("at %s h the timeframe is %s, with do and don't lists", (hours, id) => {
    const { timeframe } = triage.aftercare({ hoursSinceTreatment: hours });
    expect(timeframe.id).toBe(id);
    expect(timeframe.do.length).toBeGreaterThan(0);
    expect(timeframe.dont.length).toBeGreaterThan(0);
  });

  it('rejects bad input with ObservationError naming the field', () => {
    expect(() => triage.aftercare({})).toThrow(ObservationError);
    expect(() => triage.aftercare({ hoursSinceTreatment: -2 })).toThrow(/hoursSinceTreatment/);
    expect(() => triage.aftercare(untyped({ hours: 3 }))).toThrow(/'hours' is not a known field/);
    expect(() => triage.aftercare({ treatedAt: '2026-04-01T00:00:00Z' })).toThrow(/treatedAt/);
  });
});

describe('aftercare: the independent vignettes', () => {
  const file = JSON.parse(readFileSync(new URL('./golden/independent-aftercare.json', import.meta.url), 'utf8')) as {
    cases: { name: string; hoursSinceTreatment: number; expect: { allowed?: AftercareItem[]; notAllowed?: AftercareItem[] } }[];
  };
  it.each(file.cases.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const allowed = allowedAt(entry.hoursSinceTreatment);
    expect((entry.expect.allowed ?? []).filter((item) => !allowed.has(item))).toEqual([]);
    expect((entry.expect.notAllowed ?? []).filter((item) => allowed.has(item))).toEqual([]);
  });
});
