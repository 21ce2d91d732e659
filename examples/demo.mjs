// Runs the CLI on the example check-ins: what `npm run demo` shows.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const examples = [
  ['A normal day-2 check-in', 'examples/checkins/day-2-normal.json'],
  ['Day 5: worsening redness with pus and fever', 'examples/checkins/day-5-infection.json'],
  ['Day 10: an itchy rash after a new serum', 'examples/checkins/day-10-contact-dermatitis.json'],
  ['A sparse check-in (only hours and redness)', 'examples/checkins/sparse.json'],
  ['An invalid check-in (exit code 2)', 'examples/checkins/invalid.json'],
];

let failed = false;
for (const [title, file] of examples) {
  const bar = '='.repeat(100);
  process.stdout.write(`\n${bar}\n${title}\n$ microneedling-triage assess ${file}\n${bar}\n`);
  const run = spawnSync(process.execPath, [cli, 'assess', file], { cwd: root, encoding: 'utf8' });
  process.stdout.write(run.stdout);
  process.stdout.write(run.stderr);
  process.stdout.write(`(exit code ${String(run.status)})\n`);
  const expectedStatus = file.endsWith('invalid.json') ? 2 : 0;
  if (run.status !== expectedStatus) failed = true;
}
if (failed) {
  process.stderr.write('\nA demo run did not exit as expected.\n');
  process.exitCode = 1;
}
