import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import type { AftercareGuide, Assessment, RuleTrace, Screening } from '../src/index.js';
import { aftercareResultSchema, assessmentResultSchema, screeningResultSchema } from '../src/schemas/result-schemas.js';

/*
 * The result types are authoritative; the zod schemas behind the published JSON Schemas of the
 * results must describe exactly them. `npm run typecheck` checks these lines: a field added to
 * a result type and not to its schema (or the other way round, or with another type) fails it.
 * A trace's condition tree is recursive; its type must fit the schema (the schema may be looser).
 * The runtime test (docs.test.ts, results checked against the schemas) covers the values.
 */

/** Removes readonly, deeply, so that a schema's output (mutable) compares with a result type (readonly). */
type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends Date
    ? T
    : T extends object
      ? { -readonly [K in keyof T]: Mutable<T[K]> }
      : T;

describe('the result schemas match the result types (checked at compile time)', () => {
  it('assessment', () => {
    expectTypeOf<Mutable<Omit<z.output<typeof assessmentResultSchema>, 'trace'>>>().toEqualTypeOf<Mutable<Omit<Assessment, 'trace'>>>();
    expectTypeOf<Mutable<RuleTrace>>().toExtend<Mutable<NonNullable<z.output<typeof assessmentResultSchema>['trace']>[number]>>();
  });
  it('screening', () => {
    expectTypeOf<Mutable<Omit<z.output<typeof screeningResultSchema>, 'trace'>>>().toEqualTypeOf<Mutable<Omit<Screening, 'trace'>>>();
    expectTypeOf<Mutable<RuleTrace>>().toExtend<Mutable<NonNullable<z.output<typeof screeningResultSchema>['trace']>[number]>>();
  });
  it('aftercare', () => {
    expectTypeOf<Mutable<z.output<typeof aftercareResultSchema>>>().toEqualTypeOf<Mutable<AftercareGuide>>();
  });
});
