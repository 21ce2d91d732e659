/* global document */
// The check-in interview in the browser: one screen at a time from `triage.interview` (`step.screens[0]`:
// a question, a checklist or a group), until it is done; then the result. All of it runs here, on
// the package's browser build.
import { createTriage, isObservationError } from 'microneedling-triage';
import { inputFrom } from './answers.js';
import { levelLabel } from './levels.js';
import { screenView, showScreenError } from './screen-view.js';
import { resultView } from './result-view.js';
import { phasesFrom } from './timeline.js';

const triage = createTriage();
const phases = phasesFrom(triage.rules);
const app = document.getElementById('app');
const status = document.getElementById('status');

/** The screens answered so far, in order: each the list of its answers (see answers.js). */
let log = [];

/** Evaluates `next` (the screens answered, with one more or one fewer) and shows the screen or result it leads to. */
async function go(next, { focus = true } = {}) {
  const form = app.querySelector('form.question');
  setBusy(true);
  let step;
  try {
    const { partial, unknown } = inputFrom(next.flat());
    step = await triage.interview(partial, { unknown });
  } catch (error) {
    setBusy(false);
    setState(form === null ? 'error' : 'question');
    // An answer the library rejects is shown, never dropped: the question stays.
    const message = isObservationError(error) ? error.issues.map((issue) => issue.message).join(' ') : String(error);
    if (form === null) showFailure(message);
    else showScreenError(form, message);
    return;
  }
  log = next;
  if (step.done) showResult(step);
  else showScreen(step, focus);
}

function showScreen(step, focus) {
  const [screen] = step.screens;
  // Progress counts the screens answered: it only grows, however many questions could still matter.
  const view = screenView(
    screen,
    { number: log.length + 1, canGoBack: log.length > 0 },
    { submit: (entries) => void go([...log, entries]), back: () => void go(log.slice(0, -1)) },
  );
  app.replaceChildren(view);
  setState('question');
  status.textContent = `Screen ${String(log.length + 1)}`;
  if (focus) view.querySelector('#question-text').focus();
}

function showResult(step) {
  const view = resultView(step, log.flat(), phases, { restart: () => void go([]), back: () => void go(log.slice(0, -1)) });
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
  for (const control of app.querySelectorAll('button, input, select')) control.disabled = busy;
}

/** `data-state` and `data-step` (screens answered) tell tests and styles where the interview is. */
function setState(state) {
  app.dataset.step = String(log.length);
  app.dataset.state = state;
  app.setAttribute('aria-busy', 'false');
}

document.getElementById('rules').textContent = `${triage.ruleSet.id} ${triage.ruleSet.version}`;
void go([], { focus: false });
