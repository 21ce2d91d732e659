import { DECISIONS, LEVELS } from '../contract.js';
import { canonicalJson } from './canonical-json.js';
import type { Diagnostic } from './diagnostics.js';

/**
 * What composing a layer takes away: every earlier rule the layer removes (by `disable` or by
 * replacing its file) or lowers (a lower level or decision, or it stops holding the floor).
 * Floors may not be removed or lowered at all; any other lowering needs the layer's written
 * approval (`acknowledgedLowerings`: which rule, why, who approved). Files are not validated
 * yet, so everything is read defensively.
 */
export function checkLowerings(
  layer: string,
  before: ReadonlyMap<string, unknown>,
  after: ReadonlyMap<string, unknown>,
  layerFiles: Readonly<Record<string, unknown>>,
): Diagnostic[] {
  const earlier = rulesById(before);
  const now = rulesById(after);
  const acknowledged = acknowledgements(layerFiles);
  const used = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const [id, old] of earlier) {
    const current = now.get(id);
    const change = lowering(old, current);
    if (change === undefined) continue;
    const file = current?.file ?? old.file;
    if (old.floor !== undefined) {
      diagnostics.push({
        code: 'floor-lowered',
        severity: 'error',
        file,
        path: '',
        message: `layer '${layer}' ${change} the floor rule '${id}': a composed rule set keeps its floors (the floor may not be removed, lowered, reach less far or test other conditions)`,
      });
      continue;
    }
    const approval = acknowledged.get(id);
    if (approval === undefined) {
      diagnostics.push({
        code: 'unacknowledged-lowering',
        severity: 'error',
        file,
        path: '',
        message: `layer '${layer}' ${change} '${id}' without saying so: add { "rule": "${id}", "why": ..., "approvedBy": ... } to 'acknowledgedLowerings' in one of its files`,
      });
      continue;
    }
    used.add(id);
    diagnostics.push({
      code: 'acknowledged-lowering',
      severity: 'info',
      file: approval.file,
      path: approval.path,
      message: `layer '${layer}' ${change} '${id}': ${approval.why} (approved by ${approval.approvedBy}${approval.date === undefined ? '' : `, ${approval.date}`})`,
    });
  }
  for (const [id, approval] of acknowledged) {
    if (used.has(id)) continue;
    diagnostics.push({
      code: 'unused-acknowledgement',
      severity: 'warning',
      file: approval.file,
      path: approval.path,
      message: `'${id}' is acknowledged as lowered, but layer '${layer}' does not remove or lower it`,
    });
  }
  return diagnostics;
}

interface RuleView {
  readonly file: string;
  readonly rank: number;
  /** Whether its open questions hold the floor (marked, or at or above the floor's reach). */
  readonly holdsFloor: boolean;
  readonly floor: unknown;
  readonly conditions: string;
}

/** How `current` takes away from `old`, as a phrase; `undefined` when it does not. */
function lowering(old: RuleView, current: RuleView | undefined): string | undefined {
  if (current === undefined) return 'removes';
  if (current.rank < old.rank) return 'lowers the grade of';
  if (old.holdsFloor && !current.holdsFloor) return 'takes out of the floor (no longer a red flag or blocking rule)';
  if (old.floor !== undefined && (canonicalJson(old.floor) !== canonicalJson(current.floor) || old.conditions !== current.conditions))
    return 'changes';
  return undefined;
}

function rulesById(files: ReadonlyMap<string, unknown>): Map<string, RuleView> {
  const read: {
    kind: 'assessment' | 'screening';
    file: string;
    id: string;
    grade: unknown;
    marked: boolean;
    floor: unknown;
    conditions: unknown;
  }[] = [];
  for (const [file, content] of files) {
    const record = asRecord(content);
    const kind = record?.['kind'];
    if (kind !== 'assessment' && kind !== 'screening') continue;
    const list = record?.['rules'];
    for (const rule of Array.isArray(list) ? (list as unknown[]) : []) {
      const entry = asRecord(rule);
      const id = entry?.['id'];
      if (entry === undefined || typeof id !== 'string') continue;
      const params = asRecord(asRecord(entry['event'])?.['params']);
      read.push({
        kind,
        file,
        id,
        grade: params?.[kind === 'assessment' ? 'level' : 'decision'],
        marked: entry[kind === 'assessment' ? 'redFlag' : 'blocking'] === true,
        floor: entry['floor'],
        conditions: entry['conditions'] ?? null,
      });
    }
  }
  const scales = { assessment: LEVELS as readonly string[], screening: DECISIONS as readonly string[] };
  const rankOf = (kind: 'assessment' | 'screening', grade: unknown): number =>
    typeof grade === 'string' ? scales[kind].indexOf(grade) : -1;
  const reach = (kind: 'assessment' | 'screening'): number => {
    const floor = asRecord(read.find((rule) => rule.kind === kind && rule.floor !== undefined)?.floor);
    return floor === undefined ? Number.POSITIVE_INFINITY : rankOf(kind, floor['reach']);
  };
  const reaches = { assessment: reach('assessment'), screening: reach('screening') };
  return new Map(
    read.map((rule) => {
      const rank = rankOf(rule.kind, rule.grade);
      const holdsFloor = rule.floor === undefined && (rule.marked || rank >= reaches[rule.kind]);
      return [rule.id, { file: rule.file, rank, holdsFloor, floor: rule.floor, conditions: canonicalJson(rule.conditions) }];
    }),
  );
}

interface Approval {
  readonly file: string;
  readonly path: string;
  readonly why: string;
  readonly approvedBy: string;
  readonly date?: string;
}

function acknowledgements(files: Readonly<Record<string, unknown>>): Map<string, Approval> {
  const approvals = new Map<string, Approval>();
  for (const [file, content] of Object.entries(files)) {
    const list = asRecord(content)?.['acknowledgedLowerings'];
    if (!Array.isArray(list)) continue;
    (list as unknown[]).forEach((item, index) => {
      const entry = asRecord(item);
      const rule = entry?.['rule'];
      if (entry === undefined || typeof rule !== 'string') return;
      const date = entry['date'];
      approvals.set(rule, {
        file,
        path: `acknowledgedLowerings.${String(index)}`,
        why: String(entry['why']),
        approvedBy: String(entry['approvedBy']),
        ...(typeof date === 'string' ? { date } : {}),
      });
    });
  }
  return approvals;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
