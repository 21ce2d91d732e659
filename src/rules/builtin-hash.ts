// Written by `npm run rules:hash`; test/builtin-rules.test.ts checks it against the rules.
/** The content hash of the built-in rules (see `ruleSetHash`). */
export const BUILTIN_RULES_HASH = 'sha256:42b306813b31eb0f9ca16eb52e1c976d80fbb3fb1072f4ae184cbd43be47c2b3';
