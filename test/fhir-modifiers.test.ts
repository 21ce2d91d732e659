import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRuleSet, isObservationError } from '../src/index.js';
import { DATA_ABSENT_REASON_EXTENSION, fromQuestionnaireResponse, QUESTIONNAIRE_URLS, toQuestionnaireResponse } from '../src/fhir/index.js';
import { fullCheckInArbitrary } from './support/arbitraries.js';

/*
 * FHIR elements that change what a QuestionnaireResponse means are refused, never read past
 * (issue 22): the class is "any such element, anywhere in the response". The oracle: take a
 * response the reader reads, put the element at every place it can stand, and expect a refusal
 * with that element's code naming that place.
 */

const RUNS = Math.max(10, Math.round(Number(process.env['FC_RUNS'] ?? 2000) / 100));
type Json = Record<string, unknown>;
const AT = '2026-03-10T12:00:00Z';

function responseFor(input: unknown): Json {
  return JSON.parse(JSON.stringify(toQuestionnaireResponse(input, 'checkin', { subject: { reference: 'Patient/p-1' } }))) as Json;
}

/** Every object in a JSON value, with its dotted path ('' for the root). */
function objects(node: unknown, path = ''): { path: string; node: Json }[] {
  if (Array.isArray(node)) return node.flatMap((child, index) => objects(child, path === '' ? String(index) : `${path}.${String(index)}`));
  if (node === null || typeof node !== 'object') return [];
  return [
    { path, node: node as Json },
    ...Object.entries(node).flatMap(([key, child]) => objects(child, path === '' ? key : `${path}.${key}`)),
  ];
}

function refusal(response: unknown): string[] {
  try {
    fromQuestionnaireResponse(response, { at: AT });
    return [];
  } catch (error) {
    if (!isObservationError(error)) throw error;
    return error.issues.map((issue) => `${issue.code} ${issue.path}`);
  }
}

const at = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** The object at a path of `objects` (the root for ''). */
function nodeAt(json: Json, path: string): Json {
  const found = objects(json).find((entry) => entry.path === path);
  if (found === undefined) throw new Error(`nothing at '${path}'`);
  return found.node;
}

describe('FHIR elements that change what the answers mean are refused', () => {
  it(`a modifierExtension anywhere: the response, a group, an item, an answer, a coding (${String(RUNS)} check-ins, every place)`, () => {
    fc.assert(
      fc.property(fullCheckInArbitrary, (input) => {
        const base = responseFor(input);
        expect(refusal(base)).toEqual([]);
        for (const { path } of objects(base)) {
          const changed = structuredClone(base);
          const target = nodeAt(changed, path);
          target['modifierExtension'] = [{ url: 'https://clinic.example/negated', valueBoolean: true }];
          expect(refusal(changed), path).toEqual([`modifier_extension ${at(path, 'modifierExtension')}`]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`a data-absent-reason beside any value: on the primitive (_value[x]) or on the answer (${String(RUNS)} check-ins, every answer)`, () => {
    const reason = { extension: [{ url: DATA_ABSENT_REASON_EXTENSION, valueCode: 'asked-declined' }] };
    fc.assert(
      fc.property(fullCheckInArbitrary, (input) => {
        const base = responseFor(input);
        const answers = objects(base).filter(({ node }) => Object.keys(node).some((key) => key.startsWith('value')) && !('system' in node));
        expect(answers.length).toBeGreaterThan(0);
        for (const { path, node } of answers) {
          const key = Object.keys(node).find((name) => name.startsWith('value')) ?? '';
          const primitive = structuredClone(base);
          nodeAt(primitive, path)[`_${key}`] = reason;
          expect(refusal(primitive), path).toEqual([`value_with_absent_reason ${at(path, `_${key}`)}`]);
          const own = structuredClone(base);
          nodeAt(own, path)['extension'] = reason.extension;
          expect(refusal(own), path).toEqual([`value_with_absent_reason ${at(path, 'extension')}`]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the example of the issue: "no fever" with a data-absent-reason is not read as no fever', () => {
    const response = {
      resourceType: 'QuestionnaireResponse',
      questionnaire: QUESTIONNAIRE_URLS.checkin,
      status: 'completed',
      authored: AT,
      item: [
        { linkId: 'hoursSinceTreatment', answer: [{ valueDecimal: 30 }] },
        {
          linkId: 'signs',
          item: [
            {
              linkId: 'signs.fever',
              answer: [
                { valueBoolean: false, _valueBoolean: { extension: [{ url: DATA_ABSENT_REASON_EXTENSION, valueCode: 'unknown' }] } },
              ],
            },
          ],
        },
      ],
    };
    expect(refusal(response)).toEqual(['value_with_absent_reason item.1.item.0.answer.0._valueBoolean']);
  });

  it('on an SDC adaptive response too: the response itself and its answers', async () => {
    const { createTriage } = await import('../src/index.js');
    const { ADAPTIVE_EXTENSION, nextQuestion, QUESTIONNAIRE_URLS: urls } = await import('../src/fhir/index.js');
    const triage = createTriage({ now: () => new Date(AT) });
    const start = {
      resourceType: 'QuestionnaireResponse',
      status: 'in-progress',
      questionnaire: '#adaptive',
      authored: AT,
      contained: [
        {
          resourceType: 'Questionnaire',
          id: 'adaptive',
          extension: [{ url: ADAPTIVE_EXTENSION, valueBoolean: true }],
          status: 'active',
          derivedFrom: [urls.checkin],
        },
      ],
    };
    const asked = (await nextQuestion(start, triage)).response as unknown as Json;
    const codes = async (response: unknown): Promise<string[]> => {
      try {
        await nextQuestion(response, triage);
        return [];
      } catch (error) {
        if (isObservationError(error)) return error.issues.map((issue) => issue.code);
        throw error;
      }
    };
    expect(await codes({ ...asked, modifierExtension: [{ url: 'https://clinic.example/x', valueBoolean: true }] })).toEqual([
      'modifier_extension',
    ]);
    expect(await codes({ ...asked, implicitRules: 'https://clinic.example/rules' })).toEqual(['implicit_rules']);
    const answer = {
      linkId: 'complaint',
      answer: [
        { valueCoding: { code: 'other', system: 'x' }, modifierExtension: [{ url: 'https://clinic.example/x', valueBoolean: true }] },
      ],
    };
    expect(await codes({ ...asked, item: [answer] })).toContain('modifier_extension');
  });

  it('implicitRules, and a questionnaire of another version', () => {
    const base = responseFor({ hoursSinceTreatment: 30, signs: { fever: false } });
    expect(refusal({ ...base, implicitRules: 'https://clinic.example/rules' })).toEqual(['implicit_rules implicitRules']);
    const version = builtinRuleSet.version;
    expect(refusal({ ...base, questionnaire: `${QUESTIONNAIRE_URLS.checkin}|${version}` })).toEqual([]);
    expect(refusal({ ...base, questionnaire: `${QUESTIONNAIRE_URLS.checkin}|99.0.0` })).toEqual(['questionnaire_version questionnaire']);
    expect(
      fromQuestionnaireResponse({ ...base, questionnaire: `${QUESTIONNAIRE_URLS.checkin}|99.0.0` }, { at: AT, version: '99.0.0' }).kind,
    ).toBe('checkin');
  });
});
