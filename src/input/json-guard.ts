import type { InputIssue } from './observation-error.js';

/** Limits on the shape of JSON received from outside. */
export interface JsonLimits {
  readonly maxDepth: number;
  readonly maxArrayLength: number;
  readonly maxStringLength: number;
  readonly maxKeys: number;
}

/** Limits for a check-in, screening or aftercare input, or a QuestionnaireResponse. */
export const INPUT_LIMITS: JsonLimits = { maxDepth: 16, maxArrayLength: 1_000, maxStringLength: 10_000, maxKeys: 500 };
/** Limits for rule files and case files. */
export const FILE_LIMITS: JsonLimits = { maxDepth: 64, maxArrayLength: 20_000, maxStringLength: 20_000, maxKeys: 2_000 };

/** Keys that can reach an object's prototype when copied by assignment; never valid in our formats. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks the shape of untrusted JSON before anything else reads it: no prototype-polluting keys,
 * and bounded depth, array length, string length and key count. Each check looks at sizes
 * before descending, so a huge array or string is rejected without being walked. Returns the
 * first problems found (at most `maxIssues`).
 */
export function guardJson(value: unknown, limits: JsonLimits, maxIssues = 10): InputIssue[] {
  const issues: InputIssue[] = [];
  const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
  const tooLarge = (at: string, what: string, limit: number): void => {
    issues.push({ path: at, code: 'too_large', message: `'${at}' ${what}, more than the ${String(limit)} allowed` });
  };
  const visit = (node: unknown, at: string, depth: number): void => {
    if (issues.length >= maxIssues) return;
    if (typeof node === 'string') {
      if (node.length > limits.maxStringLength) tooLarge(at, `is a string of ${String(node.length)} characters`, limits.maxStringLength);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (depth > limits.maxDepth) {
      issues.push({ path: at, code: 'too_deep', message: `'${at}' is nested more than ${String(limits.maxDepth)} levels deep` });
      return;
    }
    if (Array.isArray(node)) {
      if (node.length > limits.maxArrayLength) {
        tooLarge(at, `has ${String(node.length)} items`, limits.maxArrayLength);
        return;
      }
      for (let index = 0; index < node.length; index += 1) visit(node[index], join(at, String(index)), depth + 1);
      return;
    }
    const keys = Object.keys(node);
    if (keys.length > limits.maxKeys) {
      tooLarge(at, `has ${String(keys.length)} keys`, limits.maxKeys);
      return;
    }
    for (const key of keys) {
      if (FORBIDDEN_KEYS.has(key)) {
        const keyPath = join(at, key);
        issues.push({ path: keyPath, code: 'forbidden_key', message: `'${keyPath}': the key '${key}' is not allowed` });
      } else {
        visit((node as Record<string, unknown>)[key], join(at, key), depth + 1);
      }
    }
  };
  visit(value, '', 0);
  return issues;
}
