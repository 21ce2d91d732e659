import { parseArgs } from 'node:util';
import type { Assessment } from '../../assessment/assessment-types.js';
import { questionFields } from '../../fhir/questionnaire-fields.js';
import { unitDisplay } from '../../fhir/units.js';
import { withValueAt } from '../../input/dotted-path.js';
import type { InterviewQuestion, InterviewScreen, InterviewStep } from '../../interview/interview-types.js';
import { isObservationError } from '../../input/observation-error.js';
import type { Screening } from '../../screening/screening-types.js';
import { EXIT, parseNow, print, triageFor, UsageError, type CliIo } from '../cli-context.js';
import { parseCheckIn, parseScreening } from '../../parse-inputs.js';
import { formatAssessment } from '../format-assessment.js';
import { formatScreening } from '../format-screening.js';
import { describeAnswers, readAnswer, sayAnswer } from './interview-answers.js';

type Step = InterviewStep<Assessment, string> | InterviewStep<Screening, string>;

/** Width the "why" line wraps at, and the indent of its continuation lines (under the text after the labels). */
const WIDTH = 100;
const INDENT = '             ';

/**
 * `interview [--screening]`: one screen at a time (`step.screens[0]`: a question, or a checklist or
 * group: its caption, then each of its items), for clinic staff on the phone. Each
 * question shows the patient's and the clinician's wording, the allowed answers and why it is
 * asked; an answer is read per line (a number or name, `?` or an empty line for "don't know"), and a line that is
 * not an answer is asked again with a hint. The whole screen is then one interview step. When the
 * interview is done the result is printed.
 * Scriptable: one answer per line on stdin. Exit code 0 when done; 1 when the input ended first
 * (the result so far is printed, with what is still open).
 */
export async function interviewCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      screening: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      now: { type: 'string' },
      rules: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError("'interview' takes no file: it reads one answer per line from stdin.");
  const triage = await triageFor(values.rules, values.now);
  const kind = values.screening ? 'screening' : 'checkin';
  const say = values.json ? io.stderr : io.stdout; // with --json, stdout holds the JSON alone
  const units = new Map(questionFields(kind).flatMap((field) => (field.unit === undefined ? [] : [[field.path, unitDisplay(field.unit)]])));
  // The answers so far, checked as the triage checks them (with its clock), then typed.
  const clock = parseNow(values.now);
  const parseOptions = clock === undefined ? {} : { now: () => clock };
  const run = (partial: unknown, unknown: readonly string[]): Promise<Step> =>
    kind === 'checkin'
      ? triage.interview(parseCheckIn(partial, parseOptions), { unknown })
      : triage.screeningInterview(parseScreening(partial), { unknown });
  const source = io.stdinLines?.() ?? splitLines(io.stdin());
  const lines = source[Symbol.asyncIterator]();

  let partial: Record<string, unknown> = {};
  let unknown: string[] = [];
  let asked = 0;
  let shownScreens = 0;
  let step = await run(partial, unknown);
  // Each answer is checked as the triage checks the input (its type, its range, a date), so a
  // rejected one is asked again at once rather than after the whole screen.
  const check = (candidate: unknown): void => {
    if (kind === 'checkin') parseCheckIn(candidate, parseOptions);
    else parseScreening(candidate);
  };
  try {
    for (let screen = step.screens[0]; !step.done && screen !== undefined; screen = step.screens[0]) {
      shownScreens += 1;
      const items = screen.kind === 'question' ? [screen.question] : screen.items;
      if (screen.kind !== 'question') say(formatCaption(screen, shownScreens, items.length));
      let screenPartial = partial;
      let screenUnknown = unknown;
      for (const question of items) {
        asked += 1;
        const unit = units.get(question.field);
        say(formatQuestion(question, asked, kind, unit, screen.kind === 'question' ? shownScreens : undefined));
        for (;;) {
          const line = await lines.next();
          if (line.done === true) {
            // The answers given on this screen so far count too: nothing typed is dropped.
            const sofar = await run(screenPartial, screenUnknown);
            const screens = shownScreens;
            return finish(io, say, values.json, {
              step: sofar,
              partial: screenPartial,
              unknown: screenUnknown,
              asked,
              screens,
              kind,
              done: false,
            });
          }
          const typed = readAnswer(question.answer, line.value, unit);
          if (typed.kind === 'invalid') {
            say(`  ! ${typed.hint}\n`);
            continue;
          }
          const nextPartial = typed.kind === 'value' ? withValueAt(screenPartial, question.field, typed.value) : screenPartial;
          try {
            check(nextPartial);
          } catch (error) {
            if (!isObservationError(error)) throw error;
            say(`  ! ${error.issues[0]?.message ?? error.message}; answer again, or ? for don't know.\n`);
            continue;
          }
          screenPartial = nextPartial;
          if (typed.kind === 'unknown') screenUnknown = [...screenUnknown, question.field];
          say(`  Answer: ${typed.kind === 'value' ? sayAnswer(typed.value, question.answer) : "don't know"}\n\n`);
          break;
        }
      }
      // The whole screen is one step, as on the web page and over SDC $next-question.
      step = await run(screenPartial, screenUnknown);
      partial = screenPartial;
      unknown = screenUnknown;
    }
  } finally {
    await lines.return?.();
    // A readline interface on a terminal keeps the process alive until it is closed (ending its
    // iteration does not close it on Node 20), and the interview may end before the input does.
    (source as { close?: () => void }).close?.();
  }
  return finish(io, say, values.json, { step, partial, unknown, asked, screens: shownScreens, kind, done: true });
}

interface Outcome {
  readonly step: Step;
  readonly partial: Record<string, unknown>;
  readonly unknown: readonly string[];
  readonly asked: number;
  /** Screens shown (a checklist or group counts once). */
  readonly screens: number;
  readonly kind: 'checkin' | 'screening';
  readonly done: boolean;
}

function finish(io: CliIo, say: (text: string) => void, json: boolean, outcome: Outcome): number {
  const { step, asked, unknown, done } = outcome;
  const open = step.next.map((question) => question.field);
  const screens = `${String(outcome.screens)} screen${outcome.screens === 1 ? '' : 's'}`;
  const questions = `${screens} (${String(asked)} question${asked === 1 ? '' : 's'})`;
  const dontKnow = unknown.length === 0 ? '' : ` (${String(unknown.length)} answered "don't know")`;
  say(
    done
      ? `Interview done after ${questions}${dontKnow}.\n`
      : `\nInput ended before the interview was done, after ${questions}${dontKnow}: the result so far, with ${String(open.length)} question${open.length === 1 ? '' : 's'} still open.\n`,
  );
  if (json) {
    print(io, {
      done,
      answers: outcome.partial,
      unknown,
      ...(done ? {} : { open }),
      result: step.result,
      ...(step.action === undefined ? {} : { action: step.action }),
    });
  } else {
    say('\n');
    print(
      io,
      outcome.kind === 'checkin'
        ? formatAssessment(step.result as Assessment, 'interview')
        : formatScreening(step.result as Screening, 'interview'),
    );
  }
  return done ? EXIT.ok : EXIT.failure;
}

/** A question as shown to the person asking it. */
function formatQuestion(
  question: InterviewQuestion<string>,
  number: number,
  kind: 'checkin' | 'screening',
  unit: string | undefined,
  screen: number | undefined,
): string {
  const lowest = kind === 'checkin' ? 'expected' : 'proceed';
  const what = kind === 'checkin' ? 'the level' : 'the decision';
  const why = [
    ...(question.why.couldRaiseTo === undefined ? [] : [`could raise ${what} to ${question.why.couldRaiseTo}`]),
    ...(question.why.couldLowerTo === undefined ? [] : [`could lower ${what} to ${question.why.couldLowerTo}`]),
    ...(question.why.holdsFloor ? [`while unanswered the result stays above ${lowest}`] : []),
  ].join('; ');
  const rules =
    question.why.rules.length === 0
      ? 'no rule reads it: it leads the interview'
      : `rule${question.why.rules.length === 1 ? '' : 's'}: ${question.why.rules.join(', ')}`;
  return [
    ...(screen === undefined ? [] : [`Screen ${String(screen)}`]),
    `Question ${String(number)}${question.why.holdsFloor ? ' (safety question)' : ''}: ${question.field}`,
    `  Ask:       ${question.question.patient}`,
    `  Clinician: ${question.question.clinician}`,
    // A question asked beside its group, or the one of what brought the person, moves no result by itself.
    `  Why:       ${wrap(why === '' ? (question.why.rules.length === 0 ? rules : `asked with its group; ${rules}`) : `${why}; ${rules}`)}`,
    `  Answers:   ${describeAnswers(question.answer, unit)}`,
    '',
  ].join('\n');
}

/** The heading of a checklist or group screen: its caption, said once before its items. */
function formatCaption(screen: Exclude<InterviewScreen<string>, { kind: 'question' }>, number: number, items: number): string {
  const what = screen.kind === 'checklist' ? `a checklist of ${String(items)} yes/no questions` : `${String(items)} questions`;
  return [
    `Screen ${String(number)}: ${what} (${screen.id})`,
    `  Say:       ${screen.caption.patient}`,
    `  Clinician: ${screen.caption.clinician}`,
    '',
    '',
  ].join('\n');
}

/** Wraps at word boundaries to {@link WIDTH}, continuing lines under the first. */
function wrap(text: string): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && INDENT.length + current.length + 1 + word.length > WIDTH) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  lines.push(current);
  return lines.join(`\n${INDENT}`);
}

async function* splitLines(text: Promise<string>): AsyncGenerator<string> {
  const all = await text;
  if (all === '') return;
  yield* all.replace(/\n$/, '').split('\n');
}
