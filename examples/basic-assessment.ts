// Assess a check-in and read the result: level, reasons with sources, open questions.
import { createTriage } from 'microneedling-triage';
import { runIfMain } from './run-if-main.js';

export async function main(): Promise<unknown> {
  const triage = createTriage({ now: () => new Date('2026-03-10T12:00:00Z') });
  const assessment = await triage.assess({
    treatedAt: '2026-03-06T10:00:00Z', // about 4 days ago by the clock above
    signs: { redness: 'moderate', rednessTrend: 'worsening', discharge: 'purulent', fever: false, pain: 'moderate' },
  });
  // A typo in a literal is a compile error; in JSON from elsewhere it is an ObservationError naming the field.
  const json: unknown = JSON.parse('{ "signs": { "rednesTrend": "worsening" } }');
  const checked = await triage.safeAssess(json);
  const rejected = checked.success ? [] : checked.error.issues.map((issue) => `${issue.path}: ${issue.message}`);
  return {
    level: assessment.level,
    phase: assessment.phase?.label,
    reasons: assessment.reasons.map((reason) => `${reason.ruleId} [${reason.level}] (${reason.sources[0]?.document ?? ''})`),
    firstMissing: assessment.missing.slice(0, 3).map((question) => question.question.patient),
    rejected,
  };
}

await runIfMain(import.meta.url, main);
