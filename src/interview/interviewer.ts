import type { SchemaLeaf } from '../facts/schema-leaves.js';
import { signsReportedIn, type ReportedSign } from '../facts/reported-signs.js';
import { isObservationError, ObservationError } from '../input/observation-error.js';
import { leavesOf } from '../rules/condition-tree.js';
import type { QuestionGroups, QuestionIndex } from '../rules/load-rule-set.js';
import type { RuleMessage, TopLevelCondition } from '../rules/rule-set-schema.js';
import { answerSpec, distinctAnswers, thresholdsOf } from './answer-spec.js';
import { valueAt, withValueAt } from '../input/dotted-path.js';
import type { InterviewAction, InterviewOptions, InterviewQuestion, InterviewScreen, InterviewStep } from './interview-types.js';

/** What an interview needs to know of one kind of input (check-ins or screenings). */
export interface InterviewKind<R, G extends string> {
  /** Grades, lowest first. */
  readonly scale: readonly G[];
  /** The input's fields by dotted path. */
  readonly fields: ReadonlyMap<string, SchemaLeaf>;
  readonly questions: QuestionIndex;
  readonly groups: QuestionGroups;
  /** The signs the answers of the question of what brought the person report present (that question leads the interview). */
  readonly reported?: readonly ReportedSign[];
  readonly rules: readonly {
    readonly id: string;
    readonly conditions: TopLevelCondition;
    readonly rank: number;
    readonly floor: boolean;
  }[];
  evaluate(input: unknown): Promise<R>;
  grade(result: R): G;
  missing(result: R): readonly {
    readonly id: string;
    readonly field: string;
    readonly question: RuleMessage;
    readonly couldRaiseTo: G;
    readonly holdsFloor: boolean;
    readonly rules: readonly string[];
  }[];
  /** Ids of the rules that fired. */
  fired(result: R): readonly string[];
  /** Facts the evaluation derived (answered another way than their own field). */
  derived(result: R): readonly string[];
  /** The input fields a derived fact is worked out from (its own field first); empty for other facts. */
  inputsOf(fact: string): readonly string[];
  /** Bands that map a numeric field onto a fact (needle length onto depth). */
  readonly derivations: readonly { readonly from: string; readonly bands: readonly { readonly upTo?: number | undefined }[] }[];
  action(result: R): InterviewAction;
  /** The result with the fields answered "I don't know" recorded (in its clinician summary), when the kind records them. */
  withUnknown?(result: R, input: unknown, unknown: ReadonlySet<string>): R;
}

/**
 * One step of an interview: evaluates what has been answered, and lists the unanswered
 * questions whose answer could still change the result: those that could raise it (the
 * open-question analysis, `missing`), then those that could lower it (a rule that fired because
 * a question was unanswered, tried with each answer). Done when there are none left (questions
 * answered "I don't know" are not asked again), or at once at the highest grade.
 */
export async function interviewStep<R, G extends string>(
  kind: InterviewKind<R, G>,
  partial: unknown,
  options: InterviewOptions = {},
): Promise<InterviewStep<R, G>> {
  const unknown = unknownFields(kind, options);
  try {
    return await stepOf(kind, partial, unknown);
  } catch (error) {
    const aside = untilTimed(kind, partial, unknown, error);
    if (aside === undefined) throw error;
    // Earlier answers that only the time since treatment can place (earlier check-ins recorded
    // by date and by hours): the time is asked first, with those answers set aside until then.
    const step = await stepOf(kind, aside, unknown);
    if (step.done && kind.scale.indexOf(kind.grade(step.result)) === kind.scale.length - 1) return step;
    const field = timeFields(kind).find((time) => !unknown.has(time));
    if (field === undefined) throw error;
    const time = step.next.find((entry) => entry.field === field) ?? {
      id: kind.questions.get(field)?.fact ?? field,
      field,
      question: wording(kind, field),
      answer: answerOf(kind, field, aside),
      followUps: [],
      why: { rules: [], holdsFloor: true },
    };
    const leading = leadQuestions(kind, partial, unknown);
    return {
      ...step,
      done: false,
      next: [...leading, time],
      screens: [...leading, time].map((question) => ({ kind: 'question', fields: [question.field], question })),
    };
  }
}

/**
 * The question of what brought the person, while it is open (unanswered, not "I don't know"): it
 * leads the interview, though it changes no result by itself.
 */
function leadQuestions<R, G extends string>(
  kind: InterviewKind<R, G>,
  partial: unknown,
  unknown: ReadonlySet<string>,
): InterviewQuestion<G>[] {
  const fields = [...new Set((kind.reported ?? []).map((entry) => entry.field))];
  return fields
    .filter((field) => kind.fields.has(field) && !unknown.has(field) && valueAt(partial, field) === undefined)
    .map((field) => ({
      id: kind.questions.get(field)?.fact ?? field,
      field,
      question: wording(kind, field),
      answer: answerOf(kind, field, partial),
      followUps: [],
      why: { rules: [], holdsFloor: false },
    }));
}

/** The fields that answer the time since treatment: its question's field, then the inputs it is worked out from. */
function timeFields<R, G extends string>(kind: InterviewKind<R, G>): string[] {
  return [...kind.questions.values()].flatMap((question) =>
    question.role === 'time' ? [question.field ?? question.fact, ...kind.inputsOf(question.fact)] : [],
  );
}

/**
 * The answers without those a refusal says the time since treatment would place (every issue a
 * `missing_time` on an earlier entry's date), while the time is still to ask; otherwise undefined.
 */
function untilTimed<R, G extends string>(
  kind: InterviewKind<R, G>,
  partial: unknown,
  unknown: ReadonlySet<string>,
  error: unknown,
): unknown {
  if (!isObservationError(error)) return undefined;
  if (!error.issues.every((issue) => issue.code === 'missing_time' && issue.path.endsWith('.assessedAt'))) return undefined;
  // Given, or every way of giving it answered "I don't know": the refusal stands.
  const times = timeFields(kind);
  if (times.some((field) => valueAt(partial, field) !== undefined) || times.every((field) => unknown.has(field))) return undefined;
  const roots = new Set(error.issues.map((issue) => issue.path.split('.')[0] ?? issue.path));
  return [...roots].reduce<unknown>((answers, root) => withValueAt(answers, root, undefined), partial);
}

async function stepOf<R, G extends string>(
  kind: InterviewKind<R, G>,
  partial: unknown,
  unknown: ReadonlySet<string>,
): Promise<InterviewStep<R, G>> {
  const evaluated = await kind.evaluate(partial);
  const result = unknown.size === 0 || kind.withUnknown === undefined ? evaluated : kind.withUnknown(evaluated, partial, unknown);
  const grade = kind.scale.indexOf(kind.grade(result));
  const stop = (): InterviewStep<R, G> => ({
    result,
    done: true,
    action: kind.action(result),
    next: [],
    screens: [],
    unknown: [...unknown],
  });
  if (grade === kind.scale.length - 1) return stop();

  const question = (id: string, field: string, message: RuleMessage): Omit<InterviewQuestion<G>, 'why'> => ({
    id,
    field,
    question: message,
    answer: answerOf(kind, field, partial),
    followUps: (kind.questions.get(id)?.followUps ?? []).map((fact) => kind.questions.get(fact)?.field ?? fact),
  });
  const unanswered = (field: string): boolean => kind.fields.has(field) && !unknown.has(field) && valueAt(partial, field) === undefined;
  // A field whose fact was worked out another way is not asked to lower the result (a stated trend cannot lower a recorded one).
  const open = (field: string): boolean => unanswered(field) && !kind.derived(result).includes(field);
  const raising: InterviewQuestion<G>[] = [];
  for (const entry of kind.missing(result)) {
    // A derived fact the person cannot answer directly may be answered through another input (depth through needle length);
    // `missing` lists a derived fact only while an answer could still move it (a stated trend beside a recorded one).
    const field = [entry.field, ...kind.inputsOf(entry.id)].find(unanswered);
    if (field === undefined || raising.some((asked) => asked.field === field)) continue;
    raising.push({
      ...question(entry.id, field, kind.questions.get(field)?.patient === undefined ? entry.question : wording(kind, field)),
      why: { rules: entry.rules, couldRaiseTo: entry.couldRaiseTo, holdsFloor: entry.holdsFloor },
    });
  }
  const asked = new Set(raising.map((entry) => entry.field));
  const lowering: InterviewQuestion<G>[] = [];
  // Rules waiting only on questions the person cannot answer may still be settled through another answer.
  const stuck = kind.missing(result).flatMap((entry) => (unknown.has(entry.field) ? entry.rules : []));
  const candidates: { fact: string; field: string; rules: string[]; tried: string; answers: unknown[] }[] = [];
  for (const [fact, rules] of lowerable(kind, [...kind.fired(result), ...stuck], grade, new Set(stuck))) {
    for (const field of [kind.questions.get(fact)?.field ?? fact, ...kind.inputsOf(fact)]) {
      const leaf = kind.fields.get(field);
      if (leaf === undefined || asked.has(field) || !open(field) || candidates.some((entry) => entry.field === field)) continue;
      const thresholds = [
        ...thresholdsOf(field, kind.rules),
        ...kind.derivations.flatMap((band) =>
          band.from === field ? band.bands.flatMap(({ upTo }) => (upTo === undefined ? [] : [upTo])) : [],
        ),
      ];
      const answers = distinctAnswers(leaf, thresholds);
      // An input whose answers cannot be listed (a date) is tried through the fact's own field: any
      // time the person could give reads as some number of hours.
      const own = kind.questions.get(fact)?.field ?? fact;
      const ownLeaf = kind.fields.get(own);
      candidates.push(
        answers.length > 0 || ownLeaf === undefined || own === field
          ? { fact, field, rules, tried: field, answers }
          : { fact, field, rules, tried: own, answers: distinctAnswers(ownLeaf, thresholdsOf(own, kind.rules)) },
      );
    }
  }
  const lowerTo = (entry: (typeof candidates)[number], lowest: number): void => {
    lowering.push({
      ...question(entry.fact, entry.field, wording(kind, entry.field)),
      why: { rules: entry.rules, couldLowerTo: kind.scale[lowest] ?? kind.grade(result), holdsFloor: false },
    });
    asked.add(entry.field);
  };
  for (const entry of candidates) {
    const lowest = await lowestGrade(kind, partial, [{ field: entry.tried, answers: entry.answers }]);
    if (lowest < grade) lowerTo(entry, lowest);
  }
  // A result two rules hold up, each settled by another answer (a new product and an active
  // restarted): no answer alone lowers it, the answers together may.
  if (lowering.length === 0 && candidates.length > 1) {
    const tried = candidates
      .filter((entry, index) => candidates.findIndex((other) => other.tried === entry.tried) === index)
      .map(({ tried: field, answers }) => ({ field, answers }));
    // Every combination of all of them when that is few enough; otherwise of each pair.
    const sets =
      combinations(tried) <= MAX_COMBINATIONS
        ? [tried]
        : tried
            .flatMap((one, index) => tried.slice(index + 1).map((other) => [one, other]))
            .filter((pair) => combinations(pair) <= MAX_COMBINATIONS);
    let lowest = kind.scale.length;
    for (const set of sets) lowest = Math.min(lowest, await lowestGrade(kind, partial, set));
    if (lowest < grade) for (const entry of candidates) lowerTo(entry, lowest);
  }
  if (raising.length + lowering.length === 0) return stop();
  // A question that waits on another still to answer brings it along, first: the sign before its trend.
  const asking = [...raising, ...lowering];
  // (An array iterator reads the length at each step, so the questions brought along are looked at too.)
  for (const waiting of asking) {
    for (const parent of parentsOf(kind, waiting.field, waiting.id)) {
      if (!unanswered(parent) || asking.some((entry) => entry.field === parent)) continue;
      const fact = kind.questions.get(parent)?.fact ?? parent;
      asking.push({ ...question(fact, parent, wording(kind, parent)), why: waiting.why });
    }
  }
  // What brought the person comes first, while it is open (once, though a rule may also read it).
  const leading = leadQuestions(kind, partial, unknown).map((lead) => asking.find((entry) => entry.field === lead.field) ?? lead);
  const leads = leading.map((lead) => lead.field);
  const reported = new Set(signsReportedIn(partial, kind.reported ?? []).map((entry) => entry.sign));
  // A screen of a group takes the group's other open questions a rule reads that wait on no other
  // question: asked now, beside their group, rather than one by one later.
  const groupOf = (field: string): string | undefined => questionOf(kind, field)?.group;
  const groups = new Set(asking.flatMap((entry) => groupOf(entry.field) ?? []));
  const mates = [...kind.questions.values()].flatMap((mate) => {
    const field = mate.field ?? mate.fact;
    if (mate.group === undefined || !groups.has(mate.group) || mate.gate !== undefined || !open(field)) return [];
    if (asking.some((entry) => entry.field === field) || parentsOf(kind, field, mate.fact).length > 0) return [];
    const rules = kind.rules.filter((rule) => leavesOf(rule.conditions).some(({ leaf }) => leaf.fact === mate.fact)).map((rule) => rule.id);
    return rules.length === 0 ? [] : [{ ...question(mate.fact, field, wording(kind, field)), why: { rules, holdsFloor: false } }];
  });
  const next = [...leading, ...parentsFirst(kind, [...asking, ...mates]).filter((entry) => !leads.includes(entry.field))];
  return { result, done: false, next, screens: screensOf(kind, next, leads, reported), unknown: [...unknown] };
}

/**
 * The fields of the questions a question waits on: the one that opens its gate, and those that
 * list it as a follow-up on another screen (the sign before its trend); a follow-up in the same
 * checklist is asked beside its question.
 */
function parentsOf<R, G extends string>(kind: InterviewKind<R, G>, field: string, id: string): string[] {
  const own = kind.questions.get(field) ?? kind.questions.get(id);
  const fieldOf = (fact: string): string => kind.questions.get(fact)?.field ?? fact;
  return [
    ...(own?.gate === undefined ? [] : [fieldOf(own.gate.fact)]),
    ...[...kind.questions.values()].flatMap((other) =>
      (other.followUps ?? []).some((fact) => fieldOf(fact) === field) && (own?.group === undefined || other.group !== own.group)
        ? [fieldOf(other.fact)]
        : [],
    ),
  ].filter((parent) => parent !== field);
}

/** The fields of the questions of `next` a question waits on. */
function waitsOn<R, G extends string>(
  kind: InterviewKind<R, G>,
  question: InterviewQuestion<G>,
  next: readonly InterviewQuestion<G>[],
): string[] {
  return parentsOf(kind, question.field, question.id).filter((parent) =>
    next.some((other) => other !== question && other.field === parent),
  );
}

/**
 * `next` in its order, except that a question comes after every question of `next` it waits on
 * (kept in place where waits go round in a circle).
 */
function parentsFirst<R, G extends string>(kind: InterviewKind<R, G>, next: readonly InterviewQuestion<G>[]): InterviewQuestion<G>[] {
  const ordered: InterviewQuestion<G>[] = [];
  const left = [...next];
  const placed = new Set<string>();
  while (left.length > 0) {
    const index = left.findIndex((question) => waitsOn(kind, question, left).every((field) => placed.has(field)));
    const [question] = left.splice(Math.max(index, 0), 1);
    if (question === undefined) break;
    ordered.push(question);
    placed.add(question.field);
  }
  return ordered;
}

/**
 * Facts whose answer could settle one of `rules` (those that fired at the result's grade, and
 * those in `waiting` for a question the person cannot answer), with those rules: a condition
 * that holds for an unanswered question (`hoursSinceTreatment equal null`), and a derived fact,
 * whose other inputs may still be unanswered (the provider's clearance of actives).
 */
function lowerable<R, G extends string>(
  kind: InterviewKind<R, G>,
  rules: readonly string[],
  grade: number,
  waiting: ReadonlySet<string>,
): Map<string, string[]> {
  const considered = new Set(rules);
  const facts = new Map<string, string[]>();
  for (const rule of kind.rules) {
    if (!considered.has(rule.id) || rule.floor || (rule.rank !== grade && !waiting.has(rule.id))) continue;
    for (const { leaf } of leavesOf(rule.conditions)) {
      const matchesUnanswered =
        (leaf.operator === 'equal' && leaf.value === null) ||
        (leaf.operator === 'in' && Array.isArray(leaf.value) && leaf.value.includes(null));
      if (!matchesUnanswered && kind.inputsOf(leaf.fact).length === 0) continue;
      facts.set(leaf.fact, [...(facts.get(leaf.fact) ?? []), rule.id]);
    }
  }
  return facts;
}

/**
 * The questions as screens, in their order: a question of a group (answered by choosing) takes
 * every other question of that group still to ask onto its screen, when there are two or more. A
 * question waiting on another question of `next` is on no screen yet: it comes once that one is
 * answered, and only if it still matters (no "clusters of blisters?" after "no blisters").
 */
function screensOf<R, G extends string>(
  kind: InterviewKind<R, G>,
  all: readonly InterviewQuestion<G>[],
  leads: readonly string[],
  reported: ReadonlySet<string>,
): InterviewScreen<G>[] {
  const ready = all.filter((question) => waitsOn(kind, question, all).length === 0);
  const next = ready.length > 0 ? ready : all;
  const groupOf = (question: InterviewQuestion<G>): string | undefined => {
    const group = (kind.questions.get(question.field) ?? kind.questions.get(question.id))?.group;
    const closed = question.answer.type === 'boolean' || question.answer.type === 'choice';
    return closed && group !== undefined && kind.groups.has(group) ? group : undefined;
  };
  const placed = new Set<InterviewQuestion<G>>();
  const screens: InterviewScreen<G>[] = [];
  for (const question of next) {
    if (placed.has(question)) continue;
    const group = groupOf(question);
    const items = group === undefined ? [question] : next.filter((other) => !placed.has(other) && groupOf(other) === group);
    for (const item of items) placed.add(item);
    const caption = group === undefined ? undefined : kind.groups.get(group);
    screens.push(
      caption === undefined || items.length < 2
        ? { kind: 'question', fields: [question.field], question }
        : {
            kind: items.every((item) => item.answer.type === 'boolean') ? 'checklist' : 'group',
            id: caption.id,
            caption: { patient: caption.patient, clinician: caption.clinician },
            fields: items.map((item) => item.field),
            items,
          },
    );
  }
  // What brought the person first; then the time since treatment: every time the rules compare
  // reads it, and without it an answer is read at its most concerning time; then the screens
  // whose answers could lead to the highest grade (the warning signs); then those of the signs the
  // person reported; then the rest, in their order.
  const time = timeFields(kind);
  const top = kind.scale[kind.scale.length - 1];
  const place = (screen: InterviewScreen<G>): number => {
    const items = screen.kind === 'question' ? [screen.question] : screen.items;
    if (screen.fields.some((field) => leads.includes(field))) return 0;
    if (screen.fields.some((field) => time.includes(field))) return 1;
    if (items.some((item) => item.why.couldRaiseTo === top)) return 2;
    return screen.fields.some((field) => reported.has(field)) ? 3 : 4;
  };
  return screens
    .map((screen, index) => ({ screen, index }))
    .sort((a, b) => place(a.screen) - place(b.screen) || a.index - b.index)
    .map(({ screen }) => screen);
}

/** A field's question: its own, or the one of the fact it is an input of. */
function questionOf<R, G extends string>(kind: InterviewKind<R, G>, field: string) {
  return kind.questions.get(field) ?? [...kind.questions.values()].find((entry) => entry.field === field);
}

/** A field's question wording, from its own question or the fact it is an input of. */
function wording<R, G extends string>(kind: InterviewKind<R, G>, field: string): RuleMessage {
  const own = questionOf(kind, field);
  return own === undefined ? { patient: field, clinician: field } : { patient: own.patient, clinician: own.clinician };
}

/**
 * The lowest grade some combination of answers gives (every combination of the fields' answers,
 * up to {@link MAX_COMBINATIONS}; beyond that, each field's answers with the others unanswered).
 */
async function lowestGrade<R, G extends string>(
  kind: InterviewKind<R, G>,
  partial: unknown,
  fields: readonly { readonly field: string; readonly answers: readonly unknown[] }[],
): Promise<number> {
  if (combinations(fields) > MAX_COMBINATIONS) {
    let lowest = kind.scale.length;
    for (const one of fields) lowest = Math.min(lowest, await lowestGrade(kind, partial, [one]));
    return lowest;
  }
  let lowest = kind.scale.length;
  let inputs: unknown[] = [partial];
  for (const { field, answers } of fields)
    if (answers.length > 0) inputs = inputs.flatMap((input) => answers.map((answer) => withValueAt(input, field, answer)));
  if (inputs.length === 1 && fields.length > 0) return lowest;
  for (const input of inputs) {
    try {
      lowest = Math.min(lowest, kind.scale.indexOf(kind.grade(await kind.evaluate(input))));
    } catch (error) {
      if (!isObservationError(error)) throw error;
    }
  }
  return lowest;
}

/** How many ways the fields can be answered together. */
function combinations(fields: readonly { readonly answers: readonly unknown[] }[]): number {
  return fields.reduce((product, { answers }) => product * Math.max(answers.length, 1), 1);
}

/** How many combinations of answers the interview tries to see whether answers together lower a result. */
const MAX_COMBINATIONS = 256;

/** How a field is answered; a sign the person reported is asked without the answers that say it is absent. */
function answerOf<R, G extends string>(kind: InterviewKind<R, G>, field: string, partial: unknown): InterviewQuestion<G>['answer'] {
  const leaf = kind.fields.get(field);
  if (leaf === undefined) return { type: 'text' };
  const spec = answerSpec(leaf, questionOf(kind, field)?.answers);
  const absent = signsReportedIn(partial, kind.reported ?? []).flatMap((entry) => (entry.sign === field ? entry.absent : []));
  if (spec.type !== 'choice' || absent.length === 0) return spec;
  const options = spec.options.filter((option) => !absent.includes(option as string));
  const labels =
    spec.labels === undefined ? undefined : Object.fromEntries(Object.entries(spec.labels).filter(([value]) => options.includes(value)));
  return { ...spec, options, ...(labels === undefined ? {} : { labels }) };
}

function unknownFields<R, G extends string>(kind: InterviewKind<R, G>, options: InterviewOptions): Set<string> {
  const given: unknown = (options as { unknown?: unknown }).unknown;
  if (given === undefined) return new Set();
  if (!Array.isArray(given))
    throw new ObservationError([{ path: 'unknown', code: 'invalid_type', message: "'unknown' must be an array of field paths" }]);
  const issues = (given as unknown[]).flatMap((field, index) =>
    typeof field === 'string' && kind.fields.has(field)
      ? []
      : [
          {
            path: `unknown.${String(index)}`,
            code: 'unknown_key' as const,
            message: `'unknown.${String(index)}' is not a field of this input`,
          },
        ],
  );
  if (issues.length > 0) throw new ObservationError(issues);
  return new Set(given as string[]);
}
