import { checkInSchema } from '../checkin/checkin-schema.js';
import { schemaLeaves, type FactType } from '../facts/schema-leaves.js';
import { screeningInputSchema } from '../screening/screening-schema.js';

/** Which input a questionnaire collects. */
export type QuestionnaireKind = 'checkin' | 'screening';

/** An input field as a questionnaire question. */
export interface QuestionField {
  /** The input path, which is also the item's linkId. */
  readonly path: string;
  readonly type: FactType | { readonly kind: 'datetime' };
  /** Accepts `null` ("never", "first session"): asked through a gate item `<path>.none`. */
  readonly nullable: boolean;
  /** Inside the repeating `previous` group. */
  readonly repeatingGroup?: string;
  /** The UCUM unit of a plain number (`h`, `d`, `wk`, `mo`, `mm`), from the field's name. */
  readonly unit?: string;
}

/** Units of the input contract's numbers, by the ending of the field name. */
const UNIT_SUFFIXES: readonly (readonly [RegExp, string])[] = [
  [/(^|\.)hoursSinceTreatment$|HoursAgo$/, 'h'],
  [/DaysAgo$/, 'd'],
  [/WeeksAgo$/, 'wk'],
  [/MonthsAgo$/, 'mo'],
  [/Mm$/, 'mm'],
];

function unitOf(path: string, type: QuestionField['type']): string | undefined {
  if (type.kind !== 'number' || type.values !== undefined) return undefined;
  return UNIT_SUFFIXES.find(([pattern]) => pattern.test(path))?.[1];
}

const TIMESTAMPS = new Set(['treatedAt', 'assessedAt', 'screenedAt']);
const PREVIOUS = 'previous';

/** Every input field of a kind, in schema order, with its questionnaire type. */
export function questionFields(kind: QuestionnaireKind): QuestionField[] {
  const schema = kind === 'checkin' ? checkInSchema : screeningInputSchema;
  const fields: QuestionField[] = schemaLeaves(schema).map((leaf) => {
    const type: QuestionField['type'] = TIMESTAMPS.has(leaf.path) ? { kind: 'datetime' } : leaf.type;
    const unit = unitOf(leaf.path, type);
    return { path: leaf.path, type, nullable: leaf.nullable, ...(unit === undefined ? {} : { unit }) };
  });
  if (kind === 'checkin') {
    fields.push(
      { path: `${PREVIOUS}.hoursSinceTreatment`, type: { kind: 'number', min: 0 }, nullable: false, repeatingGroup: PREVIOUS, unit: 'h' },
      { path: `${PREVIOUS}.assessedAt`, type: { kind: 'datetime' }, nullable: false, repeatingGroup: PREVIOUS },
      ...(['redness', 'pain', 'swelling'] as const).map(
        (sign): QuestionField => ({
          path: `${PREVIOUS}.${sign}`,
          type: { kind: 'enum', values: ['none', 'mild', 'moderate', 'severe'] },
          nullable: false,
          repeatingGroup: PREVIOUS,
        }),
      ),
    );
  }
  return fields;
}

/** The linkId of the gate item that answers "never" for a nullable field. */
export function gateLinkId(path: string): string {
  return `${path}.none`;
}
