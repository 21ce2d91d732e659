// Written by `npm run rules:hash`; test/builtin-rules.test.ts checks it against the rules.
/** The content hash of the built-in rules (see `ruleSetHash`). */
export const BUILTIN_RULES_HASH = 'sha256:af84b45403f4e93d8b26e9be083894b460f2d76361c18f61e2fc8d75c82da865';
