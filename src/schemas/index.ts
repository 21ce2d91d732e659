/**
 * JSON Schemas (draft 2020-12) of every input, result and file format, generated from the zod
 * schemas the library checks with: for systems in other languages, and editors. Kept out of
 * the main entry so that a browser app does not carry the schema generator.
 *
 * @module
 */
export { jsonSchema, JSON_SCHEMA_NAMES, type JsonSchemaName } from './json-schemas.js';
