import { checkLayerChanges } from './layer-changes.js';
import type { Diagnostic } from './diagnostics.js';
import type { RuleSetSource } from './validate-rule-set.js';

/** Where the composed rule set came from. */
export interface RuleSetProvenance {
  /** The base and each layer, in order. */
  readonly layers: readonly { readonly id: string; readonly version: string }[];
  /** For each file, the id of the layer it came from. */
  readonly origins: Readonly<Record<string, string>>;
  /** Problems found while composing (a disabled rule id that does not exist, an incompatible layer). */
  readonly diagnostics: readonly Diagnostic[];
}

interface RuleFileLike {
  readonly kind?: unknown;
  readonly rules?: readonly { readonly id?: unknown }[];
  readonly disable?: readonly unknown[];
}

/**
 * Layers rule sets over a base, in order. A layer's file replaces the file of the same name; a
 * layer's rule replaces any earlier rule of the same kind with the same id (wherever it was; an id
 * of the other kind is refused); ids listed in a file's `disable` remove those rules; a layer's
 * `requires` is checked against the layers below it. Whatever a layer changes or removes of what
 * came before needs its written approval (`acknowledgedChanges`, or `acknowledgedLowerings` for
 * rules), and the safety floor cannot change at all (see `layer-changes.ts`). Inputs are not
 * modified.
 */
export function composeRuleSets(
  base: RuleSetSource | undefined,
  layers: readonly RuleSetSource[],
): { source: RuleSetSource; provenance: RuleSetProvenance } {
  const all = base === undefined ? layers : [base, ...layers];
  if (all.length === 0) throw new Error('composeRuleSets needs a base or at least one layer');
  // Maps, not objects: a file named '__proto__' must stay a name (the validator then rejects it).
  const files = new Map<string, unknown>();
  const origins = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];

  all.forEach((layer, position) => {
    diagnostics.push(...checkRequires(layer, all.slice(0, position)));
    const before = new Map(files);
    const replaced = new Map<string, { kind: unknown; file: string }>();
    const disabled = new Map<string, string>();
    for (const [name, content] of Object.entries(layer.files)) {
      for (const id of ruleIds(content)) replaced.set(id, { kind: (content as RuleFileLike | null)?.kind, file: name });
      for (const id of (content as RuleFileLike | null)?.disable ?? []) if (typeof id === 'string') disabled.set(id, name);
    }
    const own = new Set(Object.keys(layer.files));
    const found = new Set<string>();
    for (const [name, content] of files) {
      if (own.has(name)) continue;
      const kind = (content as RuleFileLike | null)?.kind;
      const kept = withoutRules(content, (id) => {
        const replacement = replaced.get(id);
        if (replacement !== undefined && replacement.kind !== kind) {
          diagnostics.push({
            code: 'rule-kind-changed',
            severity: 'error',
            file: replacement.file,
            path: '',
            message: `layer '${layer.id}' gives the id of the ${String(kind)} rule '${id}' to a ${String(replacement.kind)} rule: rule ids are unique across kinds, and a rule is replaced only by one of its own kind`,
          });
          return false;
        }
        const drop = replacement !== undefined || disabled.has(id);
        if (drop) found.add(id);
        return drop;
      });
      files.set(name, kept);
    }
    for (const [name, content] of Object.entries(layer.files)) {
      files.set(name, content);
      origins.set(name, layer.id);
    }
    if (position > 0) diagnostics.push(...checkLayerChanges(layer.id, before, files, layer.files));
    for (const [id, file] of disabled) {
      if (found.has(id)) continue;
      diagnostics.push({
        code: 'unknown-rule',
        severity: 'warning',
        file,
        path: 'disable',
        message: `'${id}' is disabled but no earlier rule has that id`,
      });
    }
  });
  return {
    source: {
      id: all.map((layer) => layer.id).join('+'),
      version: all.map((layer) => layer.version).join('+'),
      files: Object.fromEntries(files),
    },
    provenance: { layers: all.map(({ id, version }) => ({ id, version })), origins: Object.fromEntries(origins), diagnostics },
  };
}

/** A layer's `requires` against the rule sets below it. */
function checkRequires(layer: RuleSetSource, below: readonly RuleSetSource[]): Diagnostic[] {
  return Object.entries(layer.requires ?? {}).flatMap(([id, range]): Diagnostic[] => {
    const found = below.find((candidate) => candidate.id === id);
    if (found !== undefined && satisfies(found.version, range)) return [];
    const actual = found === undefined ? 'it is not below this layer' : `found version ${found.version}`;
    return [
      {
        code: 'incompatible-layer',
        severity: 'error',
        file: '',
        path: 'requires',
        message: `rule set '${layer.id}' requires '${id}' ${range}, but ${actual}`,
      },
    ];
  });
}

/** A small version-range check: "1" or "1.x" (same major), "^1.2.0" (same major, at least), or exact. */
export function satisfies(version: string, range: string): boolean {
  const parse = (text: string): number[] => (text.split('-')[0] ?? '').split('.').map(Number);
  const [major, minor = 0, patch = 0] = parse(version);
  const majorOnly = /^(\d+)(\.x)?$/.exec(range);
  if (majorOnly !== null) return major === Number(majorOnly[1]);
  if (range.startsWith('^')) {
    const [wantMajor, wantMinor = 0, wantPatch = 0] = parse(range.slice(1));
    return major === wantMajor && (minor > wantMinor || (minor === wantMinor && patch >= wantPatch));
  }
  return version === range;
}

/** The `rules` array of a file, when it has one (files are not validated yet). */
function rulesOf(content: unknown): readonly { readonly id?: unknown }[] | undefined {
  const rules: unknown = (content as RuleFileLike | null)?.rules;
  return Array.isArray(rules) ? (rules as readonly { readonly id?: unknown }[]) : undefined;
}

function ruleIds(content: unknown): string[] {
  return (rulesOf(content) ?? []).flatMap((rule) => (typeof rule.id === 'string' ? [rule.id] : []));
}

function withoutRules(content: unknown, drop: (id: string) => boolean): unknown {
  const rules = rulesOf(content);
  if (rules === undefined) return content;
  const kept = rules.filter((rule) => typeof rule.id !== 'string' || !drop(rule.id));
  return kept.length === rules.length ? content : { ...(content as object), rules: kept };
}
