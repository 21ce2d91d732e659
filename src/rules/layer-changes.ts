import { activeSchema } from '../checkin/checkin-schema.js';
import { DECISIONS, LEVELS } from '../contract.js';
import { canonicalJson } from './canonical-json.js';
import type { Diagnostic } from './diagnostics.js';

/*
 * What a layer changes in what it layers on. A layer may add freely (new rules, questions,
 * advice lines, sources); everything it changes or takes away of what came before is a change
 * that must be acknowledged by id, in either direction: a rule (its conditions, event, priority,
 * marks, kind), a derivation, a question, an advice line or level, a screening decision's
 * wording, an aftercare timeframe or resumption time, a comparison feature. The safety floor cannot change at all: the floor rules,
 * every rule that holds the floor, the questions and derivations of the facts they read, and a
 * layer may not derive a fact that a question answers. Files are not validated yet, so everything
 * is read defensively.
 */

/** Something a rule set holds that a layer can change, by its id (a rule id, `derive:<fact>`, `question:<input>:<fact>`, `question-group:<input>:<id>`, ...). */
interface Item {
  readonly id: string;
  readonly file: string;
  /** The parts that change results, as canonical JSON. */
  readonly content: string;
  readonly rule?: RuleView;
  /** The facts it gives or answers (derivations and questions). */
  readonly facts?: readonly string[];
}

interface RuleView {
  readonly kind: 'assessment' | 'screening';
  readonly rank: number;
  readonly marked: boolean;
  readonly floor: unknown;
  /** The facts its conditions read. */
  readonly reads: readonly string[];
}

/** The derived facts that are worked out from other answers (and the items and facts behind them). */
const BEHIND: Readonly<Record<string, readonly string[]>> = {
  'signs.rednessTrend': ['signs.redness'],
  'signs.painTrend': ['signs.pain'],
  'signs.swellingTrend': ['signs.swelling'],
  'signs.trendDisagreements': [
    'signs.redness',
    'signs.pain',
    'signs.swelling',
    'signs.rednessTrend',
    'signs.painTrend',
    'signs.swellingTrend',
  ],
  'exposures.activesResumedEarly': [
    'exposures.activesResumed',
    'exposures.activesClearedByProvider',
    'hoursSinceTreatment',
    ...activeSchema.options.map((active) => `resume:${active}`),
  ],
};

/** The diagnostics of composing one layer over what came before (`before`: the files then; `after`: with the layer). */
export function checkLayerChanges(
  layer: string,
  before: ReadonlyMap<string, unknown>,
  after: ReadonlyMap<string, unknown>,
  layerFiles: Readonly<Record<string, unknown>>,
): Diagnostic[] {
  const earlier = itemsOf(before);
  const now = itemsOf(after);
  const { held: protectedIds, facts: floorFacts } = floorItems(earlier);
  const acknowledged = acknowledgements(layerFiles);
  const used = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const answered = new Set(
    [...earlier.values(), ...now.values()].flatMap((item) => (item.id.startsWith('question:') ? (item.facts ?? []) : [])),
  );

  for (const [id, old] of earlier) {
    const current = now.get(id);
    if (current !== undefined && current.content === old.content) continue;
    const file = current?.file ?? old.file;
    const change = describeChange(old, current);
    if (old.rule !== undefined && current?.rule !== undefined && old.rule.kind !== current.rule.kind) {
      diagnostics.push({
        code: 'rule-kind-changed',
        severity: 'error',
        file,
        path: '',
        message: `layer '${layer}' gives the ${old.rule.kind} rule '${id}' to a ${current.rule.kind} rule: rule ids are unique across kinds, and a rule is replaced only by one of its own kind`,
      });
      continue;
    }
    if (protectedIds.has(id)) {
      diagnostics.push({
        code: old.rule?.floor !== undefined ? 'floor-lowered' : 'floor-changed',
        severity: 'error',
        file,
        path: '',
        message: `layer '${layer}' ${change} '${id}', which the safety floor rests on (${protectedIds.get(id) ?? ''}): no layer may change the floor, even with an acknowledgement`,
      });
      continue;
    }
    const lowering = old.rule !== undefined && (current?.rule === undefined || current.rule.rank < old.rule.rank);
    const approval = acknowledged.get(id);
    if (approval === undefined) {
      diagnostics.push({
        code: lowering ? 'unacknowledged-lowering' : 'unacknowledged-change',
        severity: 'error',
        file,
        path: '',
        message: `layer '${layer}' ${change} '${id}' without saying so: add { "change": "${id}", "why": ..., "approvedBy": ..., "date": ... } to 'acknowledgedChanges' in one of its files`,
      });
      continue;
    }
    used.add(id);
    diagnostics.push({
      code: lowering ? 'acknowledged-lowering' : 'acknowledged-change',
      severity: 'info',
      file: approval.file,
      path: approval.path,
      message: `layer '${layer}' ${change} '${id}': ${approval.why} (approved by ${approval.approvedBy}${approval.date === undefined ? '' : `, ${approval.date}`})`,
    });
  }
  for (const [id, item] of now) {
    if (earlier.has(id) || !(id.startsWith('derive:') || id.startsWith('question:'))) continue;
    const given = item.facts?.[0];
    if (id.startsWith('derive:') && given !== undefined && answered.has(given)) {
      diagnostics.push({
        code: 'derive-answered-fact',
        severity: 'error',
        file: item.file,
        path: 'derive',
        message: `layer '${layer}' derives '${given}', which a question answers: a layer may not give a value to what the person answers (only the rule set's own derivations fill facts from other answers)`,
      });
      continue;
    }
    // A new derivation or question that reaches a fact the floor reads changes the floor as surely as editing one.
    const gives = id.startsWith('derive:') ? [given] : (item.facts ?? []);
    const floorFact = gives.find((fact) => fact !== undefined && floorFacts.has(fact));
    if (floorFact === undefined) continue;
    diagnostics.push({
      code: 'floor-changed',
      severity: 'error',
      file: item.file,
      path: id.startsWith('derive:') ? 'derive' : 'questions',
      message: `layer '${layer}' adds '${id}', which reaches '${floorFact}', a fact the safety floor rests on (${floorFacts.get(floorFact) ?? ''}): no layer may change how the floor's facts are asked or filled`,
    });
  }
  for (const [id, approval] of acknowledged) {
    if (used.has(id)) continue;
    diagnostics.push({
      code: 'unused-acknowledgement',
      severity: 'warning',
      file: approval.file,
      path: approval.path,
      message: `'${id}' is acknowledged as changed, but layer '${layer}' does not change or remove it`,
    });
  }
  return diagnostics;
}

function describeChange(old: Item, current: Item | undefined): string {
  if (current === undefined) return 'removes';
  if (old.rule !== undefined && current.rule !== undefined) {
    if (current.rule.rank < old.rule.rank) return 'lowers the grade of';
    if (current.rule.rank > old.rule.rank) return 'raises the grade of';
  }
  return 'changes';
}

/** The items the floor rests on and the facts it reads (directly or behind a derivation), each with why. */
function floorItems(items: ReadonlyMap<string, Item>): { held: Map<string, string>; facts: Map<string, string> } {
  const reaches = { assessment: Number.POSITIVE_INFINITY, screening: Number.POSITIVE_INFINITY };
  for (const item of items.values()) {
    const reach = asRecord(item.rule?.floor)?.['reach'];
    if (item.rule !== undefined && typeof reach === 'string') reaches[item.rule.kind] = rankOf(item.rule.kind, reach);
  }
  const held = new Map<string, string>();
  const facts = new Map<string, string>();
  for (const item of items.values()) {
    const rule = item.rule;
    if (rule === undefined) continue;
    const why =
      rule.floor !== undefined
        ? 'a floor rule'
        : rule.marked || rule.rank >= reaches[rule.kind]
          ? 'a rule that holds the floor'
          : undefined;
    if (why === undefined) continue;
    held.set(item.id, why);
    for (const fact of rule.reads) if (!facts.has(fact)) facts.set(fact, `read by '${item.id}'`);
  }
  // The facts behind those facts: the signs of trends, the time and resumption times of early actives, a derivation's source.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [fact, why] of [...facts]) {
      const behind = [
        ...(BEHIND[fact] ?? []),
        ...[...items.values()].flatMap((item) => (item.id.startsWith('derive:') && item.facts?.[0] === fact ? item.facts.slice(1) : [])),
      ];
      for (const source of behind)
        if (!facts.has(source)) {
          facts.set(source, why);
          grew = true;
        }
    }
  }
  for (const item of items.values()) {
    if (held.has(item.id)) continue;
    const reason = (item.facts ?? []).map((fact) => facts.get(fact)).find((why) => why !== undefined);
    if (reason !== undefined && (item.id.startsWith('question:') || item.id.startsWith('derive:'))) held.set(item.id, reason);
    // A resumption time behind a fact the floor reads (early actives).
    const time = facts.get(item.id);
    if (item.id.startsWith('resume:') && time !== undefined) held.set(item.id, time);
  }
  return { held, facts };
}

const rankOf = (kind: 'assessment' | 'screening', grade: unknown): number =>
  typeof grade === 'string'
    ? (kind === 'assessment' ? (LEVELS as readonly string[]) : (DECISIONS as readonly string[])).indexOf(grade)
    : -1;

/** Every item of the files, by id. */
function itemsOf(files: ReadonlyMap<string, unknown>): Map<string, Item> {
  const items = new Map<string, Item>();
  // Of two rules with one id the first counts (a second is refused when composing or validating).
  // Two derivations, questions or lines with one id are one item with both contents: a layer that
  // adds a second derivation of a base fact changes that derivation.
  const add = (item: Item): void => {
    const first = items.get(item.id);
    if (first === undefined) items.set(item.id, item);
    else if (first.rule === undefined)
      items.set(item.id, {
        ...first,
        file: item.file,
        content: `${first.content}\n${item.content}`,
        facts: [...new Set([...(first.facts ?? []), ...(item.facts ?? [])])],
      });
  };
  const replacedBy = new Map<string, string[]>();
  for (const content of files.values())
    if (asRecord(content)?.['kind'] === 'advice')
      for (const line of listOf(asRecord(content)?.['lines']))
        for (const replaced of Array.isArray(line['replaces']) ? (line['replaces'] as unknown[]) : [])
          if (typeof replaced === 'string') replacedBy.set(replaced, [...(replacedBy.get(replaced) ?? []), canonicalJson(line)].sort());
  for (const [file, content] of files) {
    const record = asRecord(content);
    const kind = record?.['kind'];
    if (record === undefined) continue;
    if (kind === 'assessment' || kind === 'screening') {
      for (const rule of listOf(record['rules'])) {
        const id = rule['id'];
        if (typeof id !== 'string') continue;
        const params = asRecord(asRecord(rule['event'])?.['params']);
        const mark = kind === 'assessment' ? 'redFlag' : 'blocking';
        add({
          id,
          file,
          content: canonicalJson({
            kind,
            conditions: rule['conditions'],
            event: rule['event'],
            priority: rule['priority'],
            mark: rule[mark],
            floor: rule['floor'],
          }),
          rule: {
            kind,
            rank: rankOf(kind, params?.[kind === 'assessment' ? 'level' : 'decision']),
            marked: rule[mark] === true,
            floor: rule['floor'],
            reads: factsIn(rule['conditions']),
          },
        });
      }
      for (const band of listOf(record['derive'])) {
        const fact = band['fact'];
        if (typeof fact !== 'string') continue;
        add({
          id: `derive:${fact}`,
          file,
          content: canonicalJson({ from: band['from'], bands: band['bands'] }),
          facts: [fact, String(band['from'])],
        });
      }
      for (const feature of listOf(record['features'])) {
        const id = feature['id'];
        if (typeof id === 'string') add({ id: `feature:${id}`, file, content: canonicalJson(feature) });
      }
    } else if (kind === 'questions') {
      const input = typeof record['input'] === 'string' ? record['input'] : 'checkin';
      for (const group of listOf(record['groups'])) {
        const id = group['id'];
        if (typeof id === 'string') add({ id: `question-group:${input}:${id}`, file, content: canonicalJson(group) });
      }
      for (const question of listOf(record['questions'])) {
        const fact = question['fact'];
        if (typeof fact !== 'string') continue;
        const { order: _order, ...rest } = question;
        add({
          id: `question:${input}:${fact}`,
          file,
          content: canonicalJson(rest),
          facts: [fact, ...(typeof question['field'] === 'string' ? [question['field']] : [])],
        });
      }
    } else if (kind === 'advice') {
      for (const line of listOf(record['lines'])) {
        const id = line['id'];
        // A line another line stands in for changes when that other line is added: the replacement is part of it.
        if (typeof id === 'string')
          add({ id: `advice:${id}`, file, content: canonicalJson({ line, replacedBy: replacedBy.get(id) ?? [] }) });
      }
      for (const [level, advice] of Object.entries(asRecord(record['levels']) ?? {}))
        add({ id: `advice-level:${level}`, file, content: canonicalJson(advice) });
      for (const [decision, advice] of Object.entries(asRecord(record['decisions']) ?? {}))
        add({ id: `advice-decision:${decision}`, file, content: canonicalJson(advice) });
    } else if (kind === 'aftercare') {
      for (const frame of listOf(record['timeframes'])) {
        const id = frame['id'];
        if (typeof id === 'string') add({ id: `aftercare:${id}`, file, content: canonicalJson(frame) });
      }
      for (const item of listOf(record['resume'])) {
        const id = item['item'];
        if (typeof id === 'string') add({ id: `resume:${id}`, file, content: canonicalJson(item) });
      }
    }
  }
  return items;
}

/** The facts a condition tree names (read defensively: the file is not validated yet). */
function factsIn(node: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, depth: number): void => {
    if (depth > 64) return;
    if (Array.isArray(value)) for (const child of value as unknown[]) walk(child, depth + 1);
    const record = asRecord(value);
    if (record === undefined) return;
    if (typeof record['fact'] === 'string') found.add(record['fact']);
    for (const key of ['all', 'any', 'not']) if (record[key] !== undefined) walk(record[key], depth + 1);
  };
  walk(node, 0);
  return [...found];
}

interface Approval {
  readonly file: string;
  readonly path: string;
  readonly why: string;
  readonly approvedBy: string;
  readonly date?: string;
}

/** A layer's acknowledgements, by the id of what they approve: `acknowledgedChanges` (`change`) and the older `acknowledgedLowerings` (`rule`). */
function acknowledgements(files: Readonly<Record<string, unknown>>): Map<string, Approval> {
  const approvals = new Map<string, Approval>();
  for (const [file, content] of Object.entries(files)) {
    for (const [list, key] of [
      ['acknowledgedChanges', 'change'],
      ['acknowledgedLowerings', 'rule'],
    ] as const) {
      listOf(asRecord(content)?.[list]).forEach((entry, index) => {
        const id = entry[key];
        if (typeof id !== 'string') return;
        const date = entry['date'];
        approvals.set(id, {
          file,
          path: `${list}.${String(index)}`,
          why: String(entry['why']),
          approvedBy: String(entry['approvedBy']),
          ...(typeof date === 'string' ? { date } : {}),
        });
      });
    }
  }
  return approvals;
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? (value as unknown[]).flatMap((item) => (asRecord(item) === undefined ? [] : [item as Record<string, unknown>]))
    : [];
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
