import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTriage, isObservationError, type InputIssue, type ObservationError } from '../../src/index.js';
import { fromQuestionnaireResponse, QUESTIONNAIRE_URLS } from '../../src/fhir/index.js';
import { sparseCandidateArbitrary, sparseCheckInArbitrary } from '../support/arbitraries.js';
import { untyped } from '../support/untyped.js';

const RUNS = Math.max(100, Number(process.env['FC_RUNS'] ?? 2000) / 5);
const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });

class Answers {
  constructor(readonly fever: boolean) {}
}

/** Values that are not plain JSON, generated: the door must refuse each one wherever it is put. */
const notJson: fc.Arbitrary<() => unknown> = fc.oneof(
  fc.bigInt().map((value) => () => value),
  fc.string().map((text) => () => Symbol(text)),
  fc.date({ noInvalidDate: false }).map((date) => () => date),
  fc.array(fc.tuple(fc.string(), fc.jsonValue())).map((entries) => () => new Map(entries)),
  fc.array(fc.jsonValue()).map((items) => () => new Set(items)),
  fc.boolean().map((fever) => () => new Answers(fever)),
  fc.jsonValue().map((value) => () => Promise.resolve(value)),
  fc.jsonValue().map((value) => () => () => value),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY).map((value) => () => value),
  fc.jsonValue().map((value) => () => ({
    get answer() {
      return value;
    },
  })),
  fc.jsonValue().map((value) => () => Object.create({ inherited: value }) as unknown),
  fc.constantFrom<keyof ProxyHandler<object>>('get', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf').chain((trap) =>
    fc.jsonValue().map(
      (value) => () =>
        new Proxy(
          { answer: value },
          {
            [trap]: () => {
              throw new Error(trap);
            },
          },
        ),
    ),
  ),
  fc.jsonValue().map((value) => () => {
    const { proxy, revoke } = Proxy.revocable({ answer: value }, {});
    revoke();
    return proxy;
  }),
  fc.array(fc.jsonValue(), { minLength: 2, maxLength: 5 }).map((items) => () => {
    // A hole at index 1.
    const sparse: unknown[] = new Array<unknown>(items.length);
    items.forEach((item, index) => {
      if (index !== 1) sparse[index] = item;
    });
    return sparse;
  }),
  fc.constant(() => {
    const cycle: Record<string, unknown> = {};
    cycle['again'] = cycle;
    return cycle;
  }),
);

/** The object nodes of a JSON value, with their paths. */
function objectPaths(value: unknown, path: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return [path, ...Object.entries(value).flatMap(([key, child]) => objectPaths(child, [...path, key]))];
}

/** A copy of `value` with `make()` put under `key` of the object at `path`. */
function inject(value: unknown, path: readonly string[], key: string, make: () => unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let node = copy;
  for (const segment of path) node = node[segment] as Record<string, unknown>;
  Object.defineProperty(node, key, { value: make(), enumerable: true, writable: true, configurable: true });
  return copy;
}

const key = fc.oneof(
  fc.constantFrom('fever', 'redness', 'signs', 'answer', 'previous'),
  fc.string({ minLength: 1, maxLength: 8 }).filter((name) => !['__proto__', 'constructor', 'prototype'].includes(name)),
);

/** A valid input with one hostile value put somewhere in it, and where. */
function withHostile(valid: fc.Arbitrary<unknown>): fc.Arbitrary<{ input: unknown; at: string }> {
  return valid.chain((input) =>
    fc
      .tuple(fc.constantFrom(...objectPaths(input)), key, notJson)
      .map(([path, name, make]) => ({ input: inject(input, path, name, make), at: [...path, name].join('.') })),
  );
}

async function issuesOf(run: () => unknown): Promise<readonly InputIssue[]> {
  try {
    await run();
  } catch (error) {
    expect(isObservationError(error), String(error)).toBe(true);
    return (error as ObservationError).issues;
  }
  throw new Error('accepted an input that is not plain JSON');
}

/** The problem is named at the place the value was put, or below it. */
function namesIt(issues: readonly InputIssue[], at: string): boolean {
  return issues.some((issue) => issue.path === at || issue.path.startsWith(`${at}.`));
}

describe(`generated hostile shapes (${String(RUNS)} runs each): refused with ObservationError naming the place`, () => {
  it('assess', async () => {
    await fc.assert(
      fc.asyncProperty(withHostile(sparseCheckInArbitrary), async ({ input, at }) => {
        expect(namesIt(await issuesOf(() => triage.assess(untyped(input))), at)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('screen', async () => {
    await fc.assert(
      fc.asyncProperty(withHostile(sparseCandidateArbitrary), async ({ input, at }) => {
        expect(namesIt(await issuesOf(() => triage.screen(untyped(input))), at)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('aftercare', async () => {
    const request = fc.record({
      hoursSinceTreatment: fc.integer({ min: 0, max: 1000 }),
      treatment: fc.record({ site: fc.constantFrom('face', 'neck') }),
    });
    await fc.assert(
      fc.asyncProperty(withHostile(request), async ({ input, at }) => {
        expect(namesIt(await issuesOf(() => triage.aftercare(untyped(input))), at)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('fromQuestionnaireResponse', async () => {
    const response = fc.record({
      resourceType: fc.constant('QuestionnaireResponse'),
      questionnaire: fc.constant(QUESTIONNAIRE_URLS.checkin),
      status: fc.constant('completed'),
      item: fc.constant([{ linkId: 'signs', item: [{ linkId: 'signs.fever', answer: [{ valueBoolean: true }] }] }]),
      meta: fc.record({ source: fc.string() }),
    });
    await fc.assert(
      fc.asyncProperty(withHostile(response), async ({ input, at }) => {
        expect(namesIt(await issuesOf(() => fromQuestionnaireResponse(input)), at)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
