import type { Assessment, MatchedValue, Reason } from '../assessment/assessment-types.js';
import type { ClinicianFinding, ClinicianQuestion, QuestionLists } from '../assessment/clinician-summary.js';
import type { InputIssue } from '../input/observation-error.js';
import type { CitedSource } from '../rules/rule-set-schema.js';

const LEVEL_MEANING: Readonly<Record<Assessment['level'], string>> = {
  expected: 'consistent with normal healing for the time since treatment',
  monitor: 'not typical, no warning signs: self-care and re-check',
  'contact-provider': 'contact the treating clinician today',
  urgent: 'seek urgent care now',
};

/** A readable, plain-text layout of an assessment for terminals and logs. */
export function formatAssessment(assessment: Assessment, label?: string): string {
  const lines: string[] = [];
  if (label !== undefined) lines.push(`Check-in: ${label}`);
  lines.push(`LEVEL: ${assessment.level.toUpperCase()} (${LEVEL_MEANING[assessment.level]})`);
  lines.push(`       ${assessment.advice.summary.patient}`);
  const summary = assessment.clinician;
  lines.push('', ...formatClinicianSummary(summary.headline, summary.reported, summary.warningSigns, summary.unknown), '');
  const phase = assessment.phase;
  if (phase === null) {
    lines.push('Phase: unknown (time since treatment not given)');
  } else {
    lines.push(`Phase: ${phase.label} (${formatHours(phase.hoursSinceTreatment)} since treatment)`);
    lines.push(`  Expected appearance: ${phase.appearance}`);
    lines.push(`  Expected symptoms:   ${phase.symptoms}`);
  }
  if (assessment.causes.length > 0) {
    lines.push('', 'Suspected causes:');
    for (const cause of assessment.causes) lines.push(`  - ${cause.id} [${cause.level}] (${cause.rules.join(', ')})`);
  }
  lines.push('', 'Infection versus normal healing:');
  for (const row of assessment.comparison) {
    const observed = Object.entries(row.observed)
      .map(([fact, value]) => `${shortFact(fact)}=${formatValue(value)}`)
      .join(', ');
    lines.push(`  ${row.label.padEnd(18)} ${row.finding.padEnd(9)} ${observed}`);
  }
  lines.push('', `Reasons (${String(assessment.reasons.length)} rules fired, highest level first):`);
  for (const reason of assessment.reasons) lines.push(...formatReason(reason));
  lines.push('', 'What to do now:');
  for (const step of assessment.advice.now) lines.push(`  - ${step}`);
  if (assessment.advice.recheckInHours !== undefined) lines.push(`  Re-check within ${String(assessment.advice.recheckInHours)} hours.`);
  if (assessment.advice.callBackIf.length > 0) {
    lines.push('', 'Call back or escalate if:');
    for (const item of assessment.advice.callBackIf) lines.push(`  - ${item}`);
  }
  lines.push('');
  const open = assessment.clinician.open;
  if (open.length === 0) {
    lines.push('Open questions: none that could raise the level.');
  } else {
    lines.push(`Open questions that could raise the level (${String(open.length)}; ! = red flag):`);
    for (const question of open) {
      const mark = question.redFlag ? '!' : ' ';
      lines.push(`  ${mark} ${question.fact}: ${question.question} [could raise to ${question.couldRaiseTo}]`);
    }
  }
  const rules = assessment.ruleSet;
  lines.push('', `Rules: ${rules.id} ${rules.version} (${rules.hash.slice(0, 19)}...), assessed at ${assessment.assessedAt}`);
  lines.push('Decision support only, not a diagnosis.');
  return lines.join('\n');
}

/**
 * A clinician summary (a check-in's or a screening's): headline, what was reported, the listed
 * questions (warning signs, blocking questions) by their answers, the "I don't know" answers.
 * Open questions come at the end of the report.
 */
export function formatClinicianSummary(
  headline: string,
  reported: readonly ClinicianFinding[],
  signs: QuestionLists,
  unknown: readonly ClinicianQuestion[],
): string[] {
  const lines = [`Clinician summary: ${headline}`];
  lines.push(`  Reported (${String(reported.length)}):${reported.length === 0 ? ' nothing' : ''}`);
  for (const finding of reported) lines.push(`    - ${finding.text}`);
  lines.push(`  ${signs.title}:`);
  lines.push(`    present: ${listed(signs.present.map((sign) => sign.text))}`);
  lines.push(`    absent:  ${listed(signs.absent.map((sign) => sign.name))}`);
  if (signs.unknown.length > 0) lines.push(`    unknown: ${listed(signs.unknown.map((sign) => sign.name))}`);
  lines.push(`    not answered: ${listed(signs.open.map((sign) => sign.name))}`);
  if (unknown.length > 0) lines.push(`  Answered "I don't know": ${listed(unknown.map((question) => question.name))}`);
  return lines;
}

function listed(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join('; ');
}

function formatReason(reason: Reason): string[] {
  const flag = reason.redFlag ? ' RED FLAG' : '';
  const lines = [
    `  [${reason.level}]${flag} ${reason.ruleId}`,
    `      ${reason.message.clinician}`,
    `      Patient: ${reason.message.patient}`,
  ];
  if (reason.matched.length > 0) lines.push(`      Observed: ${reason.matched.map(formatMatch).join('; ')}`);
  for (const source of reason.sources) lines.push(`      Source: ${formatSource(source)}`);
  return lines;
}

function formatMatch(match: MatchedValue): string {
  const derived = match.derivation === undefined ? '' : ` (derived: ${match.derivation})`;
  const negation = match.negated === true ? 'not ' : '';
  return `${match.fact} = ${formatValue(match.observed)} (${negation}${match.operator} ${formatValue(match.expected)})${derived}`;
}

/** `Title § section`, with the note if any, and the file name for tracing. */
export function formatSource(source: CitedSource): string {
  return `${source.title} § ${source.section}${source.note === undefined ? '' : ` (${source.note})`} [${source.document}]`;
}

/** One line per input problem, path first. */
export function formatIssues(issues: readonly InputIssue[]): string {
  return issues.map((issue) => `  - ${issue.path === '' ? '(input)' : issue.path}: ${issue.message}`).join('\n');
}

/** A value for display: strings quoted, unanswered said so. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'unanswered';
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Display only: from this many hours on, the report also names the day. */
const NAME_THE_DAY_FROM_HOURS = 2 * 24;

function formatHours(hours: number): string {
  if (hours < NAME_THE_DAY_FROM_HOURS) return `${String(Math.round(hours * 10) / 10)} h`;
  return `${String(Math.round(hours * 10) / 10)} h, day ${String(Math.floor(hours / 24))}`;
}

function shortFact(fact: string): string {
  return fact.replace(/^signs\./, '');
}
