import { parseArgs } from 'node:util';
import { JSON_SCHEMA_NAMES, jsonSchema, type JsonSchemaName } from '../../schemas/json-schemas.js';
import { EXIT, print, UsageError, type CliIo } from '../cli-context.js';

/** `schema <name>`: prints a JSON Schema. */
export function schemaCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, options: {} });
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0 || !(JSON_SCHEMA_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`'schema' takes one of: ${JSON_SCHEMA_NAMES.join(', ')}.`);
  }
  print(io, jsonSchema(name as JsonSchemaName));
  return Promise.resolve(EXIT.ok);
}
