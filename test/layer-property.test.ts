import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtinRuleSet,
  createTriage,
  DECISIONS,
  isRuleSetError,
  LEVELS,
  type Diagnostic,
  type RuleSetSource,
  type Triage,
} from '../src/index.js';
import { loadGoldenCorpus } from './support/golden-corpus.js';
import { cloneJson } from './support/rule-sets.js';

/*
 * Issue 20's property: random edits of the built-in files (conditions narrowed or widened, grades
 * moved, rules disabled, derivations added or re-banded, questions re-pointed, ids reused across
 * kinds, priorities and resumption times changed), each acknowledged or not. Either the layer is
 * refused with a diagnostic naming what changed, or every result that goes down on the golden
 * corpus (and on a sparse copy of each case) is covered by an acknowledgement naming a rule that
 * moved it; and no layer ever lowers a result that a floor rule, or a rule holding the floor,
 * decided. The floor and the coverage are worked out here from the files, independently of the
 * library's own check.
 */

const RUNS = Math.max(60, Math.round(Number(process.env['FC_RUNS'] ?? 2000) / 20));

type Json = Record<string, unknown>;
const files = builtinRuleSet.files as Record<string, Json>;
const listOf = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

interface BaseRule {
  readonly file: string;
  readonly kind: 'assessment' | 'screening';
  readonly rule: Json;
}
const baseRules: BaseRule[] = Object.entries(files).flatMap(([file, content]) =>
  content['kind'] === 'assessment' || content['kind'] === 'screening'
    ? listOf(content['rules']).map((rule) => ({ file, kind: content['kind'] as BaseRule['kind'], rule }))
    : [],
);
const gradeOf = ({ kind, rule }: BaseRule): string => {
  const params = (rule['event'] as { params: Json }).params;
  return String(kind === 'assessment' ? params['level'] : params['decision']);
};
const GRADES: Record<BaseRule['kind'], readonly string[]> = { assessment: LEVELS, screening: DECISIONS };
const rank = (kind: BaseRule['kind'], grade: string): number => GRADES[kind].indexOf(grade);

/** The rules that hold the floor: the floor rules, those marked, those at or above the floor's reach. */
const floorHolding: ReadonlySet<string> = (() => {
  const reach = new Map<string, number>();
  for (const entry of baseRules) {
    const floor = entry.rule['floor'] as { reach?: string } | undefined;
    if (floor?.reach !== undefined) reach.set(entry.kind, rank(entry.kind, floor.reach));
  }
  return new Set(
    baseRules
      .filter(
        (entry) =>
          entry.rule['floor'] !== undefined ||
          entry.rule['redFlag'] === true ||
          entry.rule['blocking'] === true ||
          rank(entry.kind, gradeOf(entry)) >= (reach.get(entry.kind) ?? Number.POSITIVE_INFINITY),
      )
      .map((entry) => String(entry.rule['id'])),
  );
})();

/** The facts a condition tree reads. */
function factsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(factsIn);
  if (node === null || typeof node !== 'object') return [];
  const record = node as Json;
  return [...(typeof record['fact'] === 'string' ? [record['fact']] : []), ...['all', 'any', 'not'].flatMap((key) => factsIn(record[key]))];
}
const readBy = new Map(baseRules.map((entry) => [String(entry.rule['id']), factsIn(entry.rule['conditions'])]));

/** An edit of the built-in files: the layer's files and the ids of what it touched. */
interface Edit {
  readonly name: string;
  readonly files: Record<string, Json>;
  readonly touched: readonly string[];
}

const newFile = (kind: string, extra: Json): Json => ({
  id: 'clinic-file',
  version: '1.0.0',
  kind,
  title: 'Clinic changes',
  rules: [],
  ...extra,
});
const source = [{ document: '000_0b1d4838d8cb8315.txt', section: 'Generated for a property test' }];

/** A rule edited in place (its file replaced) or as a replacement by id in a new file. */
function ruleEdit(name: string, entry: BaseRule, change: (rule: Json) => void, inPlace: boolean): Edit {
  const id = String(entry.rule['id']);
  if (inPlace) {
    const file = cloneJson(files[entry.file] ?? {});
    const rule = listOf(file['rules']).find((candidate) => candidate['id'] === id) ?? {};
    change(rule);
    return { name, files: { [entry.file]: file }, touched: [id] };
  }
  const rule = cloneJson(entry.rule);
  change(rule);
  return { name, files: { 'clinic.json': newFile(entry.kind, { rules: [rule] }) }, touched: [id] };
}

const NARROWERS: Record<BaseRule['kind'], Json> = {
  assessment: { fact: 'hoursSinceTreatment', operator: 'greaterThan', value: 87000 },
  screening: { fact: 'conditions.sunburn', operator: 'equal', value: true },
};
const WIDENERS: Record<BaseRule['kind'], Json> = {
  assessment: { fact: 'signs.itch', operator: 'equal', value: 'intense' },
  screening: { fact: 'conditions.sensitiveSkin', operator: 'equal', value: true },
};
const DERIVABLE = [
  ['assessment', 'signs.rednessTrend', 'hoursSinceTreatment', 'improving'],
  ['assessment', 'signs.itch', 'hoursSinceTreatment', 'none'],
  ['assessment', 'treatment.depth', 'hoursSinceTreatment', 'superficial'],
  ['screening', 'plannedTreatment.depth', 'patient.fitzpatrick', 'superficial'],
  ['screening', 'conditions.pregnant', 'patient.fitzpatrick', false],
] as const;

// Rules outside the floor three times as often: those are the edits that can compose.
const rule = fc.oneof(
  { arbitrary: fc.constantFrom(...baseRules.filter((entry) => !floorHolding.has(String(entry.rule['id'])))), weight: 3 },
  { arbitrary: fc.constantFrom(...baseRules), weight: 1 },
);
const inPlace = fc.boolean();
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc
    .tuple(rule, inPlace)
    .map(([entry, place]) =>
      ruleEdit('narrowed', entry, (target) => (target['conditions'] = { all: [target['conditions'], NARROWERS[entry.kind]] }), place),
    ),
  fc
    .tuple(rule, inPlace)
    .map(([entry, place]) =>
      ruleEdit(
        'widened',
        entry,
        (target) => (target['conditions'] = { any: [target['conditions'], { all: [WIDENERS[entry.kind]] }] }),
        place,
      ),
    ),
  fc.tuple(rule, inPlace, fc.nat()).map(([entry, place, pick]) =>
    ruleEdit(
      'grade moved',
      entry,
      (target) => {
        const params = (target['event'] as { params: Json }).params;
        const grades = GRADES[entry.kind];
        params[entry.kind === 'assessment' ? 'level' : 'decision'] = grades[pick % grades.length];
      },
      place,
    ),
  ),
  fc
    .tuple(rule, inPlace, fc.integer({ min: 1, max: 100 }))
    .map(([entry, place, priority]) => ruleEdit('priority', entry, (target) => (target['priority'] = priority), place)),
  rule.map((entry) => ({
    name: 'disabled',
    files: { 'clinic.json': newFile(entry.kind, { disable: [entry.rule['id']] }) },
    touched: [String(entry.rule['id'])],
  })),
  fc
    .tuple(
      fc.constantFrom(...baseRules.filter((entry) => entry.kind === 'assessment')),
      fc.constantFrom(...baseRules.filter((entry) => entry.kind === 'screening')),
    )
    .chain(([assessment, screening]) =>
      fc.constantFrom<Edit>(
        {
          name: 'id reused across kinds',
          files: { 'clinic.json': newFile('screening', { rules: [{ ...cloneJson(screening.rule), id: assessment.rule['id'] }] }) },
          touched: [String(assessment.rule['id'])],
        },
        {
          name: 'id reused across kinds',
          files: { 'clinic.json': newFile('assessment', { rules: [{ ...cloneJson(assessment.rule), id: screening.rule['id'] }] }) },
          touched: [String(screening.rule['id'])],
        },
      ),
    ),
  fc.constantFrom(...DERIVABLE).map(([kind, fact, from, value]) => ({
    name: 'derivation added',
    files: { 'clinic.json': newFile(kind, { derive: [{ fact, from, description: 'x', sources: source, bands: [{ value }] }] }) },
    touched: [`derive:${fact}`],
  })),
  fc.tuple(fc.constantFrom('timeline.json', 'contraindications.json'), fc.constantFrom(0.25, 1, 2, 3)).map(([name, upTo]) => {
    const file = cloneJson(files[name] ?? {});
    const derivation = listOf(file['derive'])[0] ?? {};
    derivation['bands'] = [{ upTo, value: 'superficial' }, { value: 'deep' }];
    return { name: 'bands moved', files: { [name]: file }, touched: [`derive:${String(derivation['fact'])}`] };
  }),
  fc.tuple(fc.constantFrom('questions.json', 'screening-questions.json'), fc.nat(), fc.nat()).map(([name, from, to]) => {
    const file = cloneJson(files[name] ?? {});
    const questions = listOf(file['questions']);
    const question = questions[from % questions.length] ?? {};
    question['field'] = questions[to % questions.length]?.['fact'];
    const input = typeof file['input'] === 'string' ? file['input'] : 'checkin';
    return { name: 'question re-pointed', files: { [name]: file }, touched: [`question:${input}:${String(question['fact'])}`] };
  }),
  fc.tuple(fc.nat(), fc.constantFrom(0, 12, 24, 72, 2000)).map(([pick, hours]) => {
    const file = cloneJson(files['aftercare.json'] ?? {});
    const items = listOf(file['resume']);
    const item = items[pick % items.length] ?? {};
    item['earliestHours'] = hours;
    const cleared = item['earliestHoursIfCleared'];
    if (typeof cleared === 'number') item['earliestHoursIfCleared'] = Math.min(hours, cleared);
    return { name: 'resumption time', files: { 'aftercare.json': file }, touched: [`resume:${String(item['item'])}`] };
  }),
);

/** A layer of one or two edits (the second's files win on a shared name), acknowledged or not. */
const layerArbitrary = fc
  .tuple(
    fc.array(edit, { minLength: 1, maxLength: 2 }),
    fc.nat(2).map((pick) => pick > 0),
  )
  .map(([edits, acknowledge]) => {
    const layerFiles: Record<string, Json> = {};
    edits.forEach((one, index) => {
      for (const [name, content] of Object.entries(one.files))
        layerFiles[name === 'clinic.json' ? `clinic-${String(index)}.json` : name] = cloneJson(content);
    });
    const touched = [...new Set(edits.flatMap((one) => one.touched))];
    if (acknowledge) {
      const first = Object.values(layerFiles)[0] ?? {};
      first['acknowledgedChanges'] = touched.map((change) => ({
        change,
        why: 'Generated.',
        approvedBy: 'The property test',
        date: '2026-12-06',
      }));
    }
    return {
      source: { id: 'clinic', version: '1.0.0', files: layerFiles } satisfies RuleSetSource,
      edits: edits.map((one) => one.name),
      touched,
      acknowledged: acknowledge ? touched : [],
    };
  });

/** The golden inputs, and a sparse copy of each (every other answer of each group left out). */
const corpus = loadGoldenCorpus()
  .flatMap(({ cases }) => cases)
  .flatMap((entry) => {
    if (entry.input === null || typeof entry.input !== 'object') return [];
    const input = entry.input as Json;
    const sparse = Object.fromEntries(
      Object.entries(input).map(([key, value]) =>
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? [key, Object.fromEntries(Object.entries(value).filter((_, index) => index % 2 === 0))]
          : [key, value],
      ),
    );
    const kind = entry.kind ?? 'assessment';
    return [
      { kind, input },
      { kind, input: sparse },
    ];
  });

interface Outcome {
  readonly rank: number;
  readonly deciding: readonly string[];
}
function outcomes(triage: Triage): (Outcome | undefined)[] {
  return corpus.map(({ kind, input }) => {
    try {
      const result = kind === 'screening' ? triage.screenSync(input as never) : triage.assessSync(input as never);
      const grade = 'level' in result ? result.level : result.decision;
      return {
        rank: rank(kind, grade),
        deciding: result.reasons
          .filter((reason) => ('level' in reason ? reason.level : reason.decision) === grade)
          .map((reason) => reason.ruleId),
      };
    } catch {
      return undefined;
    }
  });
}
const before = outcomes(createTriage());

describe('random edits of the built-in files as a layer', () => {
  it('are refused naming what changed, or every lowered result is acknowledged, and the floor never moves', () => {
    const seen = { refused: 0, composed: 0, lowered: 0 };
    fc.assert(
      fc.property(layerArbitrary, ({ source: layer, touched, acknowledged }) => {
        let triage: Triage;
        try {
          triage = createTriage({ ruleSets: [layer] });
        } catch (error) {
          if (!isRuleSetError(error)) throw error;
          seen.refused += 1;
          const errors: Diagnostic[] = error.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
          // Named: the message quotes a touched id (or the fact of a touched question), or the diagnostic points into one of the layer's files.
          const named = errors.some(
            (diagnostic) =>
              touched.some(
                (id) => diagnostic.message.includes(`'${id}'`) || diagnostic.message.includes(`'${id.replace(/^question:[^:]+:/, '')}'`),
              ) || Object.keys(layer.files).includes(diagnostic.file),
          );
          expect({ named, errors: errors.map((diagnostic) => diagnostic.message) }).toMatchObject({ named: true });
          return;
        }
        seen.composed += 1;
        const after = outcomes(triage);
        before.forEach((was, index) => {
          const is = after[index];
          if (was === undefined || is === undefined || is.rank >= was.rank) return;
          seen.lowered += 1;
          // Every rule that decided the base result moved: had one still fired at that grade, the result would not be lower.
          const moved = was.deciding;
          const input = corpus[index];
          expect({ input, throughTheFloor: moved.filter((id) => floorHolding.has(id)) }).toEqual({ input, throughTheFloor: [] });
          const covered = acknowledged.some(
            (id) =>
              moved.includes(id) || moved.some((rule) => (readBy.get(rule) ?? []).includes(id.replace(/^derive:|^question:[^:]+:/, ''))),
          );
          expect({ input, moved, acknowledged, covered }).toMatchObject({ covered: true });
        });
      }),
      { numRuns: RUNS, seed: Number(process.env['FC_SEED'] ?? 2020) },
    );
    // Both branches were exercised (a generator that only ever produced refused layers proves little).
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.composed).toBeGreaterThan(0);
    console.info(
      `layer property: ${String(RUNS)} layers, ${String(seen.refused)} refused, ${String(seen.composed)} composed, ${String(seen.lowered)} acknowledged lowered results`,
    );
  }, 600_000);
});
