// Written by `npm run rules:hash`; test/builtin-rules.test.ts checks it against the rules.
/** The content hash of the built-in rules (see `ruleSetHash`). */
export const BUILTIN_RULES_HASH = 'sha256:d2087e76b3feeeecce41e67a4b2ab98045e58623b585d7cec51663e8c055ea67';
