// Written by `npm run rules:hash`; test/builtin-rules.test.ts checks it against the rules.
/** The content hash of the built-in rules (see `ruleSetHash`). */
export const BUILTIN_RULES_HASH = 'sha256:a2ae7c5b79999e7db90bf45f0817117ca5405a29c9c8a19153f682309163fe6f';
