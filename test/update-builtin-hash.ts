// npm run rules:hash: records the built-in rules' content hash in src/rules/builtin-hash.ts (checked by test/builtin-rules.test.ts).
import { writeFileSync } from 'node:fs';
import { builtinRuleSet } from '../src/rules/builtin-rules.js';
import { ruleSetHash } from '../src/rules/load-rule-set.js';

const hash = ruleSetHash(builtinRuleSet);
writeFileSync(
  new URL('../src/rules/builtin-hash.ts', import.meta.url),
  `// Written by \`npm run rules:hash\`; test/builtin-rules.test.ts checks it against the rules.\n/** The content hash of the built-in rules (see \`ruleSetHash\`). */\nexport const BUILTIN_RULES_HASH = '${hash}';\n`,
);
console.log(hash);
