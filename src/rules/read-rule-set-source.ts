import { fieldPath } from '../input/field-path.js';
import { readJson, readShallow, RULE_FILE_LIMITS } from '../input/json-guard.js';
import { shortName } from '../input/short-text.js';
import { shapeCode, type Diagnostic } from './diagnostics.js';
import type { RuleSetSource } from './validate-rule-set.js';

/** File names that could reach a prototype if used as keys. */
const FORBIDDEN_FILE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
/** Longest file name accepted (as on common file systems). */
const MAX_FILE_NAME = 255;
const SOURCE_KEYS = ['id', 'version', 'files', 'requires'];

/** Sources produced here: plain data already, not read again. */
const readSources = new WeakSet<RuleSetSource>();

/**
 * Reads a rule set given as data into a plain copy, through the same door as inputs: the
 * source's `id`, `version`, `files` and `requires`, and each file's content as plain JSON within
 * the file limits. Problems are diagnostics (never a throw): a source that is not an object,
 * wrong types, unknown keys, a file named `__proto__`, a file that is not plain JSON. The copy
 * holds the files that could be read; it is absent when the source itself is unusable.
 *
 * @param at - where the source sits in the options, for messages (`ruleSet`, `ruleSets.1`; `''`
 *   when it is the value validated).
 */
export function readRuleSetSource(value: unknown, at: string): { readonly source?: RuleSetSource; readonly diagnostics: Diagnostic[] } {
  if (readSources.has(value as RuleSetSource)) return { source: value as RuleSetSource, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const option = (key: string, message: string, code: Diagnostic['code'] = 'invalid-option'): void => {
    const path = at === '' ? key : key === '' ? at : `${at}.${key}`;
    diagnostics.push({ code, severity: 'error', file: '', path, message: `'${path === '' ? 'the rule set' : path}' ${message}` });
  };
  const read = readShallow(value);
  if (!read.ok || read.kind !== 'object') {
    option('', `must be a rule set { id, version, files }, but is ${read.ok ? 'an array' : read.problem}`);
    return { diagnostics };
  }
  const fields = new Map(read.entries);
  for (const key of fields.keys())
    if (!SOURCE_KEYS.includes(key)) option(key, `is not part of a rule set (its keys are ${SOURCE_KEYS.join(', ')})`, 'unknown-option');
  const id = fields.get('id');
  const version = fields.get('version');
  if (typeof id !== 'string' || id === '') option('id', `must be a non-empty string, but is ${describe(id)}`);
  if (typeof version !== 'string' || version === '') option('version', `must be a non-empty string, but is ${describe(version)}`);

  const files: Record<string, unknown> = {};
  const filesRead = readShallow(fields.get('files'));
  if (!filesRead.ok || filesRead.kind !== 'object') {
    option('files', `must be an object of file name to content, but is ${filesRead.ok ? 'an array' : filesRead.problem}`);
  } else {
    for (const [name, content] of filesRead.entries) {
      if (FORBIDDEN_FILE_NAMES.has(name) || name.length > MAX_FILE_NAME || name === '') {
        const why =
          name === '' ? 'an empty name' : FORBIDDEN_FILE_NAMES.has(name) ? 'a name that is not allowed' : 'a name that is too long';
        diagnostics.push({
          code: 'forbidden-key',
          severity: 'error',
          file: shortName(name),
          path: '',
          message: `'${shortName(name)}' is ${why} for a rule file`,
        });
        continue;
      }
      const file = readJson(content, RULE_FILE_LIMITS);
      if (!file.ok) {
        for (const issue of file.issues)
          diagnostics.push({ code: shapeCode(issue.code), severity: 'error', file: name, path: issue.path, message: issue.message });
        continue;
      }
      // A data property, whatever the name (never an assignment through a setter).
      Object.defineProperty(files, name, { value: file.value, enumerable: true, writable: true, configurable: true });
    }
  }

  let requires: Record<string, string> | undefined;
  if (fields.get('requires') !== undefined) {
    const requiresRead = readShallow(fields.get('requires'));
    if (!requiresRead.ok || requiresRead.kind !== 'object') {
      option(
        'requires',
        `must be an object of rule-set id to version range, but is ${requiresRead.ok ? 'an array' : requiresRead.problem}`,
      );
    } else {
      requires = {};
      for (const [name, range] of requiresRead.entries) {
        if (typeof range !== 'string' || FORBIDDEN_FILE_NAMES.has(name))
          option(fieldPath(['requires', name]), `must be a version range such as "1" or "^1.2.0", but is ${describe(range)}`);
        else Object.defineProperty(requires, name, { value: range, enumerable: true, writable: true, configurable: true });
      }
    }
  }
  if (typeof id !== 'string' || typeof version !== 'string' || !filesRead.ok) return { diagnostics };
  const source: RuleSetSource = { id, version, files, ...(requires === undefined ? {} : { requires }) };
  if (diagnostics.length === 0) readSources.add(source);
  return { source, diagnostics };
}

function describe(value: unknown): string {
  const read = readShallow(value);
  if (read.ok) return read.kind === 'array' ? 'an array' : 'an object';
  return read.problem;
}
