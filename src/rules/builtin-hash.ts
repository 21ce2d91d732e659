// Written by `npm run rules:hash`; test/builtin-rules.test.ts checks it against the rules.
/** The content hash of the built-in rules (see `ruleSetHash`). */
export const BUILTIN_RULES_HASH = 'sha256:b18d6e34f6d454fd521c5281f3db074892d2d6190cb260eb75865a5321b7681d';
