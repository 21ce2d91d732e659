import type { CaseResult } from './run-cases.js';

/** JUnit XML for a set of case results (one test case per golden case), for CI dashboards. */
export function formatJUnit(suites: readonly { readonly name: string; readonly results: readonly CaseResult[] }[]): string {
  const total = suites.reduce((sum, suite) => sum + suite.results.length, 0);
  const failed = suites.reduce((sum, suite) => sum + suite.results.filter((result) => !result.passed).length, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="microneedling-triage" tests="${String(total)}" failures="${String(failed)}">`,
  ];
  for (const suite of suites) {
    const failures = suite.results.filter((result) => !result.passed).length;
    lines.push(`  <testsuite name="${escape(suite.name)}" tests="${String(suite.results.length)}" failures="${String(failures)}">`);
    for (const result of suite.results) {
      const open = `    <testcase classname="${escape(suite.name)}" name="${escape(result.name)}"`;
      if (result.passed) {
        lines.push(`${open}/>`);
      } else {
        lines.push(
          `${open}>`,
          `      <failure message="${escape(result.failures[0] ?? 'failed')}">${escape(result.failures.join('\n'))}</failure>`,
          '    </testcase>',
        );
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
