// Runs the CLI on the example check-ins: what `npm run demo` shows.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const examples = [
  ['A normal day-2 check-in', ['assess', 'examples/checkins/day-2-normal.json']],
  ['Day 5: worsening redness with pus and fever', ['assess', 'examples/checkins/day-5-infection.json']],
  ['Day 10: an itchy rash after a new serum', ['assess', 'examples/checkins/day-10-contact-dermatitis.json']],
  ['A sparse check-in (only hours and redness)', ['assess', 'examples/checkins/sparse.json']],
  ['An invalid check-in (exit code 2)', ['assess', 'examples/checkins/invalid.json'], 2],
  ['Screening: a clean candidate', ['screen', 'examples/candidates/clean.json']],
  ['Screening: a retinoid used yesterday', ['screen', 'examples/candidates/retinoid-yesterday.json']],
  ['Screening: keloid history with deep needling', ['screen', 'examples/candidates/keloid-deep.json']],
  ['Aftercare on day 3', ['aftercare', '--hours', '60']],
];

let failed = false;
for (const [title, args, expectedStatus = 0] of examples) {
  const bar = '='.repeat(100);
  process.stdout.write(`\n${bar}\n${title}\n$ microneedling-triage ${args.join(' ')}\n${bar}\n`);
  const run = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  process.stdout.write(run.stdout);
  process.stdout.write(run.stderr);
  process.stdout.write(`(exit code ${String(run.status)})\n`);
  if (run.status !== expectedStatus) failed = true;
}
if (failed) {
  process.stderr.write('\nA demo run did not exit as expected.\n');
  process.exitCode = 1;
}
