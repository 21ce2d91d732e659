// Written by `npm run rules:hash`; test/builtin-rules.test.ts checks it against the rules.
/** The content hash of the built-in rules (see `ruleSetHash`). */
export const BUILTIN_RULES_HASH = 'sha256:1ff055513f74385c65b90af7be3c40e06abe02c7dfda87068819ca7d9f1818e3';
