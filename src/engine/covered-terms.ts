import { keyOf, REFUSED, type DerivedFactModel, type FactRoutes } from '../facts/fact-routes.js';
import type { FactValue } from '../facts/fact-values.js';
import { foldCondition, leavesOf } from '../rules/condition-tree.js';
import type { LeafCondition, TopLevelCondition } from '../rules/rule-set-schema.js';
import { leafHolds, leafOpening, leafTriState, type TriState, type TriStateOutcome } from './tri-state.js';

/*
 * Which unanswered questions a rule that could still fire makes worth asking. Three-valued logic
 * says which questions could fire a rule; but a rule may fire only where another rule at least as
 * high fires too (HSV history with blisters, when blisters alone already reach that level): its
 * own questions can then never move the result. Each rule is read as a disjunction of terms (its
 * disjunctive normal form). On the facts at hand, a term is covered when a better term holds
 * wherever it holds, leaf by leaf: a term of a higher rule; or of a rule as high, with fewer
 * unknown leaves; or as high and as long, of the rule first by id. The questions of uncovered
 * terms are the relevant ones.
 *
 * Completeness is kept: if one answer completes some terms, the best of them ("better" is a
 * strict order) is uncovered, since a cover would be completed too and be better; so the
 * answer's question is relevant to it. For the floor, a flagged rule is covered only by a flagged
 * one, so the floor still holds while its questions are open.
 */

/** What coverage needs of a rule. */
export interface CoverableRule {
  readonly id: string;
  readonly conditions: TopLevelCondition;
  readonly rank: number;
  readonly flagged: boolean;
}

interface TermLeaf {
  readonly leaf: LeafCondition;
  readonly negated: boolean;
}

/** A rule's terms; `null` when it has too many to expand (it is then neither pruned nor a cover). */
type Terms = readonly (readonly TermLeaf[])[] | null;

const MAX_TERMS = 64;
const termCache = new WeakMap<TopLevelCondition, Terms>();

/** A rule's disjunctive normal form, with `not`s pushed down to the leaves (a fold over the tree). */
export function termsOf(conditions: TopLevelCondition): Terms {
  let terms = termCache.get(conditions);
  if (terms === undefined) {
    terms = foldCondition<Terms>(conditions, {
      leaf: (leaf, at) => [[{ leaf, negated: at.negated }]],
      all: (children, _node, at) => (at.negated ? union(children) : product(children)),
      any: (children, _node, at) => (at.negated ? product(children) : union(children)),
      not: (child) => child,
    });
    termCache.set(conditions, terms);
  }
  return terms;
}

function union(children: readonly Terms[]): Terms {
  if (children.length === 0 || children.some((child) => child === null)) return null;
  const terms = children.flatMap((child) => child ?? []);
  return terms.length > MAX_TERMS ? null : terms;
}

function product(children: readonly Terms[]): Terms {
  if (children.length === 0) return null;
  let terms: (readonly TermLeaf[])[] = [[]];
  for (const child of children) {
    if (child === null) return null;
    terms = terms.flatMap((left) => child.map((right) => [...left, ...right]));
    if (terms.length > MAX_TERMS) return null;
  }
  return terms;
}

/** The questions worth asking, by rule position. */
export interface Relevance {
  /** The questions that could make one of the rule's terms hold (no coverage: cheap, for the floor's count). */
  openings(position: number): readonly string[];
  /**
   * The questions of the uncovered terms of the rules at the positions `needed` picks (`floor`: a
   * flagged rule is covered only by flagged ones, and only flagged rules cover).
   */
  relevant(needed: (position: number) => boolean, floor: boolean): ReadonlyMap<number, readonly string[]>;
}

/** A term on the facts at hand: its unknown leaves, with the questions that could decide each. */
interface Residual {
  readonly unknown: readonly { readonly leaf: TermLeaf; readonly questions: readonly string[] }[];
  /** False when a leaf fails for good: the term cannot hold (kept, so that both readings of a rule line up term by term). */
  readonly holds: boolean;
}

/**
 * The relevant questions of the rules at each position, worked out when first asked for (`floor`:
 * for the safety floor, where only a flagged rule covers a flagged one).
 */
export function relevance(
  rules: readonly CoverableRule[],
  facts: Readonly<Record<string, FactValue>>,
  routes: FactRoutes | undefined,
  counterFact: string | undefined,
  status: (position: number) => TriStateOutcome,
): Relevance {
  const strictStates = new Map<TermLeaf, { state: TriState; questions: readonly string[] }>();
  const openings = new Map<TermLeaf, { state: TriState; questions: readonly string[] }>();
  const residuals: (readonly Residual[] | null | undefined)[][] = [
    new Array<readonly Residual[] | null | undefined>(rules.length),
    new Array<readonly Residual[] | null | undefined>(rules.length),
  ];

  // As a cover, a leaf is settled only if no answer can change it (three-valued, with routes).
  const strictState = (term: TermLeaf): { state: TriState; questions: readonly string[] } => {
    let known = strictStates.get(term);
    if (known === undefined) {
      const open: string[] = [];
      // The floor counter changes as questions are answered: never settled here.
      const state = term.leaf.fact === counterFact ? undefined : leafTriState(term.leaf, facts, routes, open);
      known = { state: state === undefined ? undefined : state !== term.negated, questions: state === undefined ? open : [] };
      strictStates.set(term, known);
    }
    return known;
  };
  // As a term that could fire, a leaf that holds now counts as holding (answers could only make it fail), and one that
  // does not is open to the questions that could make it hold.
  const opening = (term: TermLeaf): { state: TriState; questions: readonly string[] } => {
    let known = openings.get(term);
    if (known === undefined) {
      if (term.leaf.fact === counterFact) known = { state: undefined, questions: [] };
      else {
        const { holds, questions } = leafOpening(term.leaf, term.negated, facts, routes);
        known = { state: holds ? true : questions.length > 0 ? undefined : false, questions };
      }
      openings.set(term, known);
    }
    return known;
  };
  /** A rule's terms on the facts at hand, as terms that could fire (`asCover` false) or as covers. */
  const residualsAt = (position: number, asCover: boolean): readonly Residual[] | null => {
    const cache = residuals[asCover ? 1 : 0] ?? [];
    let found = cache[position];
    if (found === undefined) {
      const terms = termsOf(rules[position]?.conditions ?? { all: [] });
      const stateOf = asCover ? strictState : opening;
      found =
        terms === null
          ? null
          : terms.map((term): Residual => {
              const unknown: Residual['unknown'][number][] = [];
              for (const leaf of term) {
                const { state, questions } = stateOf(leaf);
                if (state === false) return { unknown: [], holds: false };
                if (state === undefined) unknown.push({ leaf, questions });
              }
              return { unknown, holds: true };
            });
      cache[position] = found;
    }
    return found;
  };
  /** One term of a rule that could still fire: as a term that could fire, and as a cover (absent: it cannot hold). */
  interface TermRecord {
    readonly position: number;
    readonly rule: CoverableRule;
    readonly judged: Residual | undefined;
    readonly cover: Residual | undefined;
  }
  const recordsOf = (position: number): TermRecord[] | null => {
    const rule = rules[position];
    const judged = residualsAt(position, false);
    const covers = residualsAt(position, true);
    if (rule === undefined || judged === null || covers === null) return null;
    return judged.map((term, index) => {
      const cover = covers[index];
      return {
        position,
        rule,
        judged: term.holds && term.unknown.length > 0 ? term : undefined,
        cover: cover?.holds === true ? cover : undefined,
      };
    });
  };

  /**
   * Decides which terms are covered: the most specific first, highest rank first; a covered term
   * leaves the pool of covers, so whatever it covered stays covered by terms that are not (the
   * argument at the top). Only the terms of `needed` rules are judged; every other term of a rule
   * that could still fire (flagged, for the floor) is a cover.
   */
  const decide = (needed: (position: number) => boolean, floor: boolean): Map<number, readonly string[]> => {
    const relevant = new Map<number, readonly string[]>();
    const records: TermRecord[] = [];
    for (const [position, rule] of rules.entries()) {
      if (status(position).status !== undefined || (floor && !rule.flagged)) continue;
      const found = recordsOf(position);
      if (found === null) {
        if (needed(position)) relevant.set(position, status(position).openFacts);
      } else records.push(...found);
    }
    const pool = new Set(records.filter((record) => record.cover !== undefined && record.cover.unknown.length > 0));
    const order = records
      .filter((record) => record.judged !== undefined && needed(record.position))
      .sort(
        (a, b) =>
          b.rule.rank - a.rule.rank ||
          (b.judged?.unknown.length ?? 0) - (a.judged?.unknown.length ?? 0) ||
          (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0),
      );
    for (const record of order) {
      const judged = record.judged;
      if (judged === undefined) continue;
      const covers: Residual[] = [];
      for (const other of pool)
        if (other !== record && other.rule.rank >= record.rule.rank && other.cover !== undefined) covers.push(other.cover);
      if (covered(judged, covers)) {
        pool.delete(record);
        continue;
      }
      const questions = new Set(relevant.get(record.position));
      for (const { questions: asked } of judged.unknown) for (const question of asked) questions.add(question);
      relevant.set(record.position, [...questions]);
    }
    for (const [position] of rules.entries()) if (needed(position) && !relevant.has(position)) relevant.set(position, []);
    return relevant;
  };
  const tellingOf = (fact: string): readonly FactValue[] => tellingByFact(rules).get(fact) ?? [null];
  const domains = new Map<string, unknown[]>();
  // The unanswered questions that can change a fact: its own, or every open input of a derived fact.
  const askedOf = new Map<string, readonly string[]>();
  const questionsOf = (fact: string): readonly string[] => {
    let found = askedOf.get(fact);
    if (found === undefined) {
      const model = routes?.[fact];
      if (model !== undefined) found = model.inputs.flatMap((input) => (input.given === undefined ? [input.question] : []));
      else found = fact === counterFact || (facts[fact] ?? null) !== null ? [] : [fact];
      askedOf.set(fact, found);
    }
    return found;
  };
  /** A term's questions; `undefined` when a leaf is decided by none (the floor counter): it cannot be enumerated. */
  const termQuestions = new WeakMap<Residual, ReadonlySet<string> | null>();
  const questionsOfTerm = (term: Residual): ReadonlySet<string> | undefined => {
    let found = termQuestions.get(term);
    if (found === undefined) {
      const asked = term.unknown.map(({ leaf }) => questionsOf(leaf.leaf.fact));
      found = asked.some((list) => list.length === 0) ? null : new Set(asked.flat());
      termQuestions.set(term, found);
    }
    return found ?? undefined;
  };
  const covered = (term: Residual, covers: readonly Residual[]): boolean => {
    // One term that holds wherever this one does, leaf by leaf; or, over the answers that decide them, always some term.
    const termFacts = new Set(term.unknown.map(({ leaf }) => leaf.leaf.fact));
    if (
      covers.some(
        (cover) =>
          cover.unknown.every(({ leaf }) => termFacts.has(leaf.leaf.fact)) &&
          cover.unknown.every(({ leaf: needed }) => term.unknown.some(({ leaf: given }) => implies(given, needed))),
      )
    )
      return true;
    const own = questionsOfTerm(term);
    if (own === undefined || own.size === 0) return false;
    // Covers sharing a question with the term and decided by at most one further question (a stated trend beside its sign).
    const candidates: { readonly cover: readonly TermLeaf[]; readonly further: readonly string[] }[] = [];
    for (const cover of covers) {
      const asked = questionsOfTerm(cover);
      if (asked === undefined) continue;
      let shared = false;
      const further: string[] = [];
      for (const question of asked)
        if (own.has(question)) shared = true;
        else further.push(question);
      if (shared && further.length <= 2) candidates.push({ cover: cover.unknown.map(({ leaf }) => leaf), further });
    }
    if (candidates.length === 0) return false;
    return coveredPointwise(
      term.unknown.map(({ leaf }) => leaf),
      own,
      candidates,
      facts,
      routes,
      tellingOf,
      domains,
    );
  };

  return {
    openings(position) {
      const terms = residualsAt(position, false);
      if (terms === null) return status(position).openFacts;
      const questions = new Set<string>();
      for (const term of terms)
        if (term.holds) for (const { questions: asked } of term.unknown) for (const question of asked) questions.add(question);
      return [...questions];
    },
    relevant: decide,
  };
}

const tellingCache = new WeakMap<readonly CoverableRule[], Map<string, readonly FactValue[]>>();

/** For each fact, the values every leaf of the rules on it can tell apart (worked out once per rule list). */
function tellingByFact(rules: readonly CoverableRule[]): Map<string, readonly FactValue[]> {
  let found = tellingCache.get(rules);
  if (found === undefined) {
    const leaves = new Map<string, LeafCondition[]>();
    for (const rule of rules)
      for (const { leaf } of leavesOf(rule.conditions)) leaves.set(leaf.fact, [...(leaves.get(leaf.fact) ?? []), leaf]);
    found = new Map([...leaves].map(([fact, list]) => [fact, telling(list)]));
    tellingCache.set(rules, found);
  }
  return found;
}

const leafIds = new WeakMap<TermLeaf, number>();
let nextLeafId = 0;
/** A number for a term leaf (they are made once per rule and kept). */
function leafId(leaf: TermLeaf): number {
  let id = leafIds.get(leaf);
  if (id === undefined) {
    id = nextLeafId++;
    leafIds.set(leaf, id);
  }
  return id;
}

const implications = new WeakMap<TermLeaf, Map<TermLeaf, boolean>>();

/** Every value that makes `given` hold makes `needed` hold (both on the same fact), over the values the two can tell apart. */
function implies(given: TermLeaf, needed: TermLeaf): boolean {
  if (given.leaf.fact !== needed.leaf.fact) return false;
  let known = implications.get(given);
  if (known === undefined) {
    known = new Map();
    implications.set(given, known);
  }
  let result = known.get(needed);
  if (result === undefined) {
    const holds = (term: TermLeaf, value: FactValue): boolean => leafHolds(term.leaf, value) !== term.negated;
    result = telling([given.leaf, needed.leaf]).every((value) => !holds(given, value) || holds(needed, value));
    known.set(needed, result);
  }
  return result;
}

/** Most combinations of answers tried for one term (beyond it, the term counts as not covered). */
const MAX_POINTS = 4096;

/**
 * Whether, for every combination of answers to the questions that decide the term's open leaves
 * (the answers those leaves and the covers' can tell apart; derived facts worked out from them,
 * combinations the input contract refuses left out) where the term holds, some cover holds too.
 * Only covers decided by those same questions can be used.
 */
function coveredPointwise(
  term: readonly TermLeaf[],
  own: ReadonlySet<string>,
  candidates: readonly { readonly cover: readonly TermLeaf[]; readonly further: readonly string[] }[],
  facts: Readonly<Record<string, FactValue>>,
  routes: FactRoutes | undefined,
  tellingOf: (fact: string) => readonly FactValue[],
  known: Map<string, unknown[]>,
): boolean {
  const questions = new Set(own);
  const allLeaves = [...term, ...candidates.flatMap(({ cover }) => cover)];
  const domains = new Map<string, unknown[]>();
  const domainOf = (question: string): unknown[] => {
    let domain = domains.get(question);
    if (domain === undefined) {
      // The answers depend on the leaves the question feeds: the same leaves, the same answers (within one evaluation).
      const fed = allLeaves.filter(
        ({ leaf }) => leaf.fact === question || routes?.[leaf.fact]?.inputs.some((input) => input.question === question) === true,
      );
      const key = `${question}\u0000${[...new Set(fed.map(leafId))].sort((a, b) => a - b).join(',')}`;
      domain = known.get(key);
      if (domain === undefined) {
        domain = distinct(question, answersFor(question, fed, routes, tellingOf), fed, routes);
        known.set(key, domain);
      }
      domains.set(question, domain);
    }
    return domain;
  };
  let points = [...questions].reduce((product, question) => product * domainOf(question).length, 1);
  if (points > MAX_POINTS) return false;
  const usable: (readonly TermLeaf[])[] = [];
  for (const { cover, further } of [...candidates].sort((a, b) => a.further.length - b.further.length)) {
    const added = further.filter((question) => !questions.has(question));
    const more = added.reduce((product, question) => product * domainOf(question).length, 1);
    if (points * more > MAX_POINTS) continue;
    points *= more;
    for (const question of added) questions.add(question);
    usable.push(cover);
  }
  // The term's own questions first: where the term fails, the further questions need not be tried.
  const order = [...own, ...[...questions].filter((question) => !own.has(question))];
  const answersIn = order.map(domainOf);
  const involved = [...new Set([...term, ...usable.flat()].map(({ leaf }) => leaf.fact))];

  const answers = new Map<string, unknown>();
  const values = new Map<string, FactValue | typeof REFUSED>();
  const valueOf = (fact: string): FactValue | typeof REFUSED => {
    let value = values.get(fact);
    if (value === undefined) {
      const model = routes?.[fact];
      if (model === undefined) value = questions.has(fact) ? ((answers.get(fact) ?? null) as FactValue) : (facts[fact] ?? null);
      else value = model.derive(model.inputs.map((input) => (questions.has(input.question) ? answers.get(input.question) : input.given)));
      values.set(fact, value);
    }
    return value;
  };
  const holds = (conjunction: readonly TermLeaf[]): boolean => {
    for (const { leaf, negated } of conjunction) {
      const value = valueOf(leaf.fact);
      if (value === REFUSED || leafHolds(leaf, value) === negated) return false;
    }
    return true;
  };
  const everywhere = (index: number): boolean => {
    if (index === own.size) {
      values.clear();
      if (!holds(term)) return true;
    }
    const question = order[index];
    if (question === undefined) {
      values.clear();
      // Answers the input contract refuses (a trend an absent sign cannot have, a time before an earlier check-in) are no completion.
      if (involved.some((fact) => valueOf(fact) === REFUSED)) return true;
      return usable.some(holds);
    }
    return (answersIn[index] ?? []).every((answer) => {
      answers.set(question, answer);
      return everywhere(index + 1);
    });
  };
  return everywhere(0);
}

/**
 * The answers to a question that the leaves tell apart, when the question alone decides every
 * fact it feeds (a fact of its own, or a derived fact with no other open input): one answer per
 * pattern of the leaves on those facts. Otherwise every answer.
 */
function distinct(question: string, answers: readonly unknown[], leaves: readonly TermLeaf[], routes: FactRoutes | undefined): unknown[] {
  const fed = leaves.filter(({ leaf }) => {
    const model = routes?.[leaf.fact];
    return model === undefined ? leaf.fact === question : model.inputs.some((input) => input.question === question);
  });
  const alone = fed.every(({ leaf }) => {
    const model = routes?.[leaf.fact];
    return model === undefined || model.inputs.every((input) => input.question === question || input.given !== undefined);
  });
  if (!alone) return [...answers];
  const seen = new Map<string, unknown>();
  for (const answer of answers) {
    const pattern = fed
      .map(({ leaf, negated }) => {
        const model = routes?.[leaf.fact];
        const value =
          model === undefined
            ? ((answer ?? null) as FactValue)
            : model.derive(model.inputs.map((input) => (input.question === question ? answer : input.given)));
        return value === REFUSED ? 'x' : leafHolds(leaf, value) !== negated ? '1' : '0';
      })
      .join('');
    if (!seen.has(pattern)) seen.set(pattern, answer);
  }
  return [...seen.values()];
}

/** The answers a question can get that the leaves can tell apart: as an input of derived facts, and as a fact of its own; and none. */
function answersFor(
  question: string,
  leaves: readonly TermLeaf[],
  routes: FactRoutes | undefined,
  tellingOf: (fact: string) => readonly FactValue[],
): unknown[] {
  const found = new Map<string, unknown>([['-', undefined]]);
  const add = (value: unknown): void => {
    found.set(value === null || value === undefined ? '-' : keyOf(value as FactValue), value ?? undefined);
  };
  let own = false;
  const models = new Set<DerivedFactModel>();
  for (const { leaf } of leaves) {
    const model = routes?.[leaf.fact];
    if (model !== undefined) models.add(model);
    else if (leaf.fact === question) own = true;
  }
  if (own) tellingOf(question).forEach(add);
  for (const model of models)
    for (const input of model.inputs) {
      if (input.question !== question) continue;
      for (const value of input.domain) {
        add(value);
        if (typeof value === 'number') [value - 1e-6, value + 1e-6].forEach(add);
      }
    }
  return [...found.values()];
}

const OTHER = '\u0000other';
const LIST_OPERATORS = new Set<string>(['contains', 'doesNotContain']);
const NUMBER_OPERATORS = new Set<string>(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

/**
 * Values that some leaves on one fact can tell apart, by the kind of fact their operators imply:
 * lists (each subset of the named items and one unnamed), numbers (each named number and either
 * side of it, zero and "never"), or scalars (each named value, an unnamed one, true and false);
 * and unanswered.
 */
function telling(leaves: readonly LeafCondition[]): FactValue[] {
  const named = leaves.flatMap(({ value }) => (Array.isArray(value) ? (value as unknown[]) : [value]));
  const strings = [...new Set(named.filter((value): value is string => typeof value === 'string'))];
  const numbers = named.filter((value): value is number => typeof value === 'number');
  const values: FactValue[] = [null];
  if (leaves.some(({ operator }) => LIST_OPERATORS.has(operator)))
    values.push(...[...strings, OTHER].reduce<string[][]>((all, item) => [...all, ...all.map((subset) => [...subset, item])], [[]]));
  if (numbers.length > 0 || leaves.some(({ operator }) => NUMBER_OPERATORS.has(operator)))
    values.push(0, Number.POSITIVE_INFINITY, ...numbers.flatMap((value) => [value - 1e-6, value, value + 1e-6]));
  if (leaves.some(({ operator }) => !LIST_OPERATORS.has(operator) && !NUMBER_OPERATORS.has(operator)))
    values.push(true, false, OTHER, ...strings);
  return [...new Set(values)];
}
