// Reading FHIR JSON of unknown shape: records, Bundles and OperationOutcomes.

/** A JSON object (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A FHIR Bundle. */
export function isBundle(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && value['resourceType'] === 'Bundle';
}

/** The resources of a Bundle's entries (`[]` for anything else). */
export function entriesOf(bundle: unknown): unknown[] {
  if (!isRecord(bundle) || !Array.isArray(bundle['entry'])) return [];
  return (bundle['entry'] as unknown[]).map((entry) => (isRecord(entry) ? entry['resource'] : undefined));
}

/** The diagnostics of an OperationOutcome, or of a Bundle holding nothing but OperationOutcomes. */
export function operationOutcomeOnly(value: unknown): string[] | undefined {
  const resources = isBundle(value) ? entriesOf(value) : [value];
  if (resources.length === 0 || !resources.every((resource) => isRecord(resource) && resource['resourceType'] === 'OperationOutcome'))
    return undefined;
  return resources.flatMap((resource) => {
    const issues = (resource as Record<string, unknown>)['issue'];
    return (Array.isArray(issues) ? issues : []).map((issue: unknown) => {
      if (!isRecord(issue)) return 'an issue without details';
      const details = isRecord(issue['details']) ? issue['details']['text'] : undefined;
      const text = typeof issue['diagnostics'] === 'string' ? issue['diagnostics'] : typeof details === 'string' ? details : 'no details';
      return `${typeof issue['severity'] === 'string' ? issue['severity'] : 'error'}: ${text}`;
    });
  });
}
