// Properties of the QuestionnaireResponse mapping: lossless both ways, and every lost,
// duplicated or ambiguous answer (or malformed structure) is an ObservationError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isObservationError, ObservationError } from 'microneedling-triage';
import { fromQuestionnaireResponse, toQuestionnaireResponse, type QuestionnaireKind } from 'microneedling-triage/fhir';
import { answeredItems, anyCandidateArbitrary, anyCheckInArbitrary } from './support/fhir-arbitraries.js';

const RUNS = Number(process.env['FC_RUNS'] ?? 100);
const AT = '2026-03-10T12:00:00Z';
const TIME_FIELD: Record<QuestionnaireKind, string> = { checkin: 'assessedAt', screening: 'screenedAt' };
const kinds = [
  ['check-ins', 'checkin', anyCheckInArbitrary],
  ['screenings', 'screening', anyCandidateArbitrary],
] as const;

/** The response as JSON, the way it arrives over the wire. */
function responseFor(input: Record<string, unknown>, kind: QuestionnaireKind): Record<string, unknown> {
  return JSON.parse(JSON.stringify(toQuestionnaireResponse(input, kind, { subject: { reference: 'Patient/p-1' } }))) as Record<
    string,
    unknown
  >;
}

function issuesOf(run: () => unknown): { path: string; code: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ObservationError) return error.issues.map(({ path, code }) => ({ path, code }));
    throw error;
  }
  return [];
}

describe.each(kinds)('for random %s', (_name, kind, arbitrary) => {
  it('input -> QuestionnaireResponse -> fromQuestionnaireResponse gives the same input (empty lists included)', () => {
    fc.assert(
      fc.property(arbitrary, (input) => {
        const { input: read, derived } = fromQuestionnaireResponse(responseFor(input, kind), { at: AT });
        const field = TIME_FIELD[kind];
        // `previous: []` (no earlier check-ins) has no FHIR form (a repeating group given zero
        // times is absent) and reads back as absent, which the rules read the same way.
        const { previous, ...rest } = input;
        const expected = Array.isArray(previous) && previous.length === 0 ? rest : input;
        expect(read).toEqual(expected[field] === undefined ? { ...expected, [field]: AT } : expected);
        expect(derived.map((entry) => entry.path)).toEqual(input[field] === undefined ? [field] : []);
      }),
      { numRuns: RUNS },
    );
  });

  it('a response with any answered item duplicated is rejected, naming its linkId', () => {
    fc.assert(
      fc.property(arbitrary, fc.nat(), fc.constantFrom('sibling', 'top level', 'under its own answer'), (input, pick, where) => {
        const response = responseFor(input, kind);
        const answered = answeredItems((response['item'] ?? []) as Record<string, unknown>[]);
        fc.pre(answered.length > 0);
        const target = answered[pick % answered.length];
        if (target === undefined) return;
        const copy = structuredClone(target.item);
        if (where === 'sibling' || (where === 'top level' && target.inRepeatingGroup)) target.siblings.push(copy);
        else if (where === 'top level') (response['item'] as unknown[]).push(copy);
        else {
          const [first] = target.item['answer'] as Record<string, unknown>[];
          if (first !== undefined) first['item'] = [copy];
        }
        expect(issuesOf(() => fromQuestionnaireResponse(response, { at: AT }))).toContainEqual({
          path: target.item['linkId'],
          code: 'duplicate_answer',
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('a response with any answer given twice in one item is rejected, naming its linkId', () => {
    fc.assert(
      fc.property(arbitrary, fc.nat(), (input, pick) => {
        const response = responseFor(input, kind);
        const answered = answeredItems((response['item'] ?? []) as Record<string, unknown>[]);
        fc.pre(answered.length > 0);
        const target = answered[pick % answered.length];
        if (target === undefined) return;
        const answers = target.item['answer'] as unknown[];
        answers.push(structuredClone(answers[0]));
        const issues = issuesOf(() => fromQuestionnaireResponse(response, { at: AT }));
        expect(issues.filter((issue) => issue.path === target.item['linkId']).length).toBeGreaterThan(0);
        expect(issues.every((issue) => ['duplicate_answer', 'invalid_answer'].includes(issue.code))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('a response with any value[x] doubled is rejected, naming its linkId', () => {
    fc.assert(
      fc.property(
        arbitrary,
        fc.nat(),
        fc.constantFrom('valueString', 'valueBoolean', 'valueInteger', 'valueCoding'),
        (input, pick, extra) => {
          const response = responseFor(input, kind);
          const answered = answeredItems((response['item'] ?? []) as Record<string, unknown>[]);
          fc.pre(answered.length > 0);
          const target = answered[pick % answered.length];
          const answer = (target?.item['answer'] as Record<string, unknown>[] | undefined)?.[0];
          if (target === undefined || answer === undefined) return;
          const key = extra in answer ? 'valueDate' : extra;
          answer[key] = { valueString: 'x', valueBoolean: true, valueInteger: 1, valueCoding: { code: 'x' }, valueDate: '2026-01-01' }[key];
          expect(issuesOf(() => fromQuestionnaireResponse(response, { at: AT }))).toContainEqual({
            path: target.item['linkId'],
            code: 'ambiguous_answer',
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a response damaged anywhere is read or rejected with an ObservationError, never anything else', () => {
    fc.assert(
      fc.property(arbitrary, fc.nat(), fc.jsonValue({ maxDepth: 3 }), (input, pick, junk) => {
        const response = responseFor(input, kind);
        const nodes: [Record<string, unknown> | unknown[], string | number][] = [];
        const visit = (node: unknown): void => {
          if (Array.isArray(node)) {
            node.forEach((child, index) => {
              nodes.push([node, index]);
              visit(child);
            });
          } else if (node !== null && typeof node === 'object') {
            for (const [key, child] of Object.entries(node)) {
              nodes.push([node as Record<string, unknown>, key]);
              visit(child);
            }
          }
        };
        visit(response);
        const [parent, key] = nodes[pick % nodes.length] ?? [response, 'item'];
        (parent as Record<string | number, unknown>)[key] = junk;
        try {
          fromQuestionnaireResponse(response, { at: AT });
        } catch (error) {
          expect(isObservationError(error), String(error)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
