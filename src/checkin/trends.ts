import { TREND_DISAGREEMENTS_FACT } from '../facts/checkin-facts.js';
import { derivedFact, REFUSED, routesOf, type DerivedFactModel, type FactRoute, type RouteInput } from '../facts/fact-routes.js';
import type { FactValue } from '../facts/fact-values.js';
import { SEVERITY_SCALE, type Severity, type Signs, type Trend } from './checkin-schema.js';
import { TRACKED_SIGNS, type LatestRecords, type TrackedSign } from './earlier-checkins.js';

/** Trends, least concerning first. */
export const TREND_SCALE: readonly Trend[] = ['improving', 'stable', 'worsening'];

/** The trend facts of a check-in: their values, how they were obtained, and how open answers could still change them. */
export interface TrendFacts {
  readonly values: Readonly<Record<string, FactValue>>;
  readonly notes: Readonly<Record<string, string>>;
  readonly models: Readonly<Record<string, DerivedFactModel>>;
}

/**
 * A sign's trend: the stated one; the one recorded by comparing the sign now with its latest
 * earlier record; or, when both are known, the worse of the two, so that "improving" cannot hide
 * a sign that rose again after it had eased.
 */
export function trendOf(earlier: Severity | undefined, now: Severity | undefined, stated: Trend | undefined): Trend | null {
  if (earlier === undefined || now === undefined) return stated ?? null;
  const recorded = compareSeverity(earlier, now);
  if (stated === undefined) return recorded;
  return TREND_SCALE.indexOf(stated) > TREND_SCALE.indexOf(recorded) ? stated : recorded;
}

/** The stated trend differs from the recorded one. */
function disagrees(earlier: Severity | undefined, now: Severity | undefined, stated: Trend | undefined): boolean {
  return earlier !== undefined && now !== undefined && stated !== undefined && stated !== compareSeverity(earlier, now);
}

/** A sign that is absent now cannot be getting worse (the input contract refuses the pair). */
export function trendPossible(now: Severity | undefined, stated: Trend | undefined): boolean {
  return !(now === 'none' && stated === 'worsening');
}

/**
 * The trend facts and the signs whose stated and recorded trends disagree, with their routes:
 * while a sign or its stated trend is unanswered, the answers it could get (and the values they
 * would give) keep the trend open for the questions that decide it. A trend whose sign is absent
 * can only be improving or stable.
 */
export function trendFacts(signs: Signs, latest: LatestRecords): TrendFacts {
  const values: Record<string, FactValue> = {};
  const notes: Record<string, string> = {};
  const models: Record<string, DerivedFactModel> = {};
  const disagreement: string[] = [];
  const flagged: { sign: TrackedSign; routes: () => readonly FactRoute[] }[] = [];
  const allInputs: RouteInput[] = [];
  for (const sign of TRACKED_SIGNS) {
    const fact = `signs.${sign}Trend`;
    const earlier = latest[sign];
    const now = signs[sign];
    const stated = signs[`${sign}Trend`];
    values[fact] = trendOf(earlier?.value, now, stated);
    const note = explanation(sign, earlier?.value, earlier?.when, now, stated);
    if (note !== undefined) notes[fact] = note;
    if (disagrees(earlier?.value, now, stated)) disagreement.push(sign);

    const inputs = [
      { question: `signs.${sign}`, given: now, domain: SEVERITY_SCALE },
      { question: fact, given: stated, domain: TREND_SCALE },
    ];
    const possible = (answers: readonly unknown[]): [Severity | undefined, Trend | undefined] | undefined => {
      const [severity, trend] = answers as [Severity | undefined, Trend | undefined];
      return trendPossible(severity, trend) ? [severity, trend] : undefined;
    };
    allInputs.push(...inputs);
    models[fact] = derivedFact(inputs, (answers) => {
      const pair = possible(answers);
      return pair === undefined ? REFUSED : trendOf(earlier?.value, ...pair);
    });
    flagged.push({
      sign,
      routes: () =>
        routesOf(inputs, (answers) => {
          const pair = possible(answers);
          return pair === undefined ? REFUSED : disagrees(earlier?.value, ...pair);
        }),
    });
  }
  values[TREND_DISAGREEMENTS_FACT] = [...disagreement].sort();
  let disagreementRoutes: readonly FactRoute[] | undefined;
  models[TREND_DISAGREEMENTS_FACT] = {
    inputs: allInputs,
    derive: (answers) => {
      const signs: string[] = [];
      for (const [index, sign] of TRACKED_SIGNS.entries()) {
        const [now, stated] = [answers[2 * index], answers[2 * index + 1]] as [Severity | undefined, Trend | undefined];
        if (!trendPossible(now, stated)) return REFUSED;
        if (disagrees(latest[sign]?.value, now, stated)) signs.push(sign);
      }
      return signs.sort();
    },
    // Each sign's answers move only that sign in or out of the list (worked out when first read).
    get routes() {
      disagreementRoutes ??= flagged
        .flatMap(({ sign, routes }) =>
          routes().map((route) => ({
            questions: route.questions,
            values: route.values.map((flag) => withSign(disagreement, sign, flag === true)),
          })),
        )
        .sort((a, b) => a.questions.length - b.questions.length);
      return disagreementRoutes;
    },
  };
  if (disagreement.length > 0)
    notes[TREND_DISAGREEMENTS_FACT] = `stated and recorded trends differ for ${[...disagreement].sort().join(', ')}`;
  return { values, notes, models };
}

/** The disagreeing signs with `sign` in or out, the others as they are. */
function withSign(signs: readonly string[], sign: TrackedSign, present: boolean): string[] {
  const others = signs.filter((other) => other !== sign);
  return (present ? [...others, sign] : others).sort();
}

function explanation(
  sign: TrackedSign,
  earlier: Severity | undefined,
  when: string | undefined,
  now: Severity | undefined,
  stated: Trend | undefined,
): string | undefined {
  if (earlier === undefined || now === undefined) return undefined;
  const recorded = compareSeverity(earlier, now);
  const history = `${sign} was '${earlier}' at ${when ?? ''}, now '${now}'`;
  if (stated === undefined) return history;
  if (stated === recorded) return `stated '${stated}', and the record agrees (${history})`;
  const worse = trendOf(earlier, now, stated) ?? recorded;
  return `stated '${stated}', but the record shows '${recorded}' (${history}): the worse, '${worse}', is used`;
}

function compareSeverity(before: Severity, now: Severity): Trend {
  const difference = SEVERITY_SCALE.indexOf(now) - SEVERITY_SCALE.indexOf(before);
  if (difference > 0) return 'worsening';
  if (difference < 0) return 'improving';
  return 'stable';
}
