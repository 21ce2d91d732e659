// Types for the untyped third-party packages the FHIR tests use (only what the tests call).

declare module '@lhncbc/ucum-lhc' {
  interface ConversionResult {
    status: 'succeeded' | 'failed' | 'error';
    toVal?: number;
    msg: string[];
  }
  export const UcumLhcUtils: {
    getInstance(): { convertUnitTo(fromUnit: string, value: number, toUnit: string): ConversionResult };
  };
}

declare module '@asymmetrik/fhir-json-schema-validator' {
  interface SchemaError {
    keyword: string;
    dataPath: string;
    schemaPath: string;
    message?: string;
    params: Record<string, unknown>;
  }
  /** Ajv with the official FHIR R4 JSON schema (fhir.schema.json, draft-06). */
  export default class JSONSchemaValidator {
    constructor(schema?: object, ajvSettings?: object);
    validate(resource: object, verbose?: boolean): SchemaError[] | string[];
  }
}
