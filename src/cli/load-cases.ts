import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isObservationError } from '../input/observation-error.js';
import { resolveCaseFile, type ResolvedCase } from '../testing/run-cases.js';
import { caseExpectationSchema } from '../testing/case-file.js';
import { parseInput } from '../input/parse-input.js';
import { describeFsError, InputFileError, readTextFile, withoutBom } from './read-input.js';
import { byCodePoint } from './load-rules-dir.js';

/** Case files found in a directory. */
const CASE_FILE = /\.cases\.(json|ya?ml)$/;

/** The cases of one file. */
export interface LoadedCases {
  readonly file: string;
  readonly cases: ResolvedCase[];
}

/**
 * Loads golden cases from files and directories. A file may be a case file (JSON or YAML) or
 * NDJSON (one case per line: `{ name?, kind?, now?, input, expect? }`, or just an input). In a
 * directory, every `*.cases.json`, `*.cases.yaml` and `*.cases.yml` below it is read.
 */
export async function loadCases(paths: readonly string[]): Promise<LoadedCases[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw new InputFileError(`cannot read ${path}: ${describeFsError(error, 'file or directory')}`);
    }
    if (info.isDirectory()) files.push(...(await caseFilesUnder(path)));
    else files.push(path);
  }
  return Promise.all(files.map(async (file) => ({ file, cases: await loadCaseFile(file) })));
}

async function caseFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && CASE_FILE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort((a, b) => byCodePoint(relative(dir, a), relative(dir, b)));
}

async function loadCaseFile(file: string): Promise<ResolvedCase[]> {
  // A byte order mark some editors write at the start is not part of the content.
  const text = withoutBom(await readTextFile(file));
  if (file.endsWith('.ndjson')) return ndjsonCases(text, file);
  let content: unknown;
  try {
    content = /\.ya?ml$/.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new InputFileError(`${file} cannot be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return resolveCaseFile(content);
  } catch (error) {
    if (isObservationError(error))
      throw new InputFileError(
        `${file} is not a valid case file:\n${error.issues.map((issue) => `  - ${issue.path}: ${issue.message}`).join('\n')}`,
      );
    throw new InputFileError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function ndjsonCases(text: string, file: string): ResolvedCase[] {
  return text.split('\n').flatMap((line, index): ResolvedCase[] => {
    if (line.trim() === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InputFileError(`${file}:${String(index + 1)} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const record = (value ?? {}) as Record<string, unknown>;
    let expect: ResolvedCase['expect'] = {};
    try {
      if ('expect' in record) expect = parseInput(caseExpectationSchema, record['expect']);
    } catch (error) {
      const detail = isObservationError(error) ? error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') : String(error);
      throw new InputFileError(`${file}:${String(index + 1)} has an invalid 'expect': ${detail}`);
    }
    const wrapped = 'input' in record;
    const kind = record['kind'] === 'screening' ? 'screening' : 'assessment';
    return [
      {
        kind,
        name: typeof record['name'] === 'string' ? record['name'] : `${file}:${String(index + 1)}`,
        input: wrapped ? record['input'] : value,
        ...(typeof record['now'] === 'string' ? { now: record['now'] } : {}),
        expect,
      },
    ];
  });
}
