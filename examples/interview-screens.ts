// The interview one screen at a time, as the web page, the terminal and SDC $next-question ask it.
// docs/interview.md shows the loop below; test/docs.test.ts checks that it is this file's code.
import { createTriage, parseCheckIn, type InterviewScreen, type Level } from 'microneedling-triage';
import { runIfMain } from './run-if-main.js';

// --- the loop (docs/interview.md) ---
/** Your UI: shows one screen and gives back an answer per field, `undefined` for "I don't know". */
type Ask = (screen: InterviewScreen<Level>) => Promise<ReadonlyMap<string, unknown>>;

export async function interviewByScreens(ask: Ask) {
  const triage = createTriage();
  let answers: Record<string, unknown> = {};
  const unknown: string[] = []; // fields the person answered "I don't know"
  let step = await triage.interview({}, { unknown });
  while (!step.done) {
    const [screen] = step.screens; // show screen.question, or screen.caption with screen.items
    if (screen === undefined) break; // never: screens is empty only when done
    const replies = await ask(screen);
    for (const field of screen.fields) {
      const reply = replies.get(field);
      if (reply === undefined) unknown.push(field);
      else answers = setAt(answers, field, reply); // field is a dotted input path
    }
    step = await triage.interview(parseCheckIn(answers), { unknown });
  }
  return step; // step.result: the assessment; step.action: { summary, steps }, what to do now
}

/** A copy of `input` with `value` at a dotted path such as `signs.fever`. */
function setAt(input: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [key = '', ...rest] = path.split('.');
  if (rest.length === 0) return { ...input, [key]: value };
  const inner = input[key];
  return {
    ...input,
    [key]: setAt(typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : {}, rest.join('.'), value),
  };
}
// --- end of the loop ---

/** A person 30 hours after treatment with a fever, who does not know the rest. */
export async function main(): Promise<unknown> {
  const knows: Record<string, unknown> = { complaint: ['other'], hoursSinceTreatment: 30, 'signs.fever': true, 'signs.chills': false };
  const shown: string[] = [];
  const step = await interviewByScreens((screen) => {
    shown.push(screen.kind === 'question' ? screen.question.field : `${screen.kind} ${screen.id}`);
    return Promise.resolve(new Map(screen.fields.map((field) => [field, knows[field]])));
  });
  return { level: step.result.level, shown, action: step.action?.summary.patient };
}

await runIfMain(import.meta.url, main);
