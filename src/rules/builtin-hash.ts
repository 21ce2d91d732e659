// Written by `npm run rules:hash`; test/builtin-rules.test.ts checks it against the rules.
/** The content hash of the built-in rules (see `ruleSetHash`). */
export const BUILTIN_RULES_HASH = 'sha256:8e17fc518dc517f38df6bd95e329aab44653f0284f30ca26f0559debd40cc227';
