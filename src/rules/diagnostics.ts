import { fieldPath } from '../input/field-path.js';
import type { InputIssue } from '../input/observation-error.js';
import { hasName, isInstance } from '../input/observation-error.js';
import { MAX_MESSAGE, shortName, shortText } from '../input/short-text.js';
import type { DiagnosticCode } from './diagnostic-code.js';

/** A problem found in a rule file. */
export interface Diagnostic {
  /** Stable code (a closed list: {@link DiagnosticCode}), e.g. `unknown-fact`, `negated-unknown`. */
  readonly code: DiagnosticCode;
  /** Errors stop a rule set from loading; warnings are reported only; `info` records what a layer was approved to change. */
  readonly severity: 'error' | 'warning' | 'info';
  /** The rule file, as named in the rule set (e.g. `timeline.json`); `''` for the rule set as a whole. */
  readonly file: string;
  /**
   * Where in the file: keys and array indices joined by `.`, e.g. `rules.3.conditions.all.0.fact`
   * (`''` for the whole file), the notation input issues use too.
   */
  readonly path: string;
  readonly message: string;
}

/** Builds a diagnostic's `path` from path segments (see {@link fieldPath}). */
export function diagnosticPath(segments: readonly PropertyKey[]): string {
  return fieldPath(segments);
}

/** Where a diagnostic points, for one-line reports: `file:path`, or either alone. */
export function diagnosticLocation(diagnostic: Pick<Diagnostic, 'file' | 'path'>): string {
  if (diagnostic.file === '') return diagnostic.path === '' ? '(rule set)' : diagnostic.path;
  return diagnostic.path === '' ? diagnostic.file : `${diagnostic.file}:${diagnostic.path}`;
}

/** The diagnostic code for a problem with the shape of the data (an input issue code, kebab-cased). */
export function shapeCode(code: InputIssue['code']): DiagnosticCode {
  switch (code) {
    case 'not_json':
      return 'not-json';
    case 'unreadable':
      return 'unreadable';
    case 'cycle':
      return 'cycle';
    case 'forbidden_key':
      return 'forbidden-key';
    case 'too_deep':
      return 'too-deep';
    default:
      return 'too-large';
  }
}

/** Thrown when a rule set has errors; carries every diagnostic. */
export class RuleSetError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const short = diagnostics.map((diagnostic) => ({
      code: diagnostic.code,
      severity: diagnostic.severity,
      file: shortName(diagnostic.file),
      path: shortText(diagnostic.path, MAX_MESSAGE / 2),
      message: shortText(diagnostic.message),
    }));
    const errors = short.filter((diagnostic) => diagnostic.severity === 'error');
    const first = errors[0];
    // A problem with no file (an option, the rule set as a whole) names its field in the message.
    const detail = first === undefined ? '' : first.file === '' ? `: ${first.message}` : `: ${diagnosticLocation(first)} ${first.message}`;
    const more = errors.length > 1 ? ` (and ${String(errors.length - 1)} more)` : '';
    super(`Invalid rule set${detail}${more}`);
    this.name = 'RuleSetError';
    this.diagnostics = short;
  }
}

/** True when `value` is a {@link RuleSetError} (also across bundle copies: ESM and CommonJS). */
export function isRuleSetError(value: unknown): value is RuleSetError {
  return isInstance(value, RuleSetError) || hasName(value, 'RuleSetError', 'diagnostics');
}
