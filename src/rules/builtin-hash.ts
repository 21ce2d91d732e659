// Written by `npm run rules:hash`; test/builtin-rules.test.ts checks it against the rules.
/** The content hash of the built-in rules (see `ruleSetHash`). */
export const BUILTIN_RULES_HASH = 'sha256:5057eb4785d364d5491876752dcae0611647f76f59d9c1a60b2765ae1fb40856';
