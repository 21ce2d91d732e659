import fc from 'fast-check';
import { AFTERCARE_ITEMS, CAUSE_IDS, COMPARISON_FEATURES, DECISIONS, LEVELS, type RuleSetSource } from '../../src/index.js';
import { checkInFacts } from '../../src/facts/checkin-facts.js';
import { screeningFacts } from '../../src/facts/screening-facts.js';
import type { FactDefinition } from '../../src/facts/fact-catalog.js';
import { MAX_HOURS } from '../../src/checkin/checkin-schema.js';
import { HOURS_PER_UNIT, MAX_WAIT_HOURS } from '../../src/screening/waits.js';
import { factsOf } from '../../src/rules/condition-tree.js';
import type { FactRole, TopLevelCondition } from '../../src/rules/rule-set-schema.js';

/*
 * A generator of valid rule sets, written from the rule-file format rather than from the
 * built-in rules: any facts of the catalogs, any operator that suits the fact, thresholds
 * anywhere in the fact's range (its ends included), waits and resumption times up to their
 * bounds, advice, questions, derivations. Every condition it writes can hold (a rule that can
 * never fire is an error).
 */

const sources = fc.constant([{ document: 'generated.txt', section: 'Generated for a property test' }]);
/** The advice lines the generated advice file defines, which rules and levels name by id. */
const ADVICE_IDS = ['line-a', 'line-b', 'line-c'] as const;
const adviceIds = fc.uniqueArray(fc.constantFrom(...ADVICE_IDS), { maxLength: 2 });
const text = fc.constantFrom('generated text', 'another sentence', 'Un texte accentué', '😀 emoji');
const message = fc.record({ clinician: text, patient: text });

interface Leaf {
  fact: string;
  operator: string;
  value: unknown;
}

const numericOperators = ['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'equal'] as const;

/** A comparison on one fact that some value satisfies. */
function leafFor(fact: FactDefinition): fc.Arbitrary<Leaf> {
  const type = fact.type;
  const nullable = fact.nullable;
  const withNull = <T>(values: readonly T[]): fc.Arbitrary<(T | null)[]> =>
    fc.uniqueArray(fc.constantFrom<T | null>(...values, ...(nullable ? [null] : [])), {
      minLength: 1,
      maxLength: Math.min(4, values.length + 1),
    });
  switch (type.kind) {
    case 'boolean':
      return fc.oneof(
        fc.record({
          fact: fc.constant(fact.id),
          operator: fc.constant('equal'),
          value: fc.constantFrom<unknown>(true, false, ...(nullable ? [null] : [])),
        }),
        fc.record({ fact: fc.constant(fact.id), operator: fc.constant('in'), value: withNull([true, false]) }),
      );
    case 'enum':
      return fc.oneof(
        fc.record({
          fact: fc.constant(fact.id),
          operator: fc.constant('equal'),
          value: fc.constantFrom<unknown>(...type.values, ...(nullable ? [null] : [])),
        }),
        fc.record({ fact: fc.constant(fact.id), operator: fc.constant('in'), value: withNull(type.values) }),
      );
    case 'enum-array':
      return fc.record({ fact: fc.constant(fact.id), operator: fc.constant('contains'), value: fc.constantFrom(...type.values) });
    case 'string':
      return fc.record({ fact: fc.constant(fact.id), operator: fc.constant('equal'), value: text });
    case 'number': {
      if (type.values !== undefined) {
        const values = type.values;
        const low = Math.min(...values);
        const high = Math.max(...values);
        return fc
          .constantFrom(...numericOperators)
          .chain((operator) =>
            fc
              .constantFrom(
                ...values.filter(
                  (value) => !((operator === 'greaterThan' && value === high) || (operator === 'lessThan' && value === low)),
                ),
              )
              .map((value) => ({ fact: fact.id, operator, value })),
          );
      }
      const low = type.min ?? -1_000;
      const high = type.max ?? (fact.id === 'hoursSinceTreatment' ? MAX_HOURS : 1_000_000);
      const threshold = fc.oneof(
        fc.constantFrom(low, high, (low + high) / 2),
        fc.double({ min: low, max: high, noNaN: true }),
        fc.integer({ min: Math.ceil(low), max: Math.floor(high) }),
      );
      return fc
        .constantFrom(...numericOperators)
        .chain((operator) =>
          threshold
            .filter(
              (value) =>
                !(
                  (operator === 'greaterThan' && value >= high && type.max !== undefined && fact.canBeNever !== true) ||
                  (operator === 'lessThan' && value <= low)
                ),
            )
            .map((value) => ({ fact: fact.id, operator, value })),
        );
    }
  }
}

/**
 * Conditions: an `all` of comparisons on distinct facts, or an `any`, with `any` groups inside.
 * (No `not`: it is refused over facts that can be unanswered, and the floor counters, the only
 * facts always known, are the built-in floor rules' to test.)
 */
function conditionsFor(catalog: ReadonlyMap<string, FactDefinition>, counter: string): fc.Arbitrary<Record<string, unknown>> {
  const facts = [...catalog.values()].filter((fact) => fact.id !== counter);
  const leaf = fc.constantFrom(...facts).chain(leafFor);
  const anyGroup = fc.record({ any: fc.array(leaf, { minLength: 1, maxLength: 3 }) });
  const child = fc.oneof({ arbitrary: leaf, weight: 3 }, { arbitrary: anyGroup, weight: 1 });
  return fc.oneof(
    fc
      .uniqueArray(child, {
        minLength: 1,
        maxLength: 4,
        selector: (node) => ('fact' in node ? node.fact : JSON.stringify(node)),
      })
      .map((all) => ({ all })),
    fc.array(child, { minLength: 1, maxLength: 4 }).map((any) => ({ any })),
  );
}

const phase = fc.record({ id: fc.constantFrom('phase-a', 'phase-b'), label: text, appearance: text, symptoms: text });

function assessmentRule(index: number): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      id: fc.constant(`generated.assessment-${String(index)}`),
      description: text,
      sources,
      redFlag: fc.boolean(),
      priority: fc.integer({ min: 1, max: 1_000_000 }),
      conditions: conditionsFor(checkInFacts.facts, 'openRedFlagQuestions'),
      event: fc.record({
        type: fc.constant('assessment'),
        params: fc.record(
          {
            level: fc.constantFrom(...LEVELS),
            causes: fc.uniqueArray(fc.constantFrom(...CAUSE_IDS), { maxLength: 3 }),
            comparison: fc.record({ feature: fc.constantFrom(...COMPARISON_FEATURES), finding: fc.constantFrom('normal', 'infection') }),
            phase,
            message,
            advice: adviceIds,
          },
          { requiredKeys: ['level', 'message'] },
        ),
      }),
    },
    { requiredKeys: ['id', 'description', 'sources', 'conditions', 'event'] },
  );
}

const numericScreeningFacts = [...screeningFacts.facts.values()].filter((fact) => fact.type.kind === 'number').map((fact) => fact.id);

/**
 * A number of hours up to the bound of the rule format, at its end, or (now and then) beyond it,
 * where the validator must refuse the rule set: the property test keeps only rule sets that
 * validate, and those must never throw.
 */
const upTo = (bound: number, min = 0): fc.Arbitrary<number> =>
  fc.oneof(
    { arbitrary: fc.constant(bound), weight: 2 },
    { arbitrary: fc.double({ min, max: bound, noNaN: true }), weight: 6 },
    { arbitrary: fc.double({ min: bound, max: 1e18, noNaN: true, noDefaultInfinity: true }), weight: 1 },
  );

/** A wait in any unit, up to a hundred years (or beyond). */
const wait = fc.constantFrom(...(Object.keys(HOURS_PER_UNIT) as (keyof typeof HOURS_PER_UNIT)[])).chain((unit) =>
  fc.record({
    fact: fc.constantFrom(...numericScreeningFacts),
    total: upTo(MAX_WAIT_HOURS / HOURS_PER_UNIT[unit], 0.001),
    unit: fc.constant(unit),
  }),
);

function screeningRule(index: number): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      id: fc.constant(`generated.screening-${String(index)}`),
      description: text,
      sources,
      blocking: fc.boolean(),
      priority: fc.integer({ min: 1, max: 100 }),
      conditions: conditionsFor(screeningFacts.facts, 'openBlockingQuestions'),
      event: fc.record({
        type: fc.constant('screening'),
        params: fc.oneof(
          fc.record({ decision: fc.constant('postpone'), message, wait }),
          fc.record(
            { decision: fc.constantFrom(...DECISIONS), message, precautions: fc.array(text, { maxLength: 2 }) },
            { requiredKeys: ['decision', 'message'] },
          ),
        ),
      }),
    },
    { requiredKeys: ['id', 'description', 'sources', 'conditions', 'event'] },
  );
}

/** The wording of a screening decision: `{date}` only in a `waitUntil` headline. */
const decisionAdvice = (decision: string) =>
  fc.record(
    {
      id: fc.constant(`decision.${decision}`),
      description: text,
      summary: message,
      summaries: fc.record(
        {
          openQuestions: message,
          waitUntil: fc.constant({ clinician: 'Postpone until after {date}.', patient: 'Wait until after {date}.' }),
        },
        { requiredKeys: [] },
      ),
      actions: fc.array(text, { minLength: 1, maxLength: 2 }),
      watchFor: fc.array(text, { maxLength: 2 }),
      sources,
    },
    { requiredKeys: ['id', 'description', 'summary', 'actions', 'sources'] },
  );

const levelAdvice = fc.record(
  {
    summary: message,
    now: adviceIds,
    callBackIf: fc.array(text, { maxLength: 2 }),
    recheckInHours: upTo(MAX_HOURS, 0.01),
    sources,
  },
  { requiredKeys: ['summary', 'now', 'callBackIf', 'sources'] },
);

/** Timeframes that follow each other from 0, ending anywhere up to the bound. */
const timeframes = fc
  .uniqueArray(fc.oneof(fc.constant(MAX_HOURS), fc.double({ min: 0.5, max: MAX_HOURS, noNaN: true })), { maxLength: 4 })
  .map((cuts) => {
    const bounds = [0, ...[...cuts].sort((a, b) => a - b)];
    return bounds.map((from, index) => ({
      id: `frame-${String(index)}`,
      label: 'generated',
      fromHours: from,
      ...(index + 1 < bounds.length ? { toHours: bounds[index + 1] } : {}),
      do: ['generated'],
      dont: [],
      sources: [{ document: 'generated.txt', section: 'Generated for a property test' }],
    }));
  });

const resume = fc.uniqueArray(fc.constantFrom(...AFTERCARE_ITEMS), { maxLength: AFTERCARE_ITEMS.length }).chain((items) =>
  fc.tuple(
    ...items.map((item) =>
      fc.oneof(fc.constant(0), upTo(MAX_HOURS)).chain((earliestHours) =>
        fc.record(
          {
            id: fc.constant(`generated.resume-${item}`),
            item: fc.constant(item),
            label: text,
            earliestHours: fc.constant(earliestHours),
            earliestHoursIfCleared: fc.double({ min: 0, max: earliestHours, noNaN: true }),
            description: text,
            sources,
          },
          { requiredKeys: ['id', 'item', 'label', 'earliestHours', 'description', 'sources'] },
        ),
      ),
    ),
  ),
);

const bands = fc
  .array(fc.record({ upTo: fc.double({ min: 0.01, max: 5, noNaN: true }), value: fc.constantFrom('superficial', 'medium', 'deep') }), {
    maxLength: 3,
  })
  .map((list) => [...list, { value: 'deep' }]);

/** A role that fits the fact's type, drawn among the orders of concern (or 'modifier'). */
function roleFor(fact: FactDefinition): fc.Arbitrary<FactRole> {
  const type = fact.type;
  const modifier = fc.constant<FactRole>('modifier');
  switch (type.kind) {
    case 'boolean':
      return fc.oneof(fc.constantFrom<FactRole>({ concern: [false, true] }, { concern: [true, false] }), modifier);
    case 'enum':
      return fc.oneof(
        fc.shuffledSubarray([...type.values], { minLength: type.values.length }).map((values): FactRole => ({ concern: values })),
        modifier,
      );
    case 'enum-array':
      return fc.oneof(fc.constant<FactRole>({ concern: 'more' }), modifier);
    case 'number':
      return fc.oneof(fc.constantFrom<FactRole>({ concern: 'higher' }, { concern: 'lower' }), modifier);
    case 'string':
      return modifier;
  }
}

/** A questions file for every answerable fact of the input, each with a role that fits it, and every input field they are worked out from. */
const questions = (input: 'checkin' | 'screening', catalog: ReadonlyMap<string, FactDefinition>) => {
  const facts = [...catalog.values()].filter((fact) => fact.answerable !== false);
  return fc.tuple(...facts.map(roleFor)).map((roles) => ({
    id: `generated-${input}-questions`,
    version: '1.0.0',
    kind: 'questions',
    input,
    title: 'Generated questions',
    questions: [
      ...facts.map((fact, index) => ({ fact: fact.id, patient: `Please answer ${fact.id}`, clinician: fact.id, role: roles[index] })),
      // The inputs a fact is worked out from that are not facts themselves (the treatment's date and time) need wording too.
      ...[...new Set(facts.flatMap((fact) => fact.inputs ?? []))]
        .filter((field) => !catalog.has(field))
        .map((field) => ({ fact: field, patient: `Please answer ${field}`, clinician: field })),
    ],
  }));
};

interface GeneratedRule {
  readonly conditions: TopLevelCondition;
  readonly sources: readonly Record<string, unknown>[];
}

/** The rule with its source explaining the modifiers it tests, as the validator asks. */
function explainModifiers(
  rule: GeneratedRule,
  questionFile: { questions: readonly { fact: string; role?: FactRole | undefined }[] },
): GeneratedRule {
  const modifiers = new Set(questionFile.questions.filter((question) => question.role === 'modifier').map((question) => question.fact));
  const explains = [...new Set(factsOf(rule.conditions))].filter((fact) => modifiers.has(fact));
  if (explains.length === 0) return rule;
  return { ...rule, sources: rule.sources.map((source) => ({ ...source, explains })) };
}

/** The floor rule of each kind, as the built-in rules have it: the derived safety floor. */
const FLOOR_SOURCES = [{ document: 'generated.txt', section: 'Generated for a property test' }];
const assessmentFloor = {
  id: 'generated.assessment-floor',
  description: 'The floor: while a question that could reach contact-provider is open, at least monitor.',
  sources: FLOOR_SOURCES,
  floor: { reach: 'contact-provider' },
  conditions: { all: [{ fact: 'openRedFlagQuestions', operator: 'greaterThan', value: 0 }] },
  event: { type: 'assessment', params: { level: 'monitor', message: { clinician: 'generated text', patient: 'generated text' } } },
};
const screeningFloor = {
  id: 'generated.screening-floor',
  description: 'The floor: while a question that could postpone is open, at least proceed-with-caution.',
  sources: FLOOR_SOURCES,
  floor: { reach: 'postpone' },
  conditions: { all: [{ fact: 'openBlockingQuestions', operator: 'greaterThan', value: 0 }] },
  event: {
    type: 'screening',
    params: { decision: 'proceed-with-caution', message: { clinician: 'generated text', patient: 'generated text' } },
  },
};

/**
 * A complete rule set: assessment and screening rules, questions, advice and aftercare. It
 * validates, except where a number was drawn beyond its bound (about one set in three).
 */
export const ruleSetArbitrary: fc.Arbitrary<RuleSetSource> = fc
  .record({
    assessment: fc
      .integer({ min: 1, max: 8 })
      .chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => assessmentRule(index)))),
    screening: fc
      .integer({ min: 1, max: 8 })
      .chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => screeningRule(index)))),
    derive: fc.boolean(),
    bands,
    features: fc.uniqueArray(fc.constantFrom(...COMPARISON_FEATURES), { maxLength: 3 }),
    checkinQuestions: questions('checkin', checkInFacts.facts),
    screeningQuestions: questions('screening', screeningFacts.facts),
    advice: fc.record({ expected: levelAdvice, monitor: levelAdvice, 'contact-provider': levelAdvice, urgent: levelAdvice }),
    decisions: fc.record(Object.fromEntries(DECISIONS.map((decision) => [decision, decisionAdvice(decision)]))),
    timeframes,
    resume,
  })
  .map((parts) => ({
    id: 'generated',
    version: '1.0.0',
    files: {
      'assessment.json': {
        id: 'generated-assessment',
        version: '1.0.0',
        kind: 'assessment',
        title: 'Generated assessment rules',
        ...(parts.derive
          ? {
              derive: [
                {
                  fact: 'treatment.depth',
                  from: 'treatment.depthMm',
                  description: 'generated',
                  sources: [{ document: 'generated.txt', section: 's' }],
                  bands: parts.bands,
                },
              ],
            }
          : {}),
        features: parts.features.map((id) => ({ id, label: id, normal: 'normal', infection: 'infection' })),
        rules: [
          assessmentFloor,
          ...parts.assessment.map((rule) => explainModifiers(rule as unknown as GeneratedRule, parts.checkinQuestions)),
        ],
      },
      'screening.json': {
        id: 'generated-screening',
        version: '1.0.0',
        kind: 'screening',
        title: 'Generated screening rules',
        rules: [
          screeningFloor,
          ...parts.screening.map((rule) => explainModifiers(rule as unknown as GeneratedRule, parts.screeningQuestions)),
        ],
      },
      'questions.json': parts.checkinQuestions,
      'screening-questions.json': parts.screeningQuestions,
      'advice.json': {
        id: 'generated-advice',
        version: '1.0.0',
        kind: 'advice',
        title: 'Generated advice',
        lines: ADVICE_IDS.map((id) => ({ id, text: 'generated text' })),
        levels: parts.advice,
        decisions: parts.decisions,
      },
      'sources.json': {
        id: 'generated-sources',
        version: '1.0.0',
        kind: 'sources',
        title: 'Generated sources',
        sources: [{ document: 'generated.txt', title: 'A generated document', kind: 'clinic-protocol', covers: 'generated' }],
      },
      'aftercare.json': {
        id: 'generated-aftercare',
        version: '1.0.0',
        kind: 'aftercare',
        title: 'Generated aftercare',
        timeframes: parts.timeframes,
        resume: parts.resume,
      },
    },
  }));
