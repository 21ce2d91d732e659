import { checkInSchema } from '../checkin/checkin-schema.js';
import { buildFactCatalog, type FactCatalog } from './fact-catalog.js';

/** Fact id of the hours since treatment, from `hoursSinceTreatment` or the two timestamps. */
export const HOURS_FACT = 'hoursSinceTreatment';
/** Fact id of the actives resumed before the aftercare guide allows them. */
export const ACTIVES_EARLY_FACT = 'exposures.activesResumedEarly';
/** Fact id of the signs whose stated trend differs from the one their earlier check-ins record (always known). */
export const TREND_DISAGREEMENTS_FACT = 'signs.trendDisagreements';
/** Fact id of the number of open red-flag questions (always known). */
export const OPEN_RED_FLAGS_FACT = 'openRedFlagQuestions';

const trendType = { kind: 'enum', values: ['improving', 'stable', 'worsening'] } as const;

/** Every fact a check-in makes available to assessment rules. */
export const checkInFacts: FactCatalog = buildFactCatalog({
  schema: checkInSchema,
  consumed: ['treatedAt', 'assessedAt', 'previous'],
  derived: [
    {
      id: HOURS_FACT,
      type: { kind: 'number', min: 0 },
      origin: 'derived',
      inputs: ['hoursSinceTreatment', 'treatedAt'],
      nullable: true,
      description: 'Hours since treatment: as given, or assessedAt (default: now) minus treatedAt.',
    },
    {
      id: 'signs.rednessTrend',
      type: trendType,
      origin: 'derived',
      nullable: true,
      description: 'As given, or derived by comparing redness with the latest earlier check-in; when both, the worse of the two.',
    },
    {
      id: 'signs.painTrend',
      type: trendType,
      origin: 'derived',
      nullable: true,
      description: 'As given, or derived by comparing pain with the latest earlier check-in; when both, the worse of the two.',
    },
    {
      id: 'signs.swellingTrend',
      type: trendType,
      origin: 'derived',
      nullable: true,
      description: 'As given, or derived by comparing swelling with the latest earlier check-in; when both, the worse of the two.',
    },
    {
      id: 'treatment.depth',
      type: { kind: 'enum', values: ['superficial', 'medium', 'deep'] },
      origin: 'derived',
      inputs: ['treatment.depth', 'treatment.depthMm'],
      nullable: true,
      description: "As given; otherwise banded from treatment.depthMm by the rule set's depth bands.",
    },
    {
      id: ACTIVES_EARLY_FACT,
      type: { kind: 'enum-array', values: ['retinoid', 'acid', 'vitamin-c', 'benzoyl-peroxide'] },
      origin: 'derived',
      inputs: ['exposures.activesResumed', 'exposures.activesClearedByProvider'],
      nullable: true,
      description: 'The resumed actives whose earliest resumption time in the aftercare rules is later than the hours since treatment.',
    },
    {
      id: TREND_DISAGREEMENTS_FACT,
      type: { kind: 'enum-array', values: ['pain', 'redness', 'swelling'] },
      origin: 'derived',
      nullable: false,
      answerable: false,
      description: 'The signs (redness, pain, swelling) whose stated trend differs from the trend their earlier check-ins record.',
    },
    {
      id: OPEN_RED_FLAGS_FACT,
      type: { kind: 'number', min: 0 },
      origin: 'derived',
      nullable: false,
      answerable: false,
      counter: true,
      description:
        'How many unanswered questions could still fire a rule that holds the floor (at or above its reach, or marked as a red flag).',
    },
  ],
});
