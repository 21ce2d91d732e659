// npm run bench:jobs: what --jobs gives on this machine, with a same-run calibration of the free cores (docs/performance.md).
//
// Usage: npm run bench:jobs [-- --jobs <n>] [--rounds <r>]   (N defaults to the available processors, rounds to 1)
// The calibration runs a pure-JS loop on 1 thread, then the same loop on N threads at once: if N
// cores are free, both take the same time; the ratio N x t1 / tN is the number of cores that
// were actually free. It runs just before every command in every round (the load of a shared
// machine changes by the minute). Each command then runs with --jobs 1 and --jobs N (the order
// alternating between rounds; medians of the rounds), from the built dist/cli.js, its output
// written to a file; the outputs and exit codes of 1 and N jobs are checked to be identical.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { plausibleCandidateArbitrary, plausibleCheckInArbitrary, sparseCheckInArbitrary } from '../support/arbitraries.js';

const { values } = parseArgs({ options: { jobs: { type: 'string' }, rounds: { type: 'string' } } });
const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
const rounds = values.rounds === undefined ? 1 : Number(values.rounds);
if (!Number.isInteger(jobs) || jobs < 2)
  throw new Error(
    `--jobs must be 2 or more (got ${String(values.jobs ?? jobs)}): this machine reports ${String(availableParallelism())} processors`,
  );
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a whole number from 1');

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` (npm run bench:jobs builds first)');
const work = mkdtempSync(join(tmpdir(), 'mt-bench-jobs-'));
const NOW = '2026-03-10T12:00:00Z';

// ---- Calibration: the same pure-JS loop on 1 thread, then on N threads at once.
const LOOP = `
const { parentPort, workerData } = require('node:worker_threads');
let x = 0x9e3779b9 | 0, sum = 0;
for (let i = 0; i < workerData; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; sum = (sum + (x & 0xff)) | 0; }
parentPort.postMessage(sum);`;

/** Wall time (ms) of `threads` copies of the loop run at once, each on its own thread. */
async function loopOn(threads: number, iterations: number): Promise<number> {
  const start = performance.now();
  await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(LOOP, { eval: true, workerData: iterations });
          worker.once('message', () => {
            worker.terminate().then(() => {
              resolve();
            }, reject);
          });
          worker.once('error', reject);
        }),
    ),
  );
  return performance.now() - start;
}

// ---- Inputs: generated check-ins for NDJSON, and a generated case file (check-ins and candidates) for test and diff.
const checkInsPath = join(work, 'check-ins.ndjson');
writeFileSync(
  checkInsPath,
  fc
    .sample<unknown>(fc.oneof(plausibleCheckInArbitrary, sparseCheckInArbitrary), { numRuns: 10_000, seed: 1502 })
    .map((input) => JSON.stringify(input))
    .join('\n') + '\n',
);
const casesPath = join(work, 'generated.ndjson');
const checkInCases = fc.sample<unknown>(plausibleCheckInArbitrary, { numRuns: 4_000, seed: 1503 });
const candidateCases = fc.sample<unknown>(plausibleCandidateArbitrary, { numRuns: 1_000, seed: 1504 });
writeFileSync(
  casesPath,
  [
    ...checkInCases.map((input, index) => ({ name: `check-in ${String(index)}`, now: NOW, input })),
    ...candidateCases.map((input, index) => ({
      name: `candidate ${String(index)}`,
      kind: 'screening',
      input: { ...(input as object), screenedAt: NOW },
    })),
  ]
    .map((entry) => JSON.stringify(entry))
    .join('\n') + '\n',
);

const golden = join(root, 'test', 'golden');
const COMMANDS: readonly { label: string; args: readonly string[] }[] = [
  { label: '`assess --ndjson`, 10,000 generated check-ins', args: ['assess', '--ndjson', '--now', NOW, checkInsPath] },
  { label: '`test test/golden` (614 cases, 14 files)', args: ['test', golden] },
  { label: '`test`, 5,000 generated cases (one NDJSON file)', args: ['test', casesPath] },
  {
    label: '`diff` built-in -> clinic layer, test/golden',
    args: ['diff', '--base', join(root, 'rules'), '--head', join(root, 'examples', 'clinic-rules'), '--cases', golden],
  },
  {
    label: '`diff` built-in -> clinic layer, 5,000 generated cases',
    args: ['diff', '--base', join(root, 'rules'), '--head', join(root, 'examples', 'clinic-rules'), '--cases', casesPath],
  },
  { label: '`mutate --cases test/golden` (built-in rules, every mutant)', args: ['mutate', '--cases', golden] },
];

interface Run {
  readonly ms: number;
  /** CPU time (user + system) of the run and its threads, when the platform tells (Linux: /proc). */
  readonly cpuMs: number | undefined;
  readonly code: number | null;
  readonly digest: string;
}

/** CPU time (ms) of this process's finished children, from /proc/self/stat (cutime + cstime, in USER_HZ = 100 ticks a second). */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5), counted from 3 after the command name.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/** Runs the built CLI with its output to a file: wall time, exit code and a digest of the output. */
async function runCli(args: readonly string[]): Promise<Run> {
  const outPath = join(work, 'out');
  const out = openSync(outPath, 'w');
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', out, 'ignore'] });
    child.on('error', reject);
    child.on('close', resolve);
  });
  const ms = performance.now() - start;
  const cpuAfter = childrenCpuMs();
  closeSync(out);
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return { ms, cpuMs, code, digest: createHash('sha256').update(readFileSync(outPath)).digest('hex') };
}

const median = (numbers: readonly number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

console.log(
  `Machine: ${String(cpus().length)} CPUs, ${String(availableParallelism())} available to Node, load average ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}; Node ${process.version}; --jobs ${String(jobs)}, ${String(rounds)} round(s).`,
);

// Size the loop to about 1 s on one thread.
const probe = 20_000_000;
const iterations = Math.round((probe * 1000) / (await loopOn(1, probe)));

/** The calibration: the loop on 1 thread, then on N at once; `free` = N x t1 / tN, the cores actually free. */
async function calibrate(): Promise<{ one: number; many: number; free: number }> {
  const one = await loopOn(1, iterations);
  const many = await loopOn(jobs, iterations);
  return { one, many, free: (jobs * one) / many };
}

// The load on a shared machine changes from minute to minute, so every command is calibrated
// just before it runs, in every round; the two job counts alternate which goes first.
const rows: string[][] = [];
const calibrations: { one: number; many: number; free: number }[] = [];
for (const command of COMMANDS) {
  const times: { one: number[]; many: number[]; free: number[]; busy: number[] } = { one: [], many: [], free: [], busy: [] };
  for (let round = 0; round < rounds; round += 1) {
    const calibration = await calibrate();
    calibrations.push(calibration);
    times.free.push(calibration.free);
    const first = await runCli([...command.args, '--jobs', round % 2 === 0 ? '1' : String(jobs)]);
    const second = await runCli([...command.args, '--jobs', round % 2 === 0 ? String(jobs) : '1']);
    const [single, several] = round % 2 === 0 ? [first, second] : [second, first];
    if (single.digest !== several.digest || single.code !== several.code)
      throw new Error(
        `${command.label}: --jobs ${String(jobs)} differs from --jobs 1 (exit ${String(several.code)} vs ${String(single.code)})`,
      );
    times.one.push(single.ms);
    times.many.push(several.ms);
    if (single.cpuMs !== undefined) times.busy.push(single.cpuMs / single.ms);
  }
  const [a, b] = [median(times.one), median(times.many)];
  const busy = times.busy.length === 0 ? 'n/a' : median(times.busy).toFixed(2);
  rows.push([command.label, median(times.free).toFixed(2), seconds(a), busy, seconds(b), `${(a / b).toFixed(2)}x`]);
}
rmSync(work, { recursive: true, force: true });

const one = median(calibrations.map((entry) => entry.one));
const many = median(calibrations.map((entry) => entry.many));
const free = median(calibrations.map((entry) => entry.free));
const header = ['run', 'cores free', '--jobs 1', 'CPU/wall, 1 job', `--jobs ${String(jobs)}`, 'speedup'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
const line = (cells: readonly string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
console.log(
  [
    '',
    `Calibration (${String(calibrations.length)} runs, one before each command in each round; medians): the loop takes ${seconds(one)} on 1 thread and ${seconds(many)} on ${String(jobs)} threads at once: ${free.toFixed(2)} cores free (from ${Math.min(...calibrations.map((entry) => entry.free)).toFixed(2)} to ${Math.max(...calibrations.map((entry) => entry.free)).toFixed(2)}).`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
  ].join('\n'),
);
console.log(
  `\nWall times are medians of ${String(rounds)} round(s); "cores free" is the median calibration just before the command's runs, the best speedup it could show. ` +
    '"CPU/wall, 1 job" is the CPU time of the one-job run over its wall time: the cores one job already keeps busy (V8 collects garbage and compiles on helper threads), so the speedup N jobs can add is at most about cores free / CPU/wall. ' +
    `Outputs and exit codes of --jobs 1 and --jobs ${String(jobs)} were identical for every command.`,
);
