// Written by `npm run rules:hash`; test/builtin-rules.test.ts checks it against the rules.
/** The content hash of the built-in rules (see `ruleSetHash`). */
export const BUILTIN_RULES_HASH = 'sha256:9024304a58459fcaffe6f8db6bb7b02fbe186724f98d8059bd2ed1f3d6790602';
