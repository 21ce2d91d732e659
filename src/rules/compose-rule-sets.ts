import type { Diagnostic } from './diagnostics.js';
import type { RuleSetSource } from './validate-rule-set.js';

/** Where the composed rule set came from. */
export interface RuleSetProvenance {
  /** The base and each layer, in order. */
  readonly layers: readonly { readonly id: string; readonly version: string }[];
  /** For each file, the id of the layer it came from. */
  readonly origins: Readonly<Record<string, string>>;
  /** Problems found while composing (e.g. a disabled rule id that does not exist). */
  readonly diagnostics: readonly Diagnostic[];
}

interface RuleFileLike {
  readonly rules?: readonly { readonly id?: unknown }[];
  readonly disable?: readonly unknown[];
}

/**
 * Layers rule sets over a base, in order. A layer's file replaces the file of the same name; a
 * layer's rule replaces any earlier rule with the same id (wherever it was); ids listed in a
 * file's `disable` remove those rules. Inputs are not modified.
 */
export function composeRuleSets(
  base: RuleSetSource | undefined,
  layers: readonly RuleSetSource[],
): { source: RuleSetSource; provenance: RuleSetProvenance } {
  const all = base === undefined ? layers : [base, ...layers];
  const first = all[0];
  if (first === undefined) throw new Error('composeRuleSets needs a base or at least one layer');
  const files: Record<string, unknown> = {};
  const origins: Record<string, string> = {};
  const diagnostics: Diagnostic[] = [];

  for (const layer of all) {
    const replaced = new Set<string>();
    const disabled = new Map<string, string>();
    for (const [name, content] of Object.entries(layer.files)) {
      for (const id of ruleIds(content)) replaced.add(id);
      for (const id of (content as RuleFileLike | null)?.disable ?? []) if (typeof id === 'string') disabled.set(id, name);
    }
    const found = new Set<string>();
    for (const [name, content] of Object.entries(files)) {
      if (Object.prototype.hasOwnProperty.call(layer.files, name)) continue;
      files[name] = withoutRules(content, (id) => {
        const drop = replaced.has(id) || disabled.has(id);
        if (drop) found.add(id);
        return drop;
      });
    }
    for (const [name, content] of Object.entries(layer.files)) {
      files[name] = content;
      origins[name] = layer.id;
    }
    for (const [id, file] of disabled) {
      if (!found.has(id))
        diagnostics.push({
          code: 'unknown-rule',
          severity: 'warning',
          file,
          path: '/disable',
          message: `'${id}' is disabled but no earlier rule has that id`,
        });
    }
  }
  return {
    source: { id: all.map((layer) => layer.id).join('+'), version: all.map((layer) => layer.version).join('+'), files },
    provenance: { layers: all.map(({ id, version }) => ({ id, version })), origins, diagnostics },
  };
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
