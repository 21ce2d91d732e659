import * as z from 'zod/mini';
import { aftercareInputSchema } from '../aftercare/aftercare-schema.js';
import { checkInSchema } from '../checkin/checkin-schema.js';
import {
  adviceFileSchema,
  aftercareFileSchema,
  assessmentRuleFileSchema,
  questionFileSchema,
  screeningRuleFileSchema,
  sourceFileSchema,
} from '../rules/rule-set-schema.js';
import { screeningInputSchema } from '../screening/screening-schema.js';
import { caseFileSchema } from '../testing/case-file.js';
import { aftercareResultSchema, assessmentResultSchema, screeningResultSchema } from './result-schemas.js';

/** The JSON Schemas this package can produce, by name. */
export const JSON_SCHEMA_NAMES = [
  'checkin',
  'screening',
  'aftercare',
  'assessment',
  'screening-result',
  'aftercare-result',
  'rules',
  'cases',
] as const;
/** The name of a JSON Schema this package produces. */
export type JsonSchemaName = (typeof JSON_SCHEMA_NAMES)[number];

const SCHEMAS: Readonly<Record<JsonSchemaName, { readonly title: string; readonly schema: z.ZodMiniType }>> = {
  checkin: { title: 'microneedling-triage check-in', schema: checkInSchema },
  screening: { title: 'microneedling-triage screening input', schema: screeningInputSchema },
  aftercare: { title: 'microneedling-triage aftercare request', schema: aftercareInputSchema },
  assessment: { title: 'microneedling-triage assessment (result of assess)', schema: assessmentResultSchema },
  'screening-result': { title: 'microneedling-triage screening result (result of screen)', schema: screeningResultSchema },
  'aftercare-result': { title: 'microneedling-triage aftercare guidance (result of aftercare)', schema: aftercareResultSchema },
  rules: {
    title: 'microneedling-triage rule file',
    schema: z.union([
      assessmentRuleFileSchema,
      screeningRuleFileSchema,
      questionFileSchema,
      adviceFileSchema,
      aftercareFileSchema,
      sourceFileSchema,
    ]),
  },
  cases: { title: 'microneedling-triage golden case file', schema: caseFileSchema },
};

/**
 * A JSON Schema (draft 2020-12) generated from the zod schema behind an input or file format,
 * so that systems in other languages, and editors, can validate before calling.
 */
export function jsonSchema(name: JsonSchemaName): Record<string, unknown> {
  const { title, schema } = SCHEMAS[name];
  return { ...z.toJSONSchema(schema, { unrepresentable: 'any' }), title };
}
