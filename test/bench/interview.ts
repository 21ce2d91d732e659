// npm run bench:interview: how many questions the interview asks on the golden check-ins and
// candidates, answered truthfully from their full answers (see docs/interview.md).
import { createTriage, type Triage } from '../../src/index.js';
import { buildQuestionnaire } from '../../src/fhir/index.js';
import type { QuestionnaireItem } from '../../src/fhir/fhir-types.js';
import { loadGoldenCorpus } from '../support/golden-corpus.js';
import { simulateInterview } from '../support/simulated-patient.js';
import { simulateScreens } from '../support/simulated-screens.js';
import { contradictsGate, redundantAsks } from '../support/redundant-asks.js';
import { assessJson, screenJson } from '../support/untyped.js';

const formItems = (kind: 'checkin' | 'screening'): number => {
  const count = (items: readonly QuestionnaireItem[]): number =>
    items.reduce((total, item) => total + (item.type === 'group' || item.type === 'display' ? 0 : 1) + count(item.item ?? []), 0);
  return count(buildQuestionnaire(kind).item ?? []);
};

const rows: { kind: string; grade: string; asked: number; screens: number; redundant: number }[] = [];
let screenMismatches = 0;
let mismatches = 0;
let contradictory = 0;
for (const { cases } of loadGoldenCorpus()) {
  for (const entry of cases) {
    if (entry.expect.invalid !== undefined) continue;
    const triage: Triage = createTriage({ now: () => new Date(entry.now ?? '2026-03-10T12:00:00Z') });
    const kind = entry.kind === 'screening' ? 'screening' : 'checkin';
    let full: string;
    try {
      full = kind === 'checkin' ? (await assessJson(triage, entry.input)).level : (await screenJson(triage, entry.input)).decision;
    } catch {
      continue;
    }
    // Answers that contradict a gate: assess reads them toward concern; no person gives them (see docs/interview.md).
    if (contradictsGate(entry.input, kind)) {
      contradictory += 1;
      continue;
    }
    const interview = await simulateInterview(triage, kind, entry.input);
    if (interview.grade !== full) mismatches += 1;
    const screened = await simulateScreens(triage, kind, entry.input);
    if (screened.grade !== full) screenMismatches += 1;
    const redundant = screened.fields.length - new Set(screened.fields).size + redundantAsks(screened, kind).length;
    rows.push({ kind, grade: full, asked: interview.asked, screens: screened.screens, redundant });
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const line = (label: string, selected: readonly { asked: number; screens: number }[], form: number): string => {
  const asked = selected.map((row) => row.asked);
  const screens = selected.map((row) => row.screens);
  return `| ${label} | ${String(selected.length)} | ${String(median(asked))} | ${String(Math.max(...asked))} | ${String(median(screens))} | ${String(Math.max(...screens))} | ${String(form)} |`;
};
console.log('| golden cases | cases | median questions | max questions | median screens | max screens | form questions |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const kind of ['checkin', 'screening'] as const) {
  const form = formItems(kind);
  const ofKind = rows.filter((row) => row.kind === kind);
  console.log(line(kind === 'checkin' ? 'check-ins, all' : 'screenings, all', ofKind, form));
  for (const grade of [...new Set(ofKind.map((row) => row.grade))])
    console.log(
      line(
        `  ending ${grade}`,
        ofKind.filter((row) => row.grade === grade),
        form,
      ),
    );
}
console.log(
  `\nInterviews that ended at another level or decision than the full answers: ${String(mismatches)} (question by question), ${String(screenMismatches)} (screen by screen)`,
);
console.log(
  `Fields shown twice or redundant asks (test/support/redundant-asks.ts), screen by screen: ${String(rows.reduce((total, row) => total + row.redundant, 0))}`,
);
console.log(`Cases left out because their answers contradict a gate: ${String(contradictory)}`);
