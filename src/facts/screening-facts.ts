import { screeningInputSchema } from '../screening/screening-schema.js';
import { buildFactCatalog, type FactCatalog } from './fact-catalog.js';

/** Fact id of the number of open blocking questions (always known). */
export const OPEN_BLOCKING_FACT = 'openBlockingQuestions';

/** Every fact a screening input makes available to screening rules. */
export const screeningFacts: FactCatalog = buildFactCatalog({
  schema: screeningInputSchema,
  consumed: ['screenedAt'],
  derived: [
    {
      id: 'plannedTreatment.depth',
      type: { kind: 'enum', values: ['superficial', 'medium', 'deep'] },
      origin: 'derived',
      inputs: ['plannedTreatment.depth', 'plannedTreatment.depthMm'],
      nullable: true,
      description: "As given; otherwise banded from plannedTreatment.depthMm by the rule set's depth bands.",
    },
    {
      id: OPEN_BLOCKING_FACT,
      type: { kind: 'number', min: 0 },
      origin: 'derived',
      nullable: false,
      answerable: false,
      counter: true,
      description:
        'How many unanswered questions could still fire a rule that holds the floor (at or above its reach, or marked as blocking).',
    },
  ],
});
