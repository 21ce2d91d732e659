import type { RuleSummary } from '../rules/rule-summary.js';
import type { CaseResult } from './run-cases.js';

/** Names of cases shown per rule; the rest are counted. */
const SHOWN = 3;

/** Marks the generated table inside a document. */
export const TRACEABILITY_MARKERS = { start: '<!-- traceability:start -->', end: '<!-- traceability:end -->' } as const;

/**
 * A Markdown table from each rule to its sources and to the golden cases that exercise it (see
 * it fire, and see it not fire), so a reviewer can go from any rule to its source and its tests.
 * `sources` labels a rule's sources; by default the document's number and the section.
 */
export function renderTraceability(
  suites: readonly { readonly file: string; readonly results: readonly CaseResult[] }[],
  rules: readonly RuleSummary[],
  sources: (rule: RuleSummary) => readonly string[] = sourceLabels,
): string {
  const firing = new Map<string, string[]>();
  const silent = new Map<string, number>();
  for (const { file, results } of suites) {
    for (const result of results) {
      for (const entry of result.assessment?.trace ?? result.screening?.trace ?? []) {
        if (entry.fired) firing.set(entry.ruleId, [...(firing.get(entry.ruleId) ?? []), `${file}: ${result.name}`]);
        else silent.set(entry.ruleId, (silent.get(entry.ruleId) ?? 0) + 1);
      }
    }
  }
  const rows = rules.map((rule) => {
    const fired = firing.get(rule.id) ?? [];
    const shown = fired.slice(0, SHOWN).map((name) => escape(name));
    const more = fired.length > SHOWN ? ` (+${String(fired.length - SHOWN)} more)` : '';
    return `| \`${rule.id}\` | ${rule.grade}${rule.flagged ? (rule.kind === 'assessment' ? ', red flag' : ', blocking') : ''} | ${sources(rule).map(escape).join('<br>')} | ${String(fired.length)}: ${shown.join('; ')}${more} | ${String(silent.get(rule.id) ?? 0)} |`;
  });
  return [
    '| rule | level or decision | sources | golden cases that see it fire | cases that see it not fire |',
    '| ---- | ----------------- | ------- | ----------------------------- | -------------------------- |',
    ...rows,
  ].join('\n');
}

/** A document with the text between the traceability markers replaced. */
export function spliceTraceability(document: string, table: string): string {
  const start = document.indexOf(TRACEABILITY_MARKERS.start);
  const end = document.indexOf(TRACEABILITY_MARKERS.end);
  if (start < 0 || end < start)
    throw new Error(`the document has no ${TRACEABILITY_MARKERS.start} ... ${TRACEABILITY_MARKERS.end} section`);
  return `${document.slice(0, start + TRACEABILITY_MARKERS.start.length)}\n\n${table}\n\n${document.slice(end)}`;
}

function escape(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** The default source labels: the document's number and the section (`000 § Red flags`). */
function sourceLabels(rule: RuleSummary): string[] {
  const { sources } = rule.definition as { readonly sources?: readonly { readonly document: string; readonly section: string }[] };
  return (sources ?? []).map((source) => `${source.document.slice(0, 3)} § ${source.section}`);
}
