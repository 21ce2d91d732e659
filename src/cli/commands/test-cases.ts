import { parseArgs } from 'node:util';
import { coverageReport, mergeCoverage, type CoverageReport } from '../../testing/coverage.js';
import { formatJUnit } from '../../testing/junit.js';
import type { Triage } from '../../triage.js';
import { reportCases, type CasesReport } from '../case-reports.js';
import type { CasesSetup } from '../jobs-worker.js';
import { chunked, mapOnJobs } from '../job-pool.js';
import { loadCases, type LoadedCases } from '../load-cases.js';
import { EXIT, parseDecimal, parseJobs, print, triageFrom, triageSetupFor, UsageError, type CliIo } from '../cli-context.js';

/** Cases per task on several jobs: a case file is split so that one large file does not keep one worker busy alone. */
const CASES_PER_TASK = 50;

/** `test <cases...>`: runs golden cases, explains failures, measures coverage. */
export async function testCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      rules: { type: 'string' },
      now: { type: 'string' },
      json: { type: 'boolean', default: false },
      junit: { type: 'boolean', default: false },
      coverage: { type: 'boolean', default: false },
      'coverage-threshold': { type: 'string' },
      only: { type: 'string', multiple: true },
      jobs: { type: 'string' },
    },
  });
  if (positionals.length === 0) throw new UsageError("'test' needs case files or directories.");
  const threshold =
    values['coverage-threshold'] === undefined
      ? undefined
      : parseDecimal('--coverage-threshold', values['coverage-threshold'], 'a percentage (0-100)', { min: 0, max: 100 });
  const jobs = parseJobs(values.jobs, io);
  const setup = await triageSetupFor(values.rules, values.now);
  const triage = triageFrom(setup);
  const suites = await loadCases(positionals);
  const wantCoverage = values.coverage || threshold !== undefined;
  const reports =
    jobs > 1
      ? await reportSuitesOnJobs(suites, { ...setup, coverage: wantCoverage }, jobs)
      : await reportSuites(suites, triage, wantCoverage);
  const results = suites.map((suite, index) => ({ file: suite.file, results: reports[index]?.cases ?? [] }));
  const all = results.flatMap((suite) => suite.results);
  const failed = all.filter((result) => !result.passed).length;
  const only = values.only;
  const scope = only === undefined ? triage.rules : triage.rules.filter((rule) => only.some((prefix) => rule.id.startsWith(prefix)));
  const observed = reports.flatMap((report) => (report.coverage === undefined ? [] : [report.coverage]));
  const coverage = wantCoverage ? coverageReport(mergeCoverage(observed), scope) : undefined;
  const belowThreshold =
    coverage !== undefined && threshold !== undefined && (coverage.rules.percent < threshold || coverage.conditions.percent < threshold);

  if (values.junit) {
    io.stdout(formatJUnit(results.map((suite) => ({ name: suite.file, results: suite.results }))));
  } else if (values.json) {
    print(io, {
      passed: all.length - failed,
      failed,
      ruleSet: triage.ruleSet,
      suites: results.map((suite) => ({
        file: suite.file,
        cases: suite.results.map(({ name, passed, failures }) => ({ name, passed, failures })),
      })),
      ...(coverage === undefined ? {} : { coverage }),
    });
  } else {
    for (const suite of results) {
      io.stdout(`${suite.file}\n`);
      for (const result of suite.results) {
        io.stdout(`  ${result.passed ? '✓' : '✗'} ${result.name}\n`);
        for (const failure of result.failures) io.stdout(`      - ${failure}\n`);
        for (const line of result.explanation) io.stdout(`      ${line}\n`);
      }
    }
    io.stdout(`\n${String(all.length - failed)} passed, ${String(failed)} failed (${triage.ruleSet.id} ${triage.ruleSet.version})\n`);
    if (coverage !== undefined) io.stdout(formatCoverage(coverage));
  }
  if (belowThreshold) io.stderr(`Coverage below the threshold of ${String(threshold)}%.\n`);
  return failed > 0 || belowThreshold ? EXIT.failure : EXIT.ok;
}

/** Runs each case file in turn, in this thread. */
async function reportSuites(suites: readonly LoadedCases[], triage: Triage, coverage: boolean): Promise<CasesReport[]> {
  const reports: CasesReport[] = [];
  for (const suite of suites) reports.push(await reportCases(triage, suite.cases, coverage));
  return reports;
}

/** Runs the case files on `jobs` worker threads, in chunks of cases; one report per file, in file and case order. */
async function reportSuitesOnJobs(suites: readonly LoadedCases[], setup: CasesSetup, jobs: number): Promise<CasesReport[]> {
  const chunks = suites.map((suite) => chunked(suite.cases, CASES_PER_TASK));
  const outputs = (await mapOnJobs('cases', jobs, setup, chunks.flat())).values();
  return chunks.map((chunk) => {
    const parts = chunk.map(() => outputs.next().value ?? { cases: [], coverage: undefined });
    const observed = parts.flatMap((part) => (part.coverage === undefined ? [] : [part.coverage]));
    return { cases: parts.flatMap((part) => part.cases), coverage: setup.coverage ? mergeCoverage(observed) : undefined };
  });
}

/** Coverage as text: the three figures and what is not covered. */
export function formatCoverage(coverage: CoverageReport): string {
  const lines = [
    'Coverage:',
    `  rules seen firing and not firing:      ${String(coverage.rules.covered)}/${String(coverage.rules.total)} (${String(coverage.rules.percent)}%)`,
    `  conditions seen true and false:        ${String(coverage.conditions.covered)}/${String(coverage.conditions.total)} (${String(coverage.conditions.percent)}%)`,
    `  levels and decisions reached:          ${coverage.grades.reached.join(', ')}${coverage.grades.missing.length > 0 ? `; never: ${coverage.grades.missing.join(', ')}` : ''}`,
  ];
  for (const gap of coverage.rules.uncovered) lines.push(`  rule ${gap.ruleId}: never seen ${gap.missing}`);
  for (const gap of coverage.conditions.uncovered)
    lines.push(`  condition ${gap.ruleId}${gap.path} (${gap.condition}): never ${gap.missing}`);
  return `${lines.join('\n')}\n`;
}
