// Written by `npm run rules:hash`; test/builtin-rules.test.ts checks it against the rules.
/** The content hash of the built-in rules (see `ruleSetHash`). */
export const BUILTIN_RULES_HASH = 'sha256:a7855811e6bf910e2a92c2060969d14cc6ad2f36827d385f6599a223652828a7';
