import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync } from 'node:zlib';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebExample } from '../examples/web/build.js';
import { serveStatic, type StaticServer } from '../examples/web/serve.js';
import { createTriage } from '../src/index.js';
import { valueAt, withValueAt } from '../src/input/dotted-path.js';
import { allClear } from './support/all-clear.js';
import { launchChromium, type LaunchedChromium } from './support/chromium.js';
import { simulateScreens } from './support/simulated-screens.js';
import { untyped } from './support/untyped.js';

// The page of examples/web, built on the package's browser build (dist/) and served on
// 127.0.0.1, answered like a patient in a real headless Chromium, one screen at a time (a
// question, a checklist, a group, the time entry), at a phone's and a desktop's size; what it
// shows must be what the library gives for the same answers, with no request leaving 127.0.0.1.
// Each result is saved as a screenshot in docs/images/ (embedded in docs/interview.md).

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

/** How the patient gives the time: how long ago (with a unit), or the date and time of the treatment so many hours ago. */
type TimeEntry = { readonly ago: string; readonly refusedFirst?: string } | { readonly hoursAgo: number };

/** A patient: what they would answer (a field they do not hold is answered "I don't know"), how they give the time, and whether they use the keyboard alone. */
interface Patient {
  readonly answers: Record<string, unknown>;
  readonly time: TimeEntry;
  readonly keyboard?: boolean;
}

/** Presses Tab until the focused element is the one `selector` finds (at most 80 presses). */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    if ((await page.evaluate(`document.activeElement === document.querySelector(${JSON.stringify(selector)})`)) === true) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Chooses one answer of a checklist or group item by keyboard: Tab to its first radio, then the arrow keys (or Space on the first). */
async function tickByKeyboard(page: Page, index: number, value: string): Promise<string> {
  const radios = (await page.evaluate(
    `[...document.querySelectorAll('#app input[name="item-${String(index)}"]')].map((input) => input.value)`,
  )) as string[];
  const position = radios.indexOf(value);
  if (position < 0) throw new Error(`item ${String(index)} has no answer ${value}`);
  await tabTo(page, `#app input[name="item-${String(index)}"]`);
  if (position === 0) await page.keyboard.press('Space');
  for (let step = 0; step < position; step++) await page.keyboard.press('ArrowDown');
  const selector = `#app input[name="item-${String(index)}"][value=${JSON.stringify(value)}]`;
  expect(await page.evaluate(`document.querySelector(${JSON.stringify(selector)}).checked`)).toBe(true);
  return (await page.evaluate(`document.querySelector(${JSON.stringify(selector)}).labels[0].textContent`)) as string;
}

const VIEWPORTS = {
  phone: { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
  desktop: { width: 1280, height: 900, deviceScaleFactor: 1 },
} as const;
type ViewportName = keyof typeof VIEWPORTS;

const IMAGES = new URL('../docs/images/', import.meta.url);

interface OpenedPage {
  readonly page: Page;
  /** Requests to anywhere but the page's server (aborted). */
  readonly offsite: string[];
  readonly requests: string[];
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
}

async function openPage(viewport: ViewportName): Promise<OpenedPage> {
  const page = await chromium.browser.newPage();
  page.setDefaultTimeout(WAIT);
  await page.setViewport(VIEWPORTS[viewport]);
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
    if (!response.url().startsWith(origin)) return; // the browser's own icons (a data: URL for the date picker)
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

/** Waits until the page shows a screen or the result after `screens` screens answered. */
async function waitForStep(page: Page, screens: number): Promise<'question' | 'result'> {
  const handle = await page.waitForFunction(
    `(() => { const app = document.getElementById('app'); return app.dataset.step === '${String(screens)}' && (app.dataset.state === 'question' || app.dataset.state === 'result') && app.dataset.state; })()`,
    { timeout: WAIT },
  );
  return (await handle.jsonValue()) as 'question' | 'result';
}

interface ShownScreen {
  readonly kind: 'question' | 'checklist' | 'group';
  /** A question's answer type (`time` for the time entry). */
  readonly type: string;
  readonly fields: readonly string[];
  readonly progress: string;
  readonly legend: string;
  readonly focused: string;
}

const shownScreen = (page: Page): Promise<ShownScreen> =>
  page.evaluate(`(() => {
    const form = document.querySelector('#app form.question');
    const items = [...form.querySelectorAll('fieldset.item')];
    return {
      kind: form.dataset.kind ?? 'question',
      type: form.dataset.type ?? '',
      fields: items.length > 0 ? items.map((item) => item.dataset.field) : [form.dataset.field],
      progress: form.querySelector('.progress').textContent,
      legend: form.querySelector('.screen-items > legend')?.textContent ?? '',
      focused: document.activeElement?.id ?? '',
    };
  })()`) as Promise<ShownScreen>;

const textOf = (page: Page, selector: string): Promise<string> =>
  page.evaluate(`document.querySelector(${JSON.stringify(selector)}).textContent`) as Promise<string>;

const DONT_KNOW = 'I don’t know';

/** Ticks one answer of a checklist or group item (a radio, or a checkbox of a multiple choice); returns its label. */
async function tick(page: Page, index: number, value: string): Promise<string> {
  const selector = `#app input[name="item-${String(index)}"][value=${JSON.stringify(value)}]`;
  await page.click(selector);
  return (await page.evaluate(`document.querySelector(${JSON.stringify(selector)}).labels[0].textContent`)) as string;
}

/** Fills the time entry: a refused unit first when asked to (its message must show), then the time. */
async function enterTime(page: Page, time: TimeEntry, keyboard: boolean): Promise<void> {
  if (keyboard && 'ago' in time && time.refusedFirst === undefined) {
    // Tab to the entry, type, and Enter sends the screen.
    await tabTo(page, '#time-ago');
    await page.keyboard.type(time.ago);
    await page.keyboard.press('Enter');
    return;
  }
  if ('ago' in time) {
    if (time.refusedFirst !== undefined) {
      const before = (await page.evaluate(`document.getElementById('app').dataset.step`)) as string;
      await page.type('#time-ago', time.refusedFirst);
      await page.click('#app button[type="submit"]');
      await page.waitForFunction(`document.querySelector('#question-error').textContent.length > 0`);
      const refused = (await page.evaluate(`(() => {
        const error = document.querySelector('#question-error');
        return { text: error.textContent, visible: error.getBoundingClientRect().height > 0, invalid: document.querySelector('#time-ago').getAttribute('aria-invalid') };
      })()`)) as { text: string; visible: boolean; invalid: string };
      expect(refused).toMatchObject({ visible: true, invalid: 'true' });
      expect(refused.text).toMatch(/hours or days/);
      // Refused: still on the same screen.
      expect(await page.evaluate(`document.getElementById('app').dataset.step`)).toBe(before);
      await page.click('#time-ago', { clickCount: 3 });
      await page.keyboard.press('Backspace');
    }
    await page.type('#time-ago', time.ago);
  } else {
    // A datetime-local value, in the browser's own time zone, so many hours before now.
    const local = (await page.evaluate(`(() => {
      const date = new Date(Date.now() - ${String(time.hoursAgo)} * 3600000);
      const pad = (n) => String(n).padStart(2, '0');
      return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T' + pad(date.getHours()) + ':' + pad(date.getMinutes());
    })()`)) as string;
    await page.$eval(
      '#time-at',
      (input, value) => {
        (input as unknown as { value: string }).value = value;
      },
      local,
    );
  }
  await page.click('#app button[type="submit"]');
}

interface Asked {
  readonly field: string;
  readonly answer: unknown;
  /** The answer as the page wrote it on what the person chose. */
  readonly chosen: string;
}

/** Answers the page's screens from the patient's answers until it shows the result; returns each field asked and the kinds of screen shown. */
async function interviewInPage(
  page: Page,
  patient: Patient,
): Promise<{ asked: Asked[]; kinds: string[]; progress: string[]; violations: string[] }> {
  const asked: Asked[] = [];
  const kinds: string[] = [];
  const progress: string[] = [];
  const violations: string[] = [];
  for (;;) {
    const state = await waitForStep(page, kinds.length);
    if (state === 'result') return { asked, kinds, progress, violations };
    const screen = await shownScreen(page);
    // Focus moves to each new screen, so a screen reader reads it and Tab goes on from it.
    if (kinds.length > 0) expect(screen.focused).toBe('question-text');
    progress.push(screen.progress);
    for (const field of screen.fields) if (asked.some((entry) => entry.field === field)) throw new Error(`${field} asked twice`);
    // Every kind of screen is checked by axe-core the first time it shows.
    const kind = screen.type === 'time' ? 'time' : screen.kind;
    if (!kinds.includes(kind)) violations.push(...(await accessibilityViolations(page)).map((violation) => `${kind}: ${violation}`));
    kinds.push(kind);
    if (screen.type === 'time') {
      const [field = ''] = screen.fields;
      await enterTime(page, patient.time, patient.keyboard === true);
      asked.push({ field, answer: valueAt(patient.answers, field), chosen: 'ago' in patient.time ? patient.time.ago : '' });
      continue;
    }
    if (screen.kind === 'question') {
      const [field = ''] = screen.fields;
      const value = valueAt(patient.answers, field);
      if (value === undefined) {
        asked.push({ field, answer: undefined, chosen: await textOf(page, '#app [data-unknown]') });
        await page.click('#app [data-unknown]');
      } else if (Array.isArray(value)) {
        const labels: string[] = [];
        for (const option of value) {
          const selector = `#app input[type="checkbox"][value=${JSON.stringify(JSON.stringify(option))}]`;
          labels.push((await page.evaluate(`document.querySelector(${JSON.stringify(selector)}).labels[0].textContent`)) as string);
          await page.click(selector);
        }
        await page.click('#app button[type="submit"]');
        asked.push({ field, answer: value, chosen: labels.length === 0 ? 'None of these' : labels.join(', ') });
      } else if (typeof value === 'number') {
        await page.type('#answer-input', String(value));
        await page.click('#app button[type="submit"]');
        asked.push({ field, answer: value, chosen: String(value) });
      } else {
        const selector = `#app [data-value=${JSON.stringify(JSON.stringify(value))}]`;
        asked.push({ field, answer: value, chosen: await textOf(page, selector) });
        await page.click(selector);
      }
      continue;
    }
    // A checklist or group: every item answered on its own, then one Next.
    for (const [index, field] of screen.fields.entries()) {
      const value = valueAt(patient.answers, field);
      let chosen: string;
      if (patient.keyboard === true && !Array.isArray(value))
        chosen = await tickByKeyboard(page, index, value === undefined ? 'dont-know' : JSON.stringify(value));
      else if (value === undefined) chosen = await tick(page, index, 'dont-know');
      else if (Array.isArray(value))
        chosen = (
          await Promise.all((value.length === 0 ? [[]] : value).map(async (option) => tick(page, index, JSON.stringify(option))))
        ).join(', ');
      else chosen = await tick(page, index, JSON.stringify(value));
      asked.push({ field, answer: value, chosen });
    }
    if (patient.keyboard === true) {
      await tabTo(page, '#app button[type="submit"]');
      await page.keyboard.press('Enter');
    } else await page.click('#app button[type="submit"]');
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
  readonly reasons: readonly { readonly rule: string; readonly sources: readonly string[] }[];
  readonly missing: readonly string[];
  /** The answers summary: each question asked, with the answer given. */
  readonly answers: readonly { readonly field: string; readonly text: string }[];
  readonly phase: string;
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
      reasons: [...result.querySelectorAll('ol.reasons > li')].map((item) => ({
        rule: item.dataset.ruleId,
        sources: [...item.querySelectorAll('.sources cite')].map((cite) => cite.textContent),
      })),
      missing: [...result.querySelectorAll('ul.missing > li')].map((item) => item.dataset.field),
      answers: [...result.querySelectorAll('.answers dd')].map((item) => ({ field: item.dataset.field, text: item.textContent })),
      phase: result.querySelector('.timeline-figure').dataset.phase,
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

/** The same patient through the library in Node, screen by screen: the fields asked and the step the interview ends with. */
async function interviewInNode(patient: Patient) {
  const { fields } = await simulateScreens(triage, 'checkin', patient.answers);
  let partial: unknown = {};
  const unknown: string[] = [];
  for (const field of fields) {
    const value = valueAt(patient.answers, field);
    if (value === undefined) unknown.push(field);
    else partial = withValueAt(partial, field, value);
  }
  return { fields, step: await triage.interview(untyped(partial), { unknown }) };
}

/** Runs a patient through the page at a viewport, checks it against the library, saves the result's screenshot, and returns what was shown. */
async function checkAgainstLibrary(
  name: string,
  viewport: ViewportName,
  patient: Patient,
): Promise<{ shown: ShownResult; asked: Asked[]; kinds: string[]; progress: string[] }> {
  const start = performance.now();
  const opened = await openPage(viewport);
  const { asked, kinds, progress, violations } = await interviewInPage(opened.page, patient);
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
    first: ['contact-provider', 'urgent'].includes(result.level) ? 'banner' : 'headline',
    missing: result.missing.map((question) => question.field),
    phase: result.phase?.id ?? '',
    focused: 'result-title',
  });
  if ('ago' in patient.time) {
    // Given as how long ago, the time is the same number of hours as in Node: the whole result agrees.
    expect(shown).toMatchObject({
      explanation: result.patient.explanation,
      watchFor: result.patient.watchFor,
      reasons: result.reasons.map((reason) => ({
        rule: reason.ruleId,
        sources: [...new Set(reason.sources.map((source) => source.title))],
      })),
    });
  }
  // The answers summary: every field asked, "I don't know" where the patient had no answer.
  const summary = shown.answers.filter((entry) => entry.field !== 'treatedAt' && entry.field !== 'hoursSinceTreatment');
  expect(summary).toEqual(
    asked
      .filter((entry) => entry.field !== 'hoursSinceTreatment')
      .map((entry) => ({ field: entry.field, text: entry.answer === undefined ? DONT_KNOW : entry.chosen })),
  );
  // Progress counts screens: it only grows, one at a time.
  expect(progress).toEqual(progress.map((_, index) => `Screen ${String(index + 1)}`));
  expect(shown.disclaimer).toMatch(/Decision support, not a diagnosis/);
  expect({ violations, atResult }).toEqual({ violations: [], atResult: [] });
  expect(opened.offsite).toEqual([]);
  expect(opened.errors).toEqual([]);
  expect(opened.requests.every((url) => url.startsWith(server.url))).toBe(true);
  // The screenshot goes next to the built page; docs/images/ gets it when it has none yet, or with
  // UPDATE_SCREENSHOTS=1 (rendering differs by a few pixels from run to run: a test run leaves the
  // committed pictures alone).
  const picture = `web-${result.level}-${viewport}.png`;
  const image = join(outdir, picture);
  await opened.page.screenshot({ path: image as `${string}.png` });
  expect((await stat(image)).size).toBeLessThan(400_000);
  const committed = fileURLToPath(new URL(picture, IMAGES));
  if (process.env['UPDATE_SCREENSHOTS'] === '1' || !existsSync(committed)) {
    await mkdir(IMAGES, { recursive: true });
    await copyFile(image, committed);
  }
  const unknown = asked.filter((entry) => entry.answer === undefined).length;
  console.info(
    `web page: ${name} (${viewport}): ${String(kinds.length)} screens [${kinds.join(', ')}], ${String(asked.length)} questions (${String(unknown)} "I don't know"), ${result.level}, phase ${result.phase?.id ?? 'unknown'}, ${String(Math.round(ms))} ms`,
  );
  await opened.page.close();
  return { shown, asked, kinds, progress };
}

const withoutFever = (answers: Record<string, unknown>): Record<string, unknown> => {
  delete (answers['signs'] as Record<string, unknown>)['fever'];
  return answers;
};

const PATIENTS: readonly (readonly [string, Patient])[] = [
  [
    'expected: every screen type, "2 days" read as 48 hours after a unit it cannot read',
    {
      answers: allClear({
        hoursSinceTreatment: 48,
        signs: { redness: 'mild', swelling: 'mild' },
        treatment: { adjuncts: [] },
        patient: { fitzpatrick: 2 },
      }),
      time: { ago: '2 days', refusedFirst: '2 fortnights' },
    },
  ],
  [
    'monitor: the time as a date and time, "I don\'t know" on a checklist item, a multiple choice in a group',
    {
      answers: withoutFever(allClear({ hoursSinceTreatment: 80, signs: { redness: 'mild' }, exposures: { activesResumed: ['retinoid'] } })),
      time: { hoursAgo: 80 },
    },
  ],
  [
    'contact-provider: a banner with the action first, every screen answered by keyboard alone',
    {
      answers: allClear({ complaint: ['discharge'], hoursSinceTreatment: 80, signs: { redness: 'mild', discharge: 'purulent' } }),
      time: { ago: '80 hours' },
      keyboard: true,
    },
  ],
  [
    'urgent: a fever on the warning-sign checklist',
    { answers: { hoursSinceTreatment: 24, signs: { fever: true } }, time: { ago: '1 day' } },
  ],
];

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('the check-in page in a real Chromium (examples/web), %s', (viewport) => {
  it.each(PATIENTS)(
    '%s',
    async (name, patient) => {
      const { shown, asked, kinds } = await checkAgainstLibrary(name, viewport, patient);
      const level = name.split(':')[0];
      expect(shown.level).toBe(level);
      // What brought them first (a multiple choice: "None of these", a reported sign, or "I don't know"), then the time.
      expect(kinds.slice(0, 2)).toEqual(['question', 'time']);
      expect(kinds).toContain('checklist');
      if (level === 'urgent') {
        expect(kinds).toEqual(['question', 'time', 'checklist']);
        expect(shown.first).toBe('banner');
        expect(shown.now[0]).toMatch(/urgent care or an emergency department now/);
        expect(shown.missing).toEqual([]);
      }
      if (level === 'contact-provider') {
        expect(shown.first).toBe('banner');
        expect(shown.now[0]).toMatch(/today/);
      }
      if (level === 'expected') {
        expect(kinds).toEqual(expect.arrayContaining(['time', 'checklist', 'group', 'question']));
        expect(shown).toMatchObject({ phase: 'fading', missing: [] });
        expect(shown.answers.find((entry) => entry.field === 'hoursSinceTreatment')?.text).toBe('2 days');
      }
      if (level === 'monitor') {
        expect(kinds).toContain('group');
        expect(asked.find((entry) => entry.field === 'signs.fever')?.answer).toBeUndefined();
        expect(shown.missing).toContain('signs.fever');
        expect(shown.answers.find((entry) => entry.field === 'treatedAt')).toBeDefined();
        expect(shown.phase).toBe('days-3-7');
      }
    },
    LIMIT,
  );
});
