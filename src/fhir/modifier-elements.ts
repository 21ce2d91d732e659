import type { InputIssue } from '../input/observation-error.js';
import { DATA_ABSENT_REASON_EXTENSION } from './adaptive-types.js';
import { QUESTIONNAIRE_URLS } from './fhir-codes.js';

/**
 * FHIR elements that change what a QuestionnaireResponse means, none of which this reader
 * understands: a reader must refuse them rather than read the answers as if they were absent
 * (FHIR R4, "modifierExtension" and "implicitRules"). Each is its own issue, at its path:
 * - `modifierExtension` anywhere (the response, a group, an item, an answer): `modifier_extension`;
 * - `implicitRules`: `implicit_rules`;
 * - a value beside a data-absent-reason (`_valueBoolean` carrying one beside `valueBoolean`, or an
 *   answer's own extension beside its value): `value_with_absent_reason`, since the value may not
 *   be the answer;
 * - a `questionnaire` canonical of another version than `version`: `questionnaire_version`.
 */
export function modifierIssues(resource: unknown, version: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => {
        visit(child, join(path, String(index)));
      });
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if ('modifierExtension' in record)
      issues.push({
        path: join(path, 'modifierExtension'),
        code: 'modifier_extension',
        message: `'${join(path, 'modifierExtension')}' is a modifier extension this reader does not understand: it may change what the answers mean`,
      });
    const hasValue = Object.keys(record).some((key) => key.startsWith('value'));
    if (hasValue && absentReason(record['extension']))
      issues.push({
        path: join(path, 'extension'),
        code: 'value_with_absent_reason',
        message: `'${path}' gives a value and a data-absent-reason: the value may not be the answer`,
      });
    for (const [key, child] of Object.entries(record)) {
      if (key.startsWith('_value') && key.slice(1) in record && absentReason((child as { extension?: unknown } | null)?.extension))
        issues.push({
          path: join(path, key),
          code: 'value_with_absent_reason',
          message: `'${join(path, key.slice(1))}' has a data-absent-reason beside its value: the value may not be the answer`,
        });
      visit(child, join(path, key));
    }
  };
  if (resource !== null && typeof resource === 'object' && !Array.isArray(resource)) {
    const record = resource as Record<string, unknown>;
    if ('implicitRules' in record)
      issues.push({
        path: 'implicitRules',
        code: 'implicit_rules',
        message: "'implicitRules' names rules this reader does not know: the response cannot be read safely",
      });
    const canonical = record['questionnaire'];
    if (typeof canonical === 'string' && canonical.includes('|')) {
      const [url = '', given = ''] = canonical.split('|');
      if ((Object.values(QUESTIONNAIRE_URLS) as string[]).includes(url) && given !== version)
        issues.push({
          path: 'questionnaire',
          code: 'questionnaire_version',
          message: `the response answers version '${given}' of the questionnaire; this reader reads version '${version}'`,
        });
    }
  }
  visit(resource, '');
  return issues;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function absentReason(extension: unknown): boolean {
  return Array.isArray(extension) && extension.some((entry) => (entry as { url?: unknown } | null)?.url === DATA_ABSENT_REASON_EXTENSION);
}
