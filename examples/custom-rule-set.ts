// A clinic's own rules layered over the built-in ones, passed as data (no file reading in the core).
import { readFileSync } from 'node:fs';
import { createTriage, validateRuleSet, builtinRuleSet, composeRuleSets, type RuleSetSource } from 'microneedling-triage';
import { runIfMain } from './run-if-main.js';

export async function main(): Promise<unknown> {
  const clinic: RuleSetSource = {
    id: 'example-clinic',
    version: '1.1.0',
    files: {
      'clinic-assessment.json': JSON.parse(
        readFileSync(new URL('./clinic-rules/clinic-assessment.json', import.meta.url), 'utf8'),
      ) as unknown,
    },
  };
  const { source } = composeRuleSets(builtinRuleSet, [clinic]);
  const diagnostics = validateRuleSet(source).diagnostics;
  const triage = createTriage({ ruleSets: [clinic], now: () => new Date('2026-03-10T12:00:00Z') });
  const assessment = await triage.assess({
    hoursSinceTreatment: 30,
    treatment: { device: 'rf' },
    signs: { redness: 'mild', gridding: true },
  });
  return {
    diagnostics: diagnostics.map((diagnostic) => `${diagnostic.severity} ${diagnostic.code}`),
    level: assessment.level,
    fired: assessment.reasons.map((reason) => reason.ruleId),
    ruleSet: { id: assessment.ruleSet.id, layers: assessment.ruleSet.layers },
  };
}

await runIfMain(import.meta.url, main);
