// npm run results:digest: records the digest of every pinned result (test/result-digests.test.ts checks them).
// Run it only for a change meant to alter results, and say in the commit which results changed and why.
import { writeFileSync } from 'node:fs';
import { digest, pinnedInputs, resultText } from './support/result-corpus.js';

const digests: Record<string, string> = {};
for (const pinned of pinnedInputs()) digests[pinned.name] = digest(await resultText(pinned));
writeFileSync(new URL('./fixtures/result-digests.json', import.meta.url), `${JSON.stringify(digests, null, 2)}\n`);
console.log(`${String(Object.keys(digests).length)} results pinned`);
