import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebExample } from '../examples/web/build.js';
import { serveStatic, type StaticServer } from '../examples/web/serve.js';
import { createTriage } from '../src/index.js';
import { valueAt, withValueAt } from '../src/input/dotted-path.js';
import { allClear } from './support/all-clear.js';
import { launchChromium, type LaunchedChromium } from './support/chromium.js';
import { simulateInterview } from './support/simulated-patient.js';
import { untyped } from './support/untyped.js';

// The page of examples/web, built on the package's browser build (dist/) and served on
// 127.0.0.1, answered like a patient in a real headless Chromium; what it shows must be what
// the library gives for the same answers, with no request leaving 127.0.0.1.

/** A slow, shared machine: limits are generous, and every wait is on the page's state, never on time. */
const LIMIT = 240_000;
const WAIT = 60_000;

const triage = createTriage();
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let outdir: string;
let server: StaticServer;
let chromium: LaunchedChromium;
let launchMs = 0;
/** Every request the pages made, and the bytes each response brought. */
const loaded = new Map<string, number>();

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'mt-web-'));
  await buildWebExample(outdir);
  server = await serveStatic(outdir);
  const start = performance.now();
  chromium = await launchChromium();
  launchMs = performance.now() - start;
}, LIMIT);

afterAll(async () => {
  await chromium.close();
  await server.close();
  const paths = [...loaded.keys()].map((url) => new URL(url).pathname);
  const brotli = await Promise.all(
    paths.map(async (path) => brotliCompressSync(await readFile(join(outdir, path === '/' ? 'index.html' : path))).length),
  );
  await rm(outdir, { recursive: true, force: true });
  const files = [...loaded].map(([url, bytes]) => `${new URL(url).pathname} ${String(bytes)}`).join(', ');
  const total = [...loaded.values()].reduce((sum, bytes) => sum + bytes, 0);
  console.info(
    `web page: Chromium started in ${String(Math.round(launchMs))} ms; a visit loads ${String(total)} bytes, ${String(brotli.reduce((sum, bytes) => sum + bytes, 0))} brotli (${files})`,
  );
}, LIMIT);

/** A patient: what they would answer (a field they do not hold is answered "I don't know"), and the fields they answer with the keyboard. */
interface Patient {
  readonly answers: unknown;
  readonly keyboard?: readonly string[];
}

interface OpenedPage {
  readonly page: Page;
  /** Requests to anywhere but the page's server (aborted). */
  readonly offsite: string[];
  readonly requests: string[];
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
}

async function openPage(): Promise<OpenedPage> {
  const page = await chromium.browser.newPage();
  page.setDefaultTimeout(WAIT);
  await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
  const origin = new URL(server.url).origin;
  const opened: OpenedPage = { page, offsite: [], requests: [], errors: [] };
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:')) {
      void request.continue();
      return;
    }
    opened.requests.push(url);
    if (new URL(url).origin === origin) void request.continue();
    else {
      opened.offsite.push(url);
      void request.abort();
    }
  });
  page.on('response', (response) => {
    response.buffer().then(
      (body) => loaded.set(response.url(), body.length),
      () => undefined,
    );
  });
  page.on('console', (message) => {
    if (message.type() === 'error') opened.errors.push(message.text());
  });
  page.on('pageerror', (error) => opened.errors.push(String(error)));
  await page.goto(server.url, { waitUntil: 'load' });
  await waitForStep(page, 0);
  return opened;
}

/** Waits until the page shows a question or the result after `answers` answers. */
async function waitForStep(page: Page, answers: number): Promise<'question' | 'result'> {
  const handle = await page.waitForFunction(
    `(() => { const app = document.getElementById('app'); return app.dataset.step === '${String(answers)}' && (app.dataset.state === 'question' || app.dataset.state === 'result') && app.dataset.state; })()`,
    { timeout: WAIT },
  );
  return (await handle.jsonValue()) as 'question' | 'result';
}

interface ShownQuestion {
  readonly field: string;
  readonly type: string;
  readonly values: readonly string[];
  readonly focused: string;
}

const shownQuestion = (page: Page): Promise<ShownQuestion> =>
  page.evaluate(`(() => {
    const form = document.querySelector('#app form.question');
    return {
      field: form.dataset.field,
      type: form.dataset.type,
      values: [...form.querySelectorAll('[data-value], input[type="checkbox"]')].map((element) => element.dataset.value ?? element.value),
      focused: document.activeElement?.id ?? '',
    };
  })()`) as Promise<ShownQuestion>;

const UNKNOWN = Symbol("I don't know");

/** Presses Tab until the focused element is the one `selector` finds (at most 30 presses). */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 30; presses++) {
    if ((await page.evaluate(`document.activeElement === document.querySelector(${JSON.stringify(selector)})`)) === true) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const valueSelector = (value: unknown): string => `#app [data-value=${JSON.stringify(JSON.stringify(value))}]`;
const checkboxSelector = (value: unknown): string => `#app input[type="checkbox"][value=${JSON.stringify(JSON.stringify(value))}]`;

const textOf = (page: Page, selector: string): Promise<string> =>
  page.evaluate(`document.querySelector(${JSON.stringify(selector)}).textContent`) as Promise<string>;

/** Answers one question as a person would: a click (or a tap), or the keyboard. Returns what the person chose, as the page wrote it. */
async function answer(page: Page, question: ShownQuestion, value: unknown, keyboard: boolean): Promise<string> {
  const choose = async (selector: string, key: 'Enter' | 'Space'): Promise<void> => {
    if (keyboard) {
      await tabTo(page, selector);
      await page.keyboard.press(key);
    } else await page.click(selector);
  };
  if (value === UNKNOWN) {
    const chosen = await textOf(page, '#app [data-unknown]');
    await page.click('#app [data-unknown]');
    return chosen;
  }
  if (question.type === 'number' || question.type === 'text') {
    if (keyboard) {
      await tabTo(page, '#answer-input');
      await page.keyboard.type(String(value));
      await page.keyboard.press('Enter');
    } else {
      await page.type('#answer-input', String(value));
      await page.click('#app button[type="submit"]');
    }
    return String(value);
  }
  if (Array.isArray(value)) {
    const labels: string[] = [];
    for (const option of value) {
      labels.push(
        (await page.evaluate(`document.querySelector(${JSON.stringify(checkboxSelector(option))}).labels[0].textContent`)) as string,
      );
      await choose(checkboxSelector(option), 'Space');
    }
    await choose('#app button[type="submit"]', 'Enter');
    return labels.length === 0 ? 'None of these' : labels.join(', ');
  }
  const chosen = await textOf(page, valueSelector(value));
  await choose(valueSelector(value), 'Enter');
  return chosen;
}

interface Asked {
  readonly field: string;
  readonly answer: unknown;
  /** The answer as the page wrote it on what the person chose. */
  readonly chosen: string;
}

/** Answers the page's questions from the patient's answers until it shows the result. */
async function interviewInPage(page: Page, patient: Patient): Promise<Asked[]> {
  const asked: Asked[] = [];
  for (;;) {
    const state = await waitForStep(page, asked.length);
    if (state === 'result') return asked;
    const question = await shownQuestion(page);
    // Focus moves to each new question, so a screen reader reads it and Tab goes on from it.
    if (asked.length > 0) expect(question.focused).toBe('question-text');
    if (asked.some((entry) => entry.field === question.field)) throw new Error(`${question.field} asked twice`);
    const given = valueAt(patient.answers, question.field);
    const value = given === undefined ? UNKNOWN : given;
    asked.push({
      field: question.field,
      answer: value,
      chosen: await answer(page, question, value, patient.keyboard?.includes(question.field) ?? false),
    });
  }
}

interface ShownResult {
  readonly level: string;
  readonly summary: string;
  readonly now: readonly string[];
  readonly explanation: readonly string[];
  readonly watchFor: readonly string[];
  /** The first thing in the result: a banner (contact-provider, urgent) or the headline. */
  readonly first: string;
  /** Folded sections, closed until opened. */
  readonly folded: readonly { readonly section: string; readonly open: boolean }[];
  /** The buttons at the end, and whether either is styled as the main one. */
  readonly buttons: readonly { readonly text: string; readonly primary: boolean }[];
  readonly reasons: readonly {
    readonly rule: string;
    readonly text: string;
    readonly sources: readonly string[];
    readonly cited: string;
  }[];
  readonly missing: readonly string[];
  /** The answers summary: each question asked, with the answer given. */
  readonly answers: readonly { readonly field: string; readonly text: string }[];
  readonly phase: string;
  readonly bands: readonly string[];
  readonly marker: boolean;
  readonly disclaimer: string;
  readonly focused: string;
}

const shownResult = (page: Page): Promise<ShownResult> =>
  page.evaluate(`(() => {
    const result = document.querySelector('#app .result');
    const texts = (selector) => [...result.querySelectorAll(selector)].map((element) => element.textContent.trim());
    return {
      level: result.dataset.level,
      summary: result.querySelector('.summary').textContent,
      now: texts('ul.now > li'),
      explanation: texts('ul.explanation > li'),
      watchFor: texts('ul.watch-for > li'),
      first: result.firstElementChild.className,
      folded: [...result.querySelectorAll(':scope > details')].map((details) => ({ section: details.className, open: details.open })),
      buttons: [...result.querySelectorAll('.secondary button')].map((button) => ({ text: button.textContent, primary: button.classList.contains('primary') })),
      reasons: [...result.querySelectorAll('ol.reasons > li')].map((item) => ({
        rule: item.dataset.ruleId,
        text: item.querySelector('p').textContent,
        sources: [...item.querySelectorAll('.sources cite')].map((cite) => cite.textContent),
        cited: item.querySelector('.sources')?.textContent ?? '',
      })),
      missing: [...result.querySelectorAll('ul.missing > li')].map((item) => item.dataset.field),
      answers: [...result.querySelectorAll('.answers dd')].map((item) => ({ field: item.dataset.field, text: item.textContent })),
      phase: result.querySelector('.timeline-figure').dataset.phase,
      bands: [...result.querySelectorAll('.timeline .band')].map((band) => band.dataset.phase),
      marker: result.querySelector('.timeline .marker') !== null,
      disclaimer: document.getElementById('disclaimer').textContent,
      focused: document.activeElement?.id ?? '',
    };
  })()`) as Promise<ShownResult>;

/** The axe-core accessibility checks (WCAG 2.1 A and AA, colour contrast among them) on what the page shows now. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(await axeSource);
  return (await page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((results) => results.violations.map((violation) => violation.id + ': ' + violation.nodes.map((node) => node.target.join(' ')).join(', ')))`)) as string[];
}

/** The same patient through the library in Node: the questions asked and the step the interview ends with. */
async function interviewInNode(patient: Patient) {
  const { fields } = await simulateInterview(triage, 'checkin', patient.answers);
  let partial: unknown = {};
  const unknown: string[] = [];
  for (const field of fields) {
    const value = valueAt(patient.answers, field);
    if (value === undefined) unknown.push(field);
    else partial = withValueAt(partial, field, value);
  }
  return { fields, step: await triage.interview(untyped(partial), { unknown }) };
}

/** The phases as the rules in use define them, in the order of their rules. */
const phaseIds = triage.rules.flatMap((rule) => {
  const phase = (rule.definition as { event?: { params?: { phase?: { id: string } } } }).event?.params?.phase;
  return rule.phase && phase !== undefined ? [phase.id] : [];
});

/** Runs a patient through the page, checks it against the library, and returns what was shown. */
async function checkAgainstLibrary(name: string, patient: Patient): Promise<{ shown: ShownResult; asked: Asked[]; opened: OpenedPage }> {
  const start = performance.now();
  const opened = await openPage();
  const firstQuestion = await accessibilityViolations(opened.page);
  const asked = await interviewInPage(opened.page, patient);
  const shown = await shownResult(opened.page);
  const atResult = await accessibilityViolations(opened.page);
  const ms = performance.now() - start;
  const expected = await interviewInNode(patient);
  const result = expected.step.result;

  expect(expected.step.done).toBe(true);
  expect(asked.map((entry) => entry.field)).toEqual(expected.fields);
  expect(shown).toMatchObject({
    level: result.level,
    summary: expected.step.action?.summary.patient,
    now: expected.step.action?.steps,
    explanation: result.patient.explanation,
    watchFor: result.patient.watchFor,
    first: ['contact-provider', 'urgent'].includes(result.level) ? 'banner' : 'headline',
    folded: [
      { section: 'timeline-section', open: false },
      { section: 'reasons-section', open: false },
      { section: 'answers', open: false },
    ],
    reasons: result.reasons.map((reason) => ({
      rule: reason.ruleId,
      text: reason.message.patient,
      // Each document once, by its title, with the sections cited from it.
      sources: [...new Set(reason.sources.map((source) => source.title))],
    })),
    missing: result.missing.map((question) => question.field),
    answers: asked.map((entry) => ({ field: entry.field, text: entry.chosen })),
    phase: result.phase?.id ?? '',
    bands: phaseIds,
    marker: result.phase !== null,
    focused: 'result-title',
  });
  expect(shown.reasons.map((reason) => reason.cited)).toEqual(
    result.reasons.map((reason): unknown =>
      expect.toSatisfy((cited: string) => reason.sources.every((source) => cited.includes(source.section))),
    ),
  );
  expect(shown.now).toEqual(result.patient.actions);
  expect(shown.summary).toBe(result.patient.headline);
  expect(shown.buttons.map((button) => button.text)).toContain('Start again');
  expect(shown.buttons.filter((button) => button.primary)).toEqual([]);
  expect(shown.disclaimer).toMatch(/Decision support, not a diagnosis/);
  expect({ firstQuestion, atResult }).toEqual({ firstQuestion: [], atResult: [] });
  expect(opened.offsite).toEqual([]);
  expect(opened.errors).toEqual([]);
  expect(opened.requests.length).toBeGreaterThan(0);
  expect(opened.requests.every((url) => url.startsWith(server.url))).toBe(true);
  const unknown = asked.filter((entry) => entry.answer === UNKNOWN).length;
  console.info(
    `web page: ${name}: ${String(asked.length)} questions (${String(unknown)} "I don't know"), ${result.level}, phase ${result.phase?.id ?? 'unknown'}, ${String(Math.round(ms))} ms`,
  );
  await opened.page.close();
  return { shown, asked, opened };
}

describe('the check-in page in a real Chromium (examples/web)', () => {
  it(
    'an urgent answer stops at once, with what to do now',
    async () => {
      const { shown, asked } = await checkAgainstLibrary('urgent at once', { answers: { signs: { fever: true } } });
      expect(asked).toEqual([{ field: 'signs.fever', answer: true, chosen: 'Yes' }]);
      expect(shown.level).toBe('urgent');
      expect(shown.first).toBe('banner');
      expect(shown.now[0]).toMatch(/urgent care or an emergency department now/);
      expect(shown.missing).toEqual([]);
    },
    LIMIT,
  );

  it(
    'a contact-provider check-in: a banner with the action first, the details folded',
    async () => {
      const patient = { answers: allClear({ hoursSinceTreatment: 80, signs: { redness: 'mild', discharge: 'purulent' } }) };
      const { shown } = await checkAgainstLibrary('contact-provider', patient);
      expect(shown.level).toBe('contact-provider');
      expect(shown.first).toBe('banner');
      expect(shown.now[0]).toMatch(/today/);
      expect(shown.explanation.join(' ')).not.toMatch(/normal/i);
    },
    LIMIT,
  );

  it(
    'an expected check-in over many answers, some by keyboard, placed on the timeline',
    async () => {
      const patient = {
        answers: allClear({
          hoursSinceTreatment: 30,
          signs: { redness: 'mild' },
          treatment: { adjuncts: [] },
          patient: { fitzpatrick: 2 },
        }),
        keyboard: ['hoursSinceTreatment', 'signs.pain', 'signs.discharge'],
      };
      const { shown, asked } = await checkAgainstLibrary('expected, several answers', patient);
      expect(asked.length).toBeGreaterThan(10);
      expect(asked.filter((entry) => entry.answer === UNKNOWN)).toEqual([]);
      expect(shown).toMatchObject({ level: 'expected', phase: 'early', marker: true, missing: [] });
    },
    LIMIT,
  );

  it(
    `"I don't know" moves on, is not asked again, and stays open in the result`,
    async () => {
      const answers = allClear({ hoursSinceTreatment: 80, signs: { redness: 'mild' }, exposures: { activesResumed: ['retinoid'] } });
      delete (answers['signs'] as Record<string, unknown>)['fever'];
      const patient = { answers, keyboard: ['exposures.activesResumed'] };
      const { shown, asked } = await checkAgainstLibrary(`"I don't know", a multiple choice`, patient);
      const unknown = asked.filter((entry) => entry.answer === UNKNOWN).map((entry) => entry.field);
      expect(unknown).toContain('signs.fever');
      expect(shown.missing).toContain('signs.fever');
      expect(shown.level).not.toBe('expected');
      expect(shown.phase).toBe('days-3-7');
    },
    LIMIT,
  );
});
