import { parseArgs } from 'node:util';
import { DECISIONS, LEVELS } from '../../contract.js';
import { caseOutcomes, compareOutcomes, type DecisionDiff } from '../../testing/diff-decisions.js';
import { chunked, mapOnJobs } from '../job-pool.js';
import { loadCases } from '../load-cases.js';
import { InputFileError, parseJsonText, readTextFile } from '../read-input.js';
import { EXIT, parseJobs, parseNow, print, triageFrom, triageOptionsFor, UsageError, type CliIo } from '../cli-context.js';

/** Cases per task on several jobs. */
const CASES_PER_TASK = 50;

/** `diff --base <dir> --head <dir> --cases <path>`: compares the decisions of two rule versions. */
export async function diffCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      cases: { type: 'string', multiple: true },
      approve: { type: 'string' },
      now: { type: 'string' },
      json: { type: 'boolean', default: false },
      jobs: { type: 'string' },
    },
  });
  if (values.base === undefined || values.head === undefined || values.cases === undefined)
    throw new UsageError("'diff' needs --base <dir>, --head <dir> and --cases <path>.");
  const jobs = parseJobs(values.jobs, io);
  parseNow(values.now);
  const baseRules = await triageOptionsFor(values.base);
  const base = triageFrom({ rules: baseRules, now: values.now });
  const headRules = await triageOptionsFor(values.head);
  const head = triageFrom({ rules: headRules, now: values.now });
  const cases = (await loadCases(values.cases)).flatMap((suite) => suite.cases);
  const approvals = values.approve === undefined ? [] : await readApprovals(values.approve);
  const outcomes =
    jobs > 1
      ? (await mapOnJobs('diff', jobs, { base: baseRules, head: headRules, now: values.now }, chunked(cases, CASES_PER_TASK))).flat()
      : await caseOutcomes(base, head, cases);
  const diff = compareOutcomes(base, head, cases, outcomes, approvals);
  print(
    io,
    values.json ? diff : formatDiff(diff, `${base.ruleSet.id} ${base.ruleSet.version}`, `${head.ruleSet.id} ${head.ruleSet.version}`),
  );
  return diff.passed ? EXIT.ok : EXIT.failure;
}

/** An approvals file: a JSON array of case names, or `{ "approved": [name | { "case": name, "reason": ... }] }`. */
async function readApprovals(path: string): Promise<string[]> {
  const content = parseJsonText(await readTextFile(path, `approvals ${path}`), `approvals ${path}`);
  const list: unknown = Array.isArray(content) ? content : (content as { approved?: unknown } | null)?.approved;
  if (!Array.isArray(list)) throw new InputFileError(`${path}: expected an array of case names, or { "approved": [...] }`);
  return list.map((item: unknown) => (typeof item === 'string' ? item : String((item as { case?: unknown } | null)?.case)));
}

/** The diff as text: rule changes, the old-by-new matrices, changed cases, the verdict. */
export function formatDiff(diff: DecisionDiff, baseLabel: string, headLabel: string): string {
  const lines = [`Decision diff over ${String(diff.cases)} cases: base ${baseLabel} -> head ${headLabel}`];
  lines.push(`Rules added: ${list(diff.rules.added)}; removed: ${list(diff.rules.removed)}; modified: ${list(diff.rules.modified)}`);
  for (const [title, matrix, scale] of [
    ['Levels', diff.levels, [...LEVELS, 'invalid']],
    ['Decisions', diff.decisions, [...DECISIONS, 'invalid']],
  ] as const) {
    const used = scale.filter((grade) => scale.some((other) => (matrix[grade]?.[other] ?? 0) + (matrix[other]?.[grade] ?? 0) > 0));
    if (used.length === 0) continue;
    lines.push('', `${title} (rows: base, columns: head):`, `  ${''.padEnd(22)}${used.map((grade) => grade.padStart(22)).join('')}`);
    for (const from of used) lines.push(`  ${from.padEnd(22)}${used.map((to) => String(matrix[from]?.[to] ?? 0).padStart(22)).join('')}`);
  }
  lines.push('', `Changed cases (${String(diff.changed.length)}):`);
  for (const change of diff.changed) {
    const tag = change.downTriage
      ? change.approved
        ? 'DOWN (approved)'
        : 'DOWN-TRIAGE'
      : change.changed.includes('grade')
        ? 'UP'
        : 'CHANGED';
    const added = change.head.fired.filter((id) => !change.base.fired.includes(id));
    const removed = change.base.fired.filter((id) => !change.head.fired.includes(id));
    lines.push(
      `  ${tag.padEnd(16)} ${change.name}: ${change.base.grade} -> ${change.head.grade}; rules +[${added.join(', ')}] -[${removed.join(', ')}]`,
    );
  }
  lines.push('');
  lines.push(
    diff.passed
      ? `PASSED: no unapproved down-triage (${String(diff.downTriaged.length)} approved).`
      : `FAILED: ${String(diff.unapproved.length)} case(s) down-triaged without approval: ${diff.unapproved.map((change) => change.name).join(', ')}. If intended, list them in a file given with --approve.`,
  );
  return lines.join('\n');
}

function list(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}
