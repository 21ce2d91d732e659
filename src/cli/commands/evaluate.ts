import { orThrow } from '../../input/safe-result.js';
import { parseArgs } from 'node:util';
import { formatAssessment } from '../format-assessment.js';
import { formatAftercare, formatScreening } from '../format-screening.js';
import { readJsonInput } from '../read-input.js';
import { streamNdjson, streamNdjsonOnJobs } from '../ndjson.js';
import { readFields } from '../result-fields.js';
import { EXIT, parseDecimal, parseJobs, print, triageFor, triageFrom, triageSetupFor, UsageError, type CliIo } from '../cli-context.js';

const shared = {
  json: { type: 'boolean', default: false },
  now: { type: 'string' },
  rules: { type: 'string' },
} as const;

/** `assess <file|->` and `screen <file|->`. */
export async function evaluateCommand(command: 'assess' | 'screen', args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { ...shared, ndjson: { type: 'boolean', default: false }, fields: { type: 'string' }, jobs: { type: 'string' } },
  });
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) throw new UsageError(`'${command}' takes exactly one file (or - for stdin).`);
  if (values.fields !== undefined && !values.ndjson) throw new UsageError('--fields trims NDJSON output: use it with --ndjson.');
  if (values.jobs !== undefined && !values.ndjson) throw new UsageError('--jobs runs NDJSON on several threads: use it with --ndjson.');
  const fields = values.fields === undefined ? undefined : readFields(command, values.fields);
  const jobs = parseJobs(values.jobs, io);
  const setup = await triageSetupFor(values.rules, values.now);
  const triage = triageFrom(setup);
  if (values.ndjson) {
    const invalid =
      jobs > 1
        ? await streamNdjsonOnJobs({ ...setup, kind: command, fields }, path, jobs, io)
        : await streamNdjson(command, path, triage, io, fields);
    if (invalid > 0) io.stderr(`${String(invalid)} invalid line${invalid === 1 ? '' : 's'} (reported in the output).\n`);
    return invalid > 0 ? EXIT.badInput : EXIT.ok;
  }
  const input = await readJsonInput(path, io.stdin);
  const label = path === '-' ? 'stdin' : path;
  if (command === 'assess') {
    const assessment = orThrow(await triage.safeAssess(input));
    print(io, values.json ? assessment : formatAssessment(assessment, label));
  } else {
    const screening = orThrow(await triage.safeScreen(input));
    print(io, values.json ? screening : formatScreening(screening, label));
  }
  return EXIT.ok;
}

/** `aftercare --hours <n>`. */
export async function aftercareCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { ...shared, hours: { type: 'string' }, cleared: { type: 'boolean', default: false } },
  });
  if (positionals.length > 0) throw new UsageError("'aftercare' takes no file: use --hours <n>.");
  if (values.hours === undefined) throw new UsageError("'aftercare' needs --hours <n>.");
  const hours = parseDecimal('--hours', values.hours, 'a number of hours (a plain decimal number such as 60 or 7.5)');
  const triage = await triageFor(values.rules, values.now);
  const guide = triage.aftercare({ hoursSinceTreatment: hours, ...(values.cleared ? { clearedByProvider: true } : {}) });
  print(io, values.json ? guide : formatAftercare(guide));
  return EXIT.ok;
}
