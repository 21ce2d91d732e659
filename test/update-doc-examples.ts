import { writeFileSync } from 'node:fs';
import { DOC_EXAMPLES_PAGE, withCurrentExamples } from './support/doc-examples.js';

// `npm run docs:examples`: rewrites the example results in the docs from what the code gives now.
writeFileSync(new URL(`../${DOC_EXAMPLES_PAGE}`, import.meta.url), await withCurrentExamples());
