/** A problem found in a rule file. */
export interface Diagnostic {
  /** Stable code, e.g. `unknown-fact`, `negated-unknown`, `duplicate-rule-id`. */
  readonly code: string;
  /** Errors stop a rule set from loading; warnings are reported only; `info` records what a layer was approved to change. */
  readonly severity: 'error' | 'warning' | 'info';
  /** The rule file, as named in the rule set (e.g. `timeline.json`). */
  readonly file: string;
  /** JSON pointer into the file (RFC 6901), e.g. `/rules/3/conditions/all/0/fact`. */
  readonly path: string;
  readonly message: string;
}

/** Builds a JSON pointer from path segments. */
export function jsonPointer(segments: readonly PropertyKey[]): string {
  return segments.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** Thrown when a rule set has errors; carries every diagnostic. */
export class RuleSetError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    const first = errors[0];
    const detail = first === undefined ? '' : `: ${first.file}${first.path} ${first.message}`;
    const more = errors.length > 1 ? ` (and ${String(errors.length - 1)} more)` : '';
    super(`Invalid rule set${detail}${more}`);
    this.name = 'RuleSetError';
    this.diagnostics = diagnostics;
  }
}
