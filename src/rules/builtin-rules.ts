import advice from '../../rules/advice.json';
import aftercare from '../../rules/aftercare.json';
import causes from '../../rules/causes.json';
import contraindications from '../../rules/contraindications.json';
import history from '../../rules/history.json';
import infectionVsNormal from '../../rules/infection-vs-normal.json';
import manifest from '../../rules/manifest.json';
import questions from '../../rules/questions.json';
import redFlags from '../../rules/red-flags.json';
import screeningQuestions from '../../rules/screening-questions.json';
import sources from '../../rules/sources.json';
import timeline from '../../rules/timeline.json';
import type { RuleSetSource } from './validate-rule-set.js';

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
  'aftercare.json': aftercare,
  'sources.json': sources,
};

/** The built-in rule set, bundled with the package (no file reading). */
export const builtinRuleSet: RuleSetSource = {
  id: manifest.id,
  version: manifest.version,
  files: Object.fromEntries(manifest.files.map((name) => [name, contents[name]])),
};
