import type { Screening } from '../screening/screening-types.js';
import type { AftercareGuide } from '../aftercare/aftercare-types.js';
import { formatClinicianSummary, formatSource, formatValue } from './format-assessment.js';

const DECISION_MEANING: Readonly<Record<Screening['decision'], string>> = {
  proceed: 'no contraindication found',
  'proceed-with-caution': 'treat only with the precautions listed',
  postpone: 'not now; a wait or a change resolves it',
  contraindicated: 'do not treat',
};

/** A readable layout of a screening result. */
export function formatScreening(screening: Screening, label?: string): string {
  const lines: string[] = [];
  if (label !== undefined) lines.push(`Candidate: ${label}`);
  lines.push(`DECISION: ${screening.decision.toUpperCase()} (${DECISION_MEANING[screening.decision]})`);
  lines.push(`       ${screening.patient.headline}`);
  if (screening.postponeUntil !== null) lines.push(`Postpone until: ${screening.postponeUntil}`);
  for (const wait of screening.waits) lines.push(`  wait: ${wait.ruleId} until ${wait.until} (${String(wait.days)} days)`);
  const summary = screening.clinician;
  lines.push('', ...formatClinicianSummary(summary.headline, summary.reported, summary.blockingQuestions, summary.unknown));
  lines.push('', `Reasons (${String(screening.reasons.length)} rules fired, strongest first):`);
  for (const reason of screening.reasons) {
    lines.push(`  [${reason.decision}]${reason.blocking ? ' BLOCKING' : ''} ${reason.ruleId}`);
    lines.push(`      ${reason.message.clinician}`);
    lines.push(`      Patient: ${reason.message.patient}`);
    if (reason.matched.length > 0) {
      lines.push(`      Observed: ${reason.matched.map((match) => `${match.fact} = ${formatValue(match.observed)}`).join('; ')}`);
    }
    for (const source of reason.sources) lines.push(`      Source: ${formatSource(source)}`);
  }
  if (screening.precautions.length > 0) {
    lines.push('', 'Precautions if treating:');
    for (const precaution of screening.precautions) lines.push(`  - ${precaution.text}`);
  }
  lines.push('', 'For the candidate:', ...screening.patient.actions.map((action) => `  - ${action}`));
  if (screening.patient.watchFor.length > 0) {
    lines.push('', 'Before the visit:');
    for (const item of screening.patient.watchFor) lines.push(`  - ${item}`);
  }
  lines.push('');
  const open = summary.open;
  if (open.length === 0) {
    lines.push('Open questions: none that could block treatment.');
  } else {
    lines.push(`Open questions that could block treatment (${String(open.length)}; ! = blocking):`);
    for (const question of open) {
      lines.push(`  ${question.blocking ? '!' : ' '} ${question.fact}: ${question.question} [could lead to ${question.couldRaiseTo}]`);
    }
  }
  lines.push(
    '',
    `Rules: ${screening.ruleSet.id} ${screening.ruleSet.version} (${screening.ruleSet.hash.slice(0, 19)}...), screened at ${screening.screenedAt}`,
  );
  lines.push('Decision support only, not a diagnosis.');
  return lines.join('\n');
}

/** A readable layout of aftercare guidance. */
export function formatAftercare(guide: AftercareGuide): string {
  const lines = [`AFTERCARE at ${String(guide.hoursSinceTreatment)} h since treatment (${guide.timeframe.label})`, '', 'Do:'];
  for (const item of guide.timeframe.do) lines.push(`  - ${item}`);
  lines.push("Don't:");
  for (const item of guide.timeframe.dont) lines.push(`  - ${item}`);
  lines.push('', 'When to resume:');
  for (const status of guide.resume) {
    const when = status.allowedNow
      ? 'allowed now'
      : `from ${String(status.earliestHours)} h (in ${String(status.hoursToWait)} h, ${status.earliestAt})`;
    const cleared = status.withClearance ? ' [with provider clearance]' : '';
    lines.push(`  ${status.allowedNow ? '+' : '-'} ${status.label.padEnd(44)} ${when}${cleared}`);
  }
  lines.push('', `Rules: ${guide.ruleSet.id} ${guide.ruleSet.version} (${guide.ruleSet.hash.slice(0, 19)}...)`);
  return lines.join('\n');
}
