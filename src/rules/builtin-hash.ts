// Written by `npm run rules:hash`; test/builtin-rules.test.ts checks it against the rules.
/** The content hash of the built-in rules (see `ruleSetHash`). */
export const BUILTIN_RULES_HASH = 'sha256:2de2959ecf2885a2d9da9b360aee05db4940634bd38e0b8f8f042bff920a5872';
