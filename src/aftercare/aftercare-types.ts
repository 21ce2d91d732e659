import type { AftercareItem } from '../contract.js';
import type { RuleSetInfo } from '../rules/load-rule-set.js';
import type { CitedSource } from '../rules/rule-set-schema.js';

/** When one product or activity may resume. */
export interface ResumeStatus {
  readonly item: AftercareItem;
  readonly label: string;
  /** True when it may be used or done now. */
  readonly allowedNow: boolean;
  /** Earliest time after treatment, in hours (with the provider's clearance when given and the rules allow it). */
  readonly earliestHours: number;
  /** The same moment as a date (ISO 8601). */
  readonly earliestAt: string;
  /** Hours still to wait (0 when allowed now). */
  readonly hoursToWait: number;
  /** Whether the earlier time with the provider's clearance was used. */
  readonly withClearance: boolean;
  /** The earlier time the provider's clearance would allow, when the rules give one. */
  readonly earliestHoursIfCleared?: number;
  readonly ruleId: string;
  readonly description: string;
  readonly sources: readonly CitedSource[];
}

/** The aftercare guidance for a moment after treatment. */
export interface AftercareGuide {
  readonly hoursSinceTreatment: number;
  /** The timeframe this moment falls in, with its do and don't lists. */
  readonly timeframe: {
    readonly id: string;
    readonly label: string;
    readonly fromHours: number;
    readonly toHours?: number | undefined;
    readonly do: readonly string[];
    readonly dont: readonly string[];
    readonly sources: readonly CitedSource[];
  };
  /** Every timed product and activity: allowed now, or from when. */
  readonly resume: readonly ResumeStatus[];
  /** When the guidance applies (ISO 8601). */
  readonly assessedAt: string;
  readonly ruleSet: RuleSetInfo;
}
