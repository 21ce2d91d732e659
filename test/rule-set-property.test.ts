import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTriage, DECISIONS, isObservationError, LEVELS, validateRuleSet, type ObservationError } from '../src/index.js';
import { MAX_HOURS } from '../src/checkin/checkin-schema.js';
import { fullCandidateArbitrary, sparseCandidateArbitrary, sparseCheckInArbitrary } from './support/arbitraries.js';
import { ruleSetArbitrary } from './support/rule-set-arbitrary.js';

const RUNS = Number(process.env['FC_RUNS'] ?? 2000) / 20;
const MS_PER_HOUR = 3_600_000;

/** A time anywhere an input may name (years 0000 to 9999), as ISO 8601 with Z. */
const instant = fc.integer({ min: Date.parse('0000-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59Z') });
const iso = (ms: number): string => {
  const text = new Date(ms).toISOString();
  // Years below 1000 print as 4 digits; negative ones (never generated) would not be ISO 8601.
  return text;
};

/** A valid check-in, with its time given as hours, as timestamps at the ends of the calendar, or not at all. */
const checkIn = fc
  .tuple(
    sparseCheckInArbitrary,
    instant,
    fc.double({ min: 0, max: MAX_HOURS, noNaN: true }),
    fc.constantFrom('hours', 'timestamps', 'none'),
  )
  .map(([input, assessedAt, hours, time]) => {
    const { hoursSinceTreatment: _ignored, ...rest } = oneDepth(input as Record<string, unknown>, 'treatment');
    if (time === 'none') return rest;
    if (time === 'hours') return { ...rest, hoursSinceTreatment: hours };
    const treatedAt = Math.max(Date.parse('0000-01-01T00:00:00Z'), assessedAt - Math.floor(hours * MS_PER_HOUR));
    return { ...rest, assessedAt: iso(assessedAt), treatedAt: iso(treatedAt) };
  });

const candidate = fc
  .tuple(fc.oneof(sparseCandidateArbitrary, fullCandidateArbitrary), instant)
  .map(([input, at]) => ({ ...oneDepth(input as Record<string, unknown>, 'plannedTreatment'), screenedAt: iso(at) }));

/**
 * The depth given one way only: a generated rule set bands needle lengths its own way, and a class
 * beside a length its bands do not give is refused (the refusal has its own tests).
 */
function oneDepth(input: Record<string, unknown>, key: string): Record<string, unknown> {
  const treatment = input[key] as { depth?: unknown; depthMm?: unknown } | undefined;
  if (treatment?.depth === undefined || treatment.depthMm === undefined) return input;
  const { depth: _dropped, ...rest } = treatment;
  return { ...input, [key]: rest };
}

/** The generated rule sets that validate: those must never throw. */
const validRuleSets = ruleSetArbitrary.filter((ruleSet) =>
  validateRuleSet(ruleSet).diagnostics.every((diagnostic) => diagnostic.severity !== 'error'),
);

describe(`a rule set that validates never throws at run time (${String(RUNS)} generated rule sets)`, () => {
  it('the generator makes rule sets that validate, but for numbers drawn beyond the bounds, which are refused', () => {
    let valid = 0;
    fc.assert(
      fc.property(ruleSetArbitrary, (ruleSet) => {
        const errors = validateRuleSet(ruleSet).diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
        if (errors.length === 0) valid += 1;
        else for (const error of errors) expect(error.message).toMatch(/must be at most/);
      }),
      { numRuns: RUNS },
    );
    expect(valid).toBeGreaterThan(RUNS / 4);
  });

  it('assess, screen and aftercare resolve on any valid input, whatever the rules, at any date an input can give', async () => {
    await fc.assert(
      fc.asyncProperty(
        validRuleSets,
        fc.array(checkIn, { minLength: 1, maxLength: 4 }),
        fc.array(candidate, { minLength: 1, maxLength: 4 }),
        instant,
        async (ruleSet, checkIns, candidates, clock) => {
          const triage = createTriage({ ruleSet, now: () => new Date(clock) });
          for (const input of checkIns) {
            // The clock may be before an input's own times: only those inputs may be refused, for that reason.
            let assessment;
            try {
              assessment = await triage.assess(input);
            } catch (error) {
              expect(isObservationError(error), String(error)).toBe(true);
              expect((error as ObservationError).issues.map((issue) => issue.code)).toEqual(['treated_after_assessed']);
              continue;
            }
            expect(LEVELS).toContain(assessment.level);
            expect(() => JSON.stringify(assessment)).not.toThrow();
            const hours = assessment.phase?.hoursSinceTreatment ?? (input as { hoursSinceTreatment?: number }).hoursSinceTreatment;
            if (hours !== undefined) {
              const guide = triage.aftercare({ hoursSinceTreatment: hours });
              for (const status of guide.resume) expect(Number.isNaN(Date.parse(status.earliestAt))).toBe(false);
            }
          }
          for (const input of candidates) {
            const screening = await triage.screen(input);
            expect(DECISIONS).toContain(screening.decision);
            for (const waited of screening.waits) expect(Number.isNaN(Date.parse(waited.until))).toBe(false);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the reference evaluator (json-rules-engine) agrees that nothing throws', async () => {
    await fc.assert(
      fc.asyncProperty(validRuleSets, checkIn, candidate, async (ruleSet, input, screeningInput) => {
        const triage = createTriage({ ruleSet, evaluator: 'json-rules-engine', now: () => new Date('9999-12-31T23:59:59Z') });
        await triage.assess(input);
        await triage.screen(screeningInput);
      }),
      { numRuns: Math.max(10, RUNS / 4) },
    );
  });
});
