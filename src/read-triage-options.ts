import { closestName } from './input/closest-name.js';
import { describeScalar, readShallow } from './input/json-guard.js';
import { shortName } from './input/short-text.js';
import type { Evaluator } from './engine/rule-runner.js';
import type { EvaluationOptions } from './explain/rule-trace.js';
import { RuleSetError, type Diagnostic } from './rules/diagnostics.js';
import { readRuleSetSource } from './rules/read-rule-set-source.js';
import type { RuleSetSource } from './rules/validate-rule-set.js';

const OPTION_NAMES = ['now', 'ruleSet', 'ruleSets', 'expectedHash', 'evaluator'] as const;
const EVALUATORS: readonly Evaluator[] = ['compiled', 'json-rules-engine'];

/** `createTriage`'s options, read and checked. */
export interface ReadOptions {
  readonly now: (() => Date) | undefined;
  /** The base: the source given, `null` for none, `undefined` for the built-in rules. */
  readonly ruleSet: RuleSetSource | null | undefined;
  readonly ruleSets: readonly RuleSetSource[];
  readonly expectedHash: string | undefined;
  readonly evaluator: Evaluator;
}

/**
 * Reads the options of `createTriage` as given by anyone (JavaScript callers too): every value
 * read once, of the right type, rule sets as plain data, no unknown option silently ignored.
 *
 * @throws {RuleSetError} with an `invalid-option` or `unknown-option` diagnostic per problem
 *   (and the diagnostics of any rule set that is not plain data).
 */
export function readTriageOptions(options: unknown): ReadOptions {
  const diagnostics: Diagnostic[] = [];
  const problem = (path: string, message: string, code: Diagnostic['code'] = 'invalid-option'): void => {
    diagnostics.push({ code, severity: 'error', file: '', path, message });
  };
  const entries = options === undefined ? { ok: true as const, kind: 'object' as const, entries: [] } : readShallow(options);
  if (!entries.ok || entries.kind !== 'object') {
    problem('', `the options of createTriage must be an object, but are ${entries.ok ? 'an array' : entries.problem}`);
    throw new RuleSetError(diagnostics);
  }
  const given = new Map(entries.entries.filter(([, value]) => value !== undefined));
  for (const key of given.keys()) {
    if ((OPTION_NAMES as readonly string[]).includes(key)) continue;
    const suggestion = closestName(key, OPTION_NAMES);
    const hint = suggestion === undefined ? ` (the options are ${OPTION_NAMES.join(', ')})` : ` (did you mean '${suggestion}'?)`;
    problem(shortName(key), `'${shortName(key)}' is not an option of createTriage${hint}`, 'unknown-option');
  }

  const now = given.get('now');
  if (now !== undefined && typeof now !== 'function') problem('now', `'now' must be a function returning a Date, but is ${describe(now)}`);

  const source = (value: unknown, at: string): RuleSetSource | undefined => {
    const read = readRuleSetSource(value, at);
    diagnostics.push(...read.diagnostics);
    return read.diagnostics.length === 0 ? read.source : undefined;
  };
  const base = given.get('ruleSet');
  const ruleSet = base === undefined || base === null ? base : source(base, 'ruleSet');

  const layersGiven = given.get('ruleSets');
  const ruleSets: RuleSetSource[] = [];
  if (layersGiven !== undefined) {
    const layers = readShallow(layersGiven);
    if (!layers.ok || layers.kind !== 'array') {
      problem('ruleSets', `'ruleSets' must be an array of rule sets, but is ${layers.ok ? 'an object' : layers.problem}`);
    } else {
      layers.entries.forEach(([index, layer]) => {
        const read = source(layer, `ruleSets.${index}`);
        if (read !== undefined) ruleSets.push(read);
      });
    }
  }
  if (base === null && layersGiven !== undefined && ruleSets.length === 0 && diagnostics.length === 0)
    problem('ruleSets', "'ruleSet' is null (no base) and 'ruleSets' is empty: there are no rules to run");
  if (base === null && layersGiven === undefined)
    problem('ruleSet', "'ruleSet' is null (no base) but no 'ruleSets' are given: there are no rules to run");

  const expectedHash = given.get('expectedHash');
  if (expectedHash !== undefined && typeof expectedHash !== 'string')
    problem('expectedHash', `'expectedHash' must be a string such as 'sha256:...', but is ${describe(expectedHash)}`);
  const evaluator = given.get('evaluator') ?? 'compiled';
  if (!EVALUATORS.includes(evaluator as Evaluator))
    problem('evaluator', `'evaluator' must be ${EVALUATORS.map((name) => `'${name}'`).join(' or ')}, but is ${describe(evaluator)}`);

  if (diagnostics.length > 0) throw new RuleSetError(diagnostics);
  return {
    now: now as (() => Date) | undefined,
    ruleSet: ruleSet,
    ruleSets,
    expectedHash: expectedHash as string | undefined,
    evaluator: evaluator as Evaluator,
  };
}

/**
 * The clock, checked each time it is read: a clock that throws or returns anything but a valid
 * Date is reported as a `RuleSetError` (`invalid-option`) instead of an `Invalid time value` deep
 * inside an evaluation.
 */
export function checkedClock(now: () => Date): () => Date {
  return () => {
    let value: unknown;
    try {
      value = now();
    } catch (error) {
      throw clockError(`threw: ${error instanceof Error ? shortName(error.message, 200) : 'a non-error value'}`);
    }
    if (value instanceof Date && Number.isNaN(value.getTime())) throw clockError('returned an invalid Date');
    if (!(value instanceof Date)) throw clockError(`returned ${describe(value)}, not a Date`);
    return value;
  };
}

function clockError(what: string): RuleSetError {
  return new RuleSetError([{ code: 'invalid-option', severity: 'error', file: '', path: 'now', message: `the clock ('now') ${what}` }]);
}

/** A clock given to `withClock`, checked like `createTriage`'s `now`. */
export function readClock(now: unknown): () => Date {
  if (typeof now !== 'function')
    throw new RuleSetError([
      {
        code: 'invalid-option',
        severity: 'error',
        file: '',
        path: 'now',
        message: `'now' must be a function returning a Date, but is ${describe(now)}`,
      },
    ]);
  return checkedClock(now as () => Date);
}

/** The options of one evaluation (`{ trace }`), read without trusting them. */
export function readEvaluationOptions(options: unknown): EvaluationOptions {
  if (options === undefined) return {};
  const read = readShallow(options);
  const trace = read.ok && read.kind === 'object' ? new Map(read.entries).get('trace') : undefined;
  const unknown = read.ok && read.kind === 'object' ? read.entries.filter(([key, value]) => key !== 'trace' && value !== undefined) : [];
  if (!read.ok || read.kind !== 'object' || (trace !== undefined && typeof trace !== 'boolean') || unknown.length > 0) {
    const what = !read.ok
      ? read.problem
      : read.kind === 'array'
        ? 'an array'
        : unknown.length > 0
          ? 'an object with other keys'
          : describe(trace);
    throw new RuleSetError([
      {
        code: 'invalid-option',
        severity: 'error',
        file: '',
        path: 'trace',
        message: `the evaluation options must be { trace?: boolean }, but are ${what}`,
      },
    ]);
  }
  return trace === undefined ? {} : { trace };
}

function describe(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const read = readShallow(value);
    return read.ok ? (read.kind === 'array' ? 'an array' : 'an object') : read.problem;
  }
  return describeScalar(value);
}
