/* global document */
// The check-in interview in the browser: one question at a time from `triage.interview`, until it
// is done; then the result. All of it runs here, on the package's browser build.
import { createTriage, isObservationError } from 'microneedling-triage';
import { inputFrom } from './answers.js';
import { levelLabel } from './levels.js';
import { questionView, showQuestionError } from './question-view.js';
import { resultView } from './result-view.js';
import { phasesFrom } from './timeline.js';

const triage = createTriage();
const phases = phasesFrom(triage.rules);
const app = document.getElementById('app');
const status = document.getElementById('status');

/** The answers given so far, in order (see answers.js). */
let log = [];

/** Evaluates `next` (the answers with one more, or one fewer) and shows the question or result it leads to. */
async function go(next, { focus = true } = {}) {
  const form = app.querySelector('form.question');
  setBusy(true);
  let step;
  try {
    const { partial, unknown } = inputFrom(next);
    step = await triage.interview(partial, { unknown });
  } catch (error) {
    setBusy(false);
    setState(form === null ? 'error' : 'question');
    // An answer the library rejects is shown, never dropped: the question stays.
    const message = isObservationError(error) ? error.issues.map((issue) => issue.message).join(' ') : String(error);
    if (form === null) showFailure(message);
    else showQuestionError(form, message);
    return;
  }
  log = next;
  if (step.done) showResult(step);
  else showQuestion(step, focus);
}

function showQuestion(step, focus) {
  const [question] = step.next;
  const view = questionView(
    question,
    { number: log.length + 1, open: step.next.length, canGoBack: log.length > 0 },
    {
      answer: (value) =>
        void go([...log, { field: question.field, question: question.question.patient, value, labels: question.answer.labels }]),
      unknown: () => void go([...log, { field: question.field, question: question.question.patient, unknown: true }]),
      back: () => void go(log.slice(0, -1)),
    },
  );
  app.replaceChildren(view);
  setState('question');
  status.textContent = `Question ${String(log.length + 1)}`;
  if (focus) view.querySelector('#question-text').focus();
}

function showResult(step) {
  const view = resultView(step, log, phases, { restart: () => void go([]), back: () => void go(log.slice(0, -1)) });
  app.replaceChildren(view);
  setState('result');
  status.textContent = `Result: ${levelLabel(step.result.level)}`;
  view.querySelector('#result-title').focus();
}

function showFailure(message) {
  app.replaceChildren(document.createElement('p'));
  app.firstElementChild.className = 'error';
  app.firstElementChild.textContent = `The check-in could not continue: ${message}`;
  setState('error');
}

function setBusy(busy) {
  if (busy) app.dataset.state = 'busy';
  app.setAttribute('aria-busy', String(busy));
  for (const control of app.querySelectorAll('button, input')) control.disabled = busy;
}

/** `data-state` and `data-step` (answers given) tell tests and styles where the interview is. */
function setState(state) {
  app.dataset.step = String(log.length);
  app.dataset.state = state;
  app.setAttribute('aria-busy', 'false');
}

document.getElementById('rules').textContent = `${triage.ruleSet.id} ${triage.ruleSet.version}`;
void go([], { focus: false });
