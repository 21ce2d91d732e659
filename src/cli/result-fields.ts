import { assessmentResultSchema, screeningResultSchema } from '../schemas/result-schemas.js';
import { UsageError } from './cli-context.js';

/** The ids of the rules that fired, in the order of `reasons`: a field that is not in the result itself. */
const RULE_IDS = 'ruleIds';

/** The names `--fields` accepts: the result's own top-level fields (from its schema), and `ruleIds`. */
export function fieldNames(kind: 'assess' | 'screen'): string[] {
  const shape = kind === 'assess' ? assessmentResultSchema.shape : screeningResultSchema.shape;
  return [...Object.keys(shape).filter((name) => name !== 'trace'), RULE_IDS];
}

/** `--fields level,causes,ruleIds`: the names, checked (a usage error names the unknown ones and lists the rest). */
export function readFields(kind: 'assess' | 'screen', given: string): readonly string[] {
  const names = given.split(',').map((name) => name.trim());
  const known = fieldNames(kind);
  const unknown = names.filter((name) => !known.includes(name));
  if (names.length === 0 || unknown.length > 0 || names.some((name) => name === ''))
    throw new UsageError(
      `--fields takes a comma-separated list of ${known.join(', ')}${unknown.length > 0 ? `; not fields: ${unknown.join(', ')}` : ''}`,
    );
  return [...new Set(names)];
}

/** The result with only the fields asked for, in the order asked. */
export function pickFields(result: { readonly reasons: readonly { readonly ruleId: string }[] }, fields: readonly string[]): object {
  const record = result as unknown as Readonly<Record<string, unknown>>;
  return Object.fromEntries(
    fields.map((name) => [name, name === RULE_IDS ? [...new Set(result.reasons.map((reason) => reason.ruleId))] : record[name]]),
  );
}
