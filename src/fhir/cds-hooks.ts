import type { Assessment } from '../assessment/assessment-types.js';
import type { ClinicianFinding, ClinicianQuestion, QuestionLists } from '../assessment/clinician-summary.js';
import type { Screening } from '../screening/screening-types.js';
import type { CitedSource } from '../rules/rule-set-schema.js';
import { deterministicUuid } from './deterministic-uuid.js';
import { OVERRIDE_REASONS } from './code-systems.js';
import { DECISION_SYSTEM, LEVEL_SYSTEM } from './fhir-codes.js';
import type { Coding } from './fhir-types.js';

/** A link on a card (CDS Hooks 2.0 Link): `absolute` as is, `smart` a SMART app launch URL. */
export interface CdsLink {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
  /** Only for `smart` links: passed to the launched app. */
  appContext?: string;
}

/** A suggestion on a card (CDS Hooks 2.0 Suggestion). */
export interface CdsSuggestion {
  label: string;
  uuid?: string;
  isRecommended?: boolean;
  actions?: { type: 'create' | 'update' | 'delete'; description: string; resource?: unknown; resourceId?: string }[];
}

/** A CDS Hooks card (CDS Hooks 2.0). */
export interface CdsCard {
  uuid: string;
  /** One line, under 140 characters. */
  summary: string;
  detail: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; url?: string; topic?: Coding };
  suggestions?: CdsSuggestion[];
  /** Present exactly when `suggestions` are. */
  selectionBehavior?: 'at-most-one' | 'any';
  /** Reasons the clinician may pick when dismissing the card, each with a `display`. */
  overrideReasons?: Coding[];
  links?: CdsLink[];
}

/** Options for {@link toCdsHooksCards}. */
export interface CardOptions {
  /** A link for the card's source (e.g. the rule catalog of this deployment). */
  readonly sourceUrl?: string;
  /** Links to put on the card (to the QuestionnaireResponse, a SMART app). */
  readonly links?: readonly CdsLink[];
  /** Suggestions to put on the card (e.g. creating a Task); `selectionBehavior` is `at-most-one`. */
  readonly suggestions?: readonly CdsSuggestion[];
  /**
   * Override reasons; by default {@link OVERRIDE_REASONS} on `critical` cards and none on the
   * others. Pass `[]` for none.
   */
  readonly overrideReasons?: readonly Coding[];
  /**
   * Sentences to add to the detail under "About this result" (for example the `note` of each
   * `derived` value of {@link fromQuestionnaireResponse}: where the assessment time came from).
   */
  readonly notes?: readonly string[];
  /**
   * Mixed into the card's uuid, e.g. the CDS Hooks `hookInstance` or the response id, so that
   * identical cards for different requests get different uuids. Without it the uuid depends on
   * the content only.
   */
  readonly instance?: string;
}

const MAX_SUMMARY = 139;
const DISCLAIMER = '_Decision support, not a diagnosis._';

const LEVEL_TEXT: Readonly<Record<Assessment['level'], { title: string; indicator: CdsCard['indicator'] }>> = {
  expected: { title: 'Expected healing', indicator: 'info' },
  monitor: { title: 'Monitor', indicator: 'info' },
  'contact-provider': { title: 'Contact the provider today', indicator: 'warning' },
  urgent: { title: 'Urgent care now', indicator: 'critical' },
};

const DECISION_TEXT: Readonly<Record<Screening['decision'], { title: string; indicator: CdsCard['indicator'] }>> = {
  proceed: { title: 'Proceed', indicator: 'info' },
  'proceed-with-caution': { title: 'Proceed with caution', indicator: 'warning' },
  postpone: { title: 'Postpone treatment', indicator: 'warning' },
  contraindicated: { title: 'Contraindicated', indicator: 'critical' },
};

/**
 * CDS Hooks cards for an assessment or a screening: one card with the level or decision as
 * the indicator (`info`, `warning`, `critical`), the main reason in the summary, and the
 * reasons, sources, open questions and advice in the Markdown detail.
 */
export function toCdsHooksCards(result: Assessment | Screening, options: CardOptions = {}): CdsCard[] {
  const isAssessment = 'level' in result;
  const grade = isAssessment ? result.level : result.decision;
  const { title, indicator } = isAssessment ? LEVEL_TEXT[result.level] : DECISION_TEXT[result.decision];
  const top = result.reasons[0];
  const summary = truncate(
    top === undefined || (isAssessment && result.level === 'expected') ? title : `${title}: ${top.message.clinician}`,
  );
  const detail = withNotes(isAssessment ? assessmentDetail(result) : screeningDetail(result), options.notes ?? []);
  const label = `microneedling-triage (rules ${result.ruleSet.id} ${result.ruleSet.version})`;
  const overrideReasons = options.overrideReasons ?? (indicator === 'critical' ? OVERRIDE_REASONS : []);
  const suggestions = options.suggestions ?? [];
  const links = options.links ?? [];
  return [
    {
      uuid: deterministicUuid(`${options.instance ?? ''}|${result.ruleSet.hash}|${grade}|${summary}|${detail}`),
      summary,
      detail,
      indicator,
      source: {
        label,
        ...(options.sourceUrl === undefined ? {} : { url: options.sourceUrl }),
        topic: { system: isAssessment ? LEVEL_SYSTEM : DECISION_SYSTEM, code: grade, display: title },
      },
      ...(suggestions.length === 0
        ? {}
        : { suggestions: suggestions.map((entry) => ({ ...entry })), selectionBehavior: 'at-most-one' as const }),
      ...(overrideReasons.length === 0 ? {} : { overrideReasons: overrideReasons.map((reason) => ({ ...reason })) }),
      ...(links.length === 0 ? {} : { links: links.map((link) => ({ ...link })) }),
    },
  ];
}

function assessmentDetail(assessment: Assessment): string {
  const summary = assessment.clinician;
  const lines = [`**${LEVEL_TEXT[assessment.level].title}**: ${escape(summary.headline)}`];
  if (assessment.phase !== null)
    lines.push('', `Phase: ${assessment.phase.label} (${String(Math.round(assessment.phase.hoursSinceTreatment))} h since treatment).`);
  if (assessment.causes.length > 0) lines.push('', `Suspected causes: ${assessment.causes.map((cause) => cause.id).join(', ')}.`);
  lines.push(...summaryLines(summary.reported, summary.warningSigns));
  lines.push('', '**Reasons**', '');
  for (const reason of assessment.reasons)
    lines.push(`- \`${reason.level}\` ${escape(reason.message.clinician)} (${reason.ruleId}; ${sources(reason.sources)})`);
  lines.push(
    ...openLines(
      summary.unknown,
      summary.open.map(({ question, redFlag }) => `${escape(question)}${redFlag ? ' (red flag)' : ''}`),
    ),
  );
  lines.push('', '**Advice**', '', ...assessment.advice.now.map((step) => `- ${escape(step)}`));
  lines.push('', DISCLAIMER);
  return lines.join('\n');
}

function screeningDetail(screening: Screening): string {
  const summary = screening.clinician;
  const lines = [`**${DECISION_TEXT[screening.decision].title}**: ${escape(summary.headline)}`];
  if (screening.postponeUntil !== null) lines.push('', `Postpone until ${screening.postponeUntil}.`);
  lines.push(...summaryLines(summary.reported, summary.blockingQuestions));
  lines.push('', '**Reasons**', '');
  for (const reason of screening.reasons)
    lines.push(`- \`${reason.decision}\` ${escape(reason.message.clinician)} (${reason.ruleId}; ${sources(reason.sources)})`);
  if (screening.precautions.length > 0)
    lines.push('', '**Precautions if treating**', '', ...screening.precautions.map((precaution) => `- ${escape(precaution.text)}`));
  lines.push(
    ...openLines(
      summary.unknown,
      summary.open.map(({ question, blocking }) => `${escape(question)}${blocking ? ' (blocking)' : ''}`),
    ),
  );
  lines.push('', DISCLAIMER);
  return lines.join('\n');
}

/** What was reported, and the listed questions (warning signs, blocking questions) by their answers. */
function summaryLines(reported: readonly ClinicianFinding[], signs: QuestionLists): string[] {
  const lines: string[] = [];
  if (reported.length > 0) lines.push('', '**Reported**', '', ...reported.map((finding) => `- ${escape(finding.text)}`));
  lines.push('', `**${escape(signs.title)}**`, '');
  lines.push(`- Present: ${signs.present.length === 0 ? '-' : signs.present.map((sign) => escape(sign.text)).join('; ')}`);
  lines.push(`- Absent: ${named(signs.absent)}`);
  if (signs.unknown.length > 0) lines.push(`- Unknown: ${named(signs.unknown)}`);
  lines.push(`- Not answered: ${named(signs.open)}`);
  return lines;
}

/** The questions answered "I don't know", and those still to ask (each already escaped and marked). */
function openLines(unknown: readonly ClinicianQuestion[], open: readonly string[]): string[] {
  const lines: string[] = [];
  if (unknown.length > 0) lines.push('', `**Answered "I don't know"**: ${named(unknown)}`);
  if (open.length > 0) lines.push('', '**Still to ask**', '', ...open.map((question) => `- ${question}`));
  return lines;
}

function named(list: readonly { readonly name: string }[]): string {
  return list.length === 0 ? '-' : list.map(({ name }) => escape(name)).join('; ');
}

/** The notes go before the closing disclaimer. */
function withNotes(detail: string, notes: readonly string[]): string {
  if (notes.length === 0) return detail;
  const body = detail.endsWith(DISCLAIMER) ? detail.slice(0, -DISCLAIMER.length).trimEnd() : detail;
  return [body, '', '**About this result**', '', ...notes.map((note) => `- ${escape(note)}`), '', DISCLAIMER].join('\n');
}

/** Sources by their documents' titles, with the section. */
function sources(refs: readonly CitedSource[]): string {
  return refs.map((ref) => `${escape(ref.title)} § ${escape(ref.section)}`).join('; ');
}

function escape(text: string): string {
  return text.replace(/([*_`[\]<>])/g, '\\$1');
}

function truncate(text: string): string {
  return text.length <= MAX_SUMMARY ? text : `${text.slice(0, MAX_SUMMARY - 1).trimEnd()}…`;
}
