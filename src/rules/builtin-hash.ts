// Written by `npm run rules:hash`; test/builtin-rules.test.ts checks it against the rules.
/** The content hash of the built-in rules (see `ruleSetHash`). */
export const BUILTIN_RULES_HASH = 'sha256:18654b6a6d30a8d4af3049fd067bd5ec3dbc38f67cdabe41efe2d44893324852';
