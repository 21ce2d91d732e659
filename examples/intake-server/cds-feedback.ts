// The CDS Hooks 2.0 feedback endpoint: { feedback: [{ card, outcome, outcomeTimestamp, ... }] }.
import type { Coding } from 'microneedling-triage/fhir';
import type { CdsContext, Service } from './cds-services.js';
import { HttpError } from './http.js';
import { isRecord } from './fhir-json.js';

/** One CDS Hooks feedback entry, as recorded. */
export interface FeedbackRecord {
  readonly service: string;
  readonly card: string;
  readonly outcome: 'accepted' | 'overridden';
  readonly outcomeTimestamp: string;
  readonly acceptedSuggestions: readonly string[];
  readonly overrideReason?: { readonly reason?: Coding; readonly userComment?: string };
  /** Whether this service issued the card (since it started). */
  readonly known: boolean;
}

/** Records CDS Hooks 2.0 feedback: `{ feedback: [{ card, outcome, outcomeTimestamp, ... }] }`. */
export function recordFeedback(context: CdsContext, service: Service, body: unknown): unknown {
  if (!isRecord(body) || !Array.isArray(body['feedback']) || body['feedback'].length === 0)
    throw new HttpError(400, 'Expected a feedback request: { "feedback": [ { "card", "outcome", "outcomeTimestamp" } ] }');
  const records = (body['feedback'] as unknown[]).map((entry, index): FeedbackRecord => {
    const where = `feedback[${String(index)}]`;
    if (!isRecord(entry)) throw new HttpError(400, `${where} must be an object`);
    const { card, outcome, outcomeTimestamp, acceptedSuggestions, overrideReason } = entry;
    if (typeof card !== 'string' || card === '') throw new HttpError(400, `${where}.card is required (the card's uuid)`);
    if (outcome !== 'accepted' && outcome !== 'overridden') throw new HttpError(400, `${where}.outcome must be 'accepted' or 'overridden'`);
    if (
      typeof outcomeTimestamp !== 'string' ||
      Number.isNaN(Date.parse(outcomeTimestamp)) ||
      !/T.*(Z|[+-]\d\d:\d\d)$/.test(outcomeTimestamp)
    )
      throw new HttpError(400, `${where}.outcomeTimestamp is required (an ISO 8601 date-time)`);
    const issued = context.issued.get(card);
    const accepted = acceptedSuggestions === undefined ? [] : acceptedSuggestions;
    if (!Array.isArray(accepted) || !accepted.every((suggestion) => isRecord(suggestion) && typeof suggestion['id'] === 'string'))
      throw new HttpError(400, `${where}.acceptedSuggestions must be a list of { "id": <suggestion uuid> }`);
    const ids = accepted.map((suggestion) => String((suggestion as Record<string, unknown>)['id']));
    if (outcome === 'overridden' && ids.length > 0) throw new HttpError(400, `${where}: an overridden card has no accepted suggestions`);
    if (outcome === 'accepted' && overrideReason !== undefined)
      throw new HttpError(400, `${where}: an accepted card has no override reason`);
    if (outcome === 'accepted' && issued !== undefined && issued.suggestions.length > 0 && ids.length === 0)
      throw new HttpError(400, `${where}.acceptedSuggestions is required: the card has suggestions`);
    const unknownIds = issued === undefined ? [] : ids.filter((id) => !issued.suggestions.includes(id));
    if (unknownIds.length > 0) throw new HttpError(400, `${where}: the card has no suggestion ${unknownIds.join(', ')}`);
    if (issued !== undefined && issued.service !== service.id)
      throw new HttpError(400, `${where}: card ${card} was issued by ${issued.service}`);
    const reason = overrideReason === undefined ? undefined : checkOverrideReason(overrideReason, where);
    return {
      service: service.id,
      card,
      outcome,
      outcomeTimestamp,
      acceptedSuggestions: ids,
      ...(reason === undefined ? {} : { overrideReason: reason }),
      known: issued !== undefined,
    };
  });
  for (const record of records) {
    context.feedback.push(record);
    context.options.onFeedback?.(record);
  }
  return { recorded: records.length };
}

function checkOverrideReason(value: unknown, where: string): NonNullable<FeedbackRecord['overrideReason']> {
  if (!isRecord(value)) throw new HttpError(400, `${where}.overrideReason must be an object`);
  const { reason, userComment } = value;
  if (reason !== undefined && !(isRecord(reason) && typeof reason['code'] === 'string'))
    throw new HttpError(400, `${where}.overrideReason.reason must be a Coding with a code`);
  if (userComment !== undefined && typeof userComment !== 'string')
    throw new HttpError(400, `${where}.overrideReason.userComment must be a string`);
  return {
    ...(reason === undefined ? {} : { reason: reason as Coding }),
    ...(userComment === undefined ? {} : { userComment }),
  };
}
