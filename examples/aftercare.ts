// What to do at a given time after treatment, and when each product or activity may resume.
import { createTriage } from 'microneedling-triage';
import { runIfMain } from './run-if-main.js';

export function main(): Promise<unknown> {
  const guide = createTriage().aftercare({ treatedAt: '2026-03-08T12:00:00Z', assessedAt: '2026-03-10T12:00:00Z' });
  return Promise.resolve({
    timeframe: guide.timeframe.label,
    do: guide.timeframe.do,
    allowedNow: guide.resume.filter((status) => status.allowedNow).map((status) => status.item),
    notYet: guide.resume.filter((status) => !status.allowedNow).map((status) => `${status.item} from ${status.earliestAt}`),
  });
}

await runIfMain(import.meta.url, main);
