import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { createTriage, isObservationError, type Triage } from '../../src/index.js';
import { assessJson, screenJson } from './untyped.js';
import { loadGoldenCorpus } from './golden-corpus.js';
import {
  fullCandidateArbitrary,
  fullCheckInArbitrary,
  plausibleCandidateArbitrary,
  plausibleCheckInArbitrary,
  sparseCandidateArbitrary,
  sparseCheckInArbitrary,
} from './arbitraries.js';

/** The clock of every input that has no time of its own. */
const NOW = '2026-03-10T12:00:00Z';
const SEED = 20261202;
/** Generated inputs of each arbitrary. */
const GENERATED = 300;

/** One input of the pinned corpus: what it runs, and with which options. */
export interface PinnedInput {
  readonly name: string;
  readonly kind: 'assessment' | 'screening';
  readonly input: unknown;
  readonly now: string;
  readonly trace: boolean;
}

/**
 * The inputs whose results are pinned by digest: every golden case, and seeded generated
 * check-ins and candidates (plausible, sparse and full), each also with `trace: true` for a
 * third of them. Changing the evaluator's speed must not change a byte of any of them.
 */
export function pinnedInputs(): PinnedInput[] {
  const golden = loadGoldenCorpus().flatMap(({ file, cases }) =>
    cases.map(
      (entry, index): PinnedInput => ({
        name: `${file}#${String(index)} ${entry.name}`,
        kind: entry.kind ?? 'assessment',
        input: entry.input,
        now: entry.now ?? NOW,
        trace: index % 3 === 0,
      }),
    ),
  );
  const generated = (kind: PinnedInput['kind'], label: string, arbitrary: fc.Arbitrary<unknown>, seed: number): PinnedInput[] =>
    fc.sample(arbitrary, { numRuns: GENERATED, seed }).map((input, index) => ({
      name: `${label}#${String(index)}`,
      kind,
      input: kind === 'screening' ? { ...(input as object), screenedAt: NOW } : input,
      now: NOW,
      trace: index % 3 === 0,
    }));
  return [
    ...golden,
    ...generated('assessment', 'plausible check-in', plausibleCheckInArbitrary, SEED),
    ...generated('assessment', 'sparse check-in', sparseCheckInArbitrary, SEED + 1),
    ...generated('assessment', 'full check-in', fullCheckInArbitrary, SEED + 2),
    ...generated('screening', 'plausible candidate', plausibleCandidateArbitrary, SEED + 3),
    ...generated('screening', 'sparse candidate', sparseCandidateArbitrary, SEED + 4),
    ...generated('screening', 'full candidate', fullCandidateArbitrary, SEED + 5),
  ];
}

const triages = new Map<string, Triage>();

/** The result of one pinned input as JSON text (an input error as its issues). */
export function resultText(pinned: PinnedInput): Promise<string> {
  let triage = triages.get(pinned.now);
  if (triage === undefined) {
    triage = createTriage({ now: () => new Date(pinned.now) });
    triages.set(pinned.now, triage);
  }
  const options = { trace: pinned.trace };
  const run = pinned.kind === 'assessment' ? assessJson(triage, pinned.input, options) : screenJson(triage, pinned.input, options);
  return run.then(
    (result) => JSON.stringify(result),
    (error: unknown) => {
      if (isObservationError(error)) return JSON.stringify({ rejected: error.issues });
      throw error;
    },
  );
}

/** A short digest of a result's text. */
export function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}
