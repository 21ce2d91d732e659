// Written by `npm run rules:hash`; test/builtin-rules.test.ts checks it against the rules.
/** The content hash of the built-in rules (see `ruleSetHash`). */
export const BUILTIN_RULES_HASH = 'sha256:82786dc2c50e2a367282c295e2c10eb3ece343933b2a021889d462a3338b0c81';
