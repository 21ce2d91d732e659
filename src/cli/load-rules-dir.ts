import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RuleSetSource } from '../rules/validate-rule-set.js';
import type { TriageOptions } from '../triage.js';
import { describeFsError, InputFileError, parseJsonText, readTextFile } from './read-input.js';

interface Manifest {
  id?: unknown;
  version?: unknown;
  files?: unknown;
  base?: unknown;
  requires?: unknown;
}

/**
 * Reads a rule-set directory. With a `manifest.json` (`id`, `version`, optional `files` in
 * order, optional `base`: `"builtin"` or `"none"`), it is used as written; without one, every
 * `*.json` file is read in name order, the id is the directory name and the base is the
 * built-in rules. The result is the triage options that load it: layered over the built-in
 * rules unless the manifest says `"base": "none"`.
 */
export async function readRuleSetDir(dir: string): Promise<{ source: RuleSetSource; options: TriageOptions }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    throw new InputFileError(`cannot read rule directory ${dir}: ${describeFsError(error, 'directory')}`);
  }
  const manifest = names.includes('manifest.json') ? ((await readJson(join(dir, 'manifest.json'))) as Manifest) : {};
  const listed = Array.isArray(manifest.files) ? manifest.files.map(String) : names.filter((name) => name !== 'manifest.json');
  const files: Record<string, unknown> = {};
  // A data property, whatever the name: `files['__proto__'] = ...` would set the prototype and
  // drop the file silently; defined, it stays a file, and the validator refuses its name.
  for (const name of listed)
    Object.defineProperty(files, name, { value: await readJson(join(dir, name)), enumerable: true, writable: true, configurable: true });
  const requires =
    manifest.requires !== null && typeof manifest.requires === 'object' ? (manifest.requires as Record<string, string>) : undefined;
  const source: RuleSetSource = {
    id: typeof manifest.id === 'string' ? manifest.id : basename(dir),
    version: typeof manifest.version === 'string' ? manifest.version : '0.0.0',
    files,
    ...(requires === undefined ? {} : { requires }),
  };
  return { source, options: manifest.base === 'none' ? { ruleSet: source } : { ruleSets: [source] } };
}

async function readJson(path: string): Promise<unknown> {
  return parseJsonText(await readTextFile(path), path);
}
