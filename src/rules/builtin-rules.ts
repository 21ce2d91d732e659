import advice from '../../rules/advice.json';
import aftercare from '../../rules/aftercare.json';
import causes from '../../rules/causes.json';
import contraindications from '../../rules/contraindications.json';
import history from '../../rules/history.json';
import infectionVsNormal from '../../rules/infection-vs-normal.json';
import manifest from '../../rules/manifest.json';
import questions from '../../rules/questions.json';
import redFlags from '../../rules/red-flags.json';
import screeningAdvice from '../../rules/screening-advice.json';
import screeningQuestions from '../../rules/screening-questions.json';
import sources from '../../rules/sources.json';
import timeline from '../../rules/timeline.json';
import type { ParsedRuleSet, RuleSetSource } from './validate-rule-set.js';

const contents: Readonly<Record<string, unknown>> = {
  'red-flags.json': redFlags,
  'infection-vs-normal.json': infectionVsNormal,
  'timeline.json': timeline,
  'causes.json': causes,
  'history.json': history,
  'questions.json': questions,
  'advice.json': advice,
  'contraindications.json': contraindications,
  'screening-questions.json': screeningQuestions,
  'screening-advice.json': screeningAdvice,
  'aftercare.json': aftercare,
  'sources.json': sources,
};

/**
 * The built-in rule set, bundled with the package (no file reading). Frozen, all the way down:
 * it is validated and hashed when the package is built and tested (see `builtinParsed`), so
 * `createTriage()` can use it as it is; to change it, layer rules over it.
 */
export const builtinRuleSet: RuleSetSource = deepFreeze({
  id: manifest.id,
  version: manifest.version,
  files: Object.fromEntries(manifest.files.map((name) => [name, contents[name]])),
});

/**
 * The built-in files by kind, as the validator would parse them. The test suite checks that this
 * equals what `validateSource` gives for the built-in rules, with no diagnostics, and that
 * `BUILTIN_RULES_HASH` is their hash: that is the validation `createTriage()` relies on.
 */
export function builtinParsed(): ParsedRuleSet {
  const parsed = { assessment: [], screening: [], questions: [], advice: [], aftercare: [], sources: [] } as Record<
    keyof ParsedRuleSet,
    { name: string; file: unknown }[]
  >;
  for (const [name, file] of Object.entries(builtinRuleSet.files)) {
    parsed[(file as { kind: keyof ParsedRuleSet }).kind].push({ name, file });
  }
  return parsed as unknown as ParsedRuleSet;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
