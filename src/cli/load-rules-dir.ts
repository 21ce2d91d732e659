import { readdir, realpath } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import type { RuleSetSource } from '../rules/validate-rule-set.js';
import type { TriageOptions } from '../triage.js';
import { describeFsError, InputFileError, readTextFile } from './read-input.js';

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
 * `*.json` file is read in name order (code-point order, the same on every machine), the id is
 * the directory name and the base is the built-in rules. The result is the triage options that
 * load it: layered over the built-in rules unless the manifest says `"base": "none"`.
 *
 * Only regular files inside the directory are read: a manifest entry that is absolute, climbs
 * out with `..`, or is a symbolic link leading out, and anything that is not a regular file (a
 * FIFO named `*.json`, a device, a directory), is refused by name. An error never quotes a
 * file's contents.
 */
export async function readRuleSetDir(dir: string): Promise<{ source: RuleSetSource; options: TriageOptions }> {
  let names: string[];
  let root: string;
  try {
    root = await realpath(dir);
    names = (await readdir(root)).filter((name) => name.endsWith('.json')).sort(byCodePoint);
  } catch (error) {
    throw new InputFileError(`cannot read rule directory ${dir}: ${describeFsError(error, 'directory')}`);
  }
  const read = names.includes('manifest.json') ? await readRuleFile(root, dir, 'manifest.json') : {};
  if (read === null || typeof read !== 'object' || Array.isArray(read))
    throw new InputFileError(`${join(dir, 'manifest.json')} must be a JSON object ({ "id", "version", "files": [...] })`);
  const manifest = read as Manifest;
  if (manifest.files !== undefined && !(Array.isArray(manifest.files) && manifest.files.every((name) => typeof name === 'string')))
    throw new InputFileError(`${join(dir, 'manifest.json')}: 'files' must be a list of file names`);
  const listed = Array.isArray(manifest.files) ? manifest.files : names.filter((name) => name !== 'manifest.json');
  const files: Record<string, unknown> = {};
  // A data property, whatever the name: `files['__proto__'] = ...` would set the prototype and
  // drop the file silently; defined, it stays a file, and the validator refuses its name.
  for (const name of listed)
    Object.defineProperty(files, name, {
      value: await readRuleFile(root, dir, name),
      enumerable: true,
      writable: true,
      configurable: true,
    });
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

/** Code-point order: independent of the machine's locale. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One rule file of the directory, read only if it is a regular file inside it; parsed as JSON. */
async function readRuleFile(root: string, dir: string, name: string): Promise<unknown> {
  const label = join(dir, name);
  if (name === '' || isAbsolute(name) || name.split(/[\\/]/).includes('..'))
    throw new InputFileError(`cannot read ${label}: a rule file must be named relative to the rule directory, without '..'`);
  let path: string;
  try {
    path = await realpath(join(root, name));
  } catch (error) {
    throw new InputFileError(`cannot read ${label}: ${describeFsError(error)}`);
  }
  const inside = relative(root, path);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside))
    throw new InputFileError(`cannot read ${label}: it leads outside the rule directory`);
  const text = await readTextFile(path, label);
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (error) {
    // The parser's message quotes the text; say where, not what.
    const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw new InputFileError(`${label} is not valid JSON${at === undefined ? '' : ` (at character ${at})`}`);
  }
}
