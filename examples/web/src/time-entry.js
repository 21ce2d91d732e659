/** Hours in one of each unit the page reads; a unit not listed here is refused, never guessed. */
const UNITS = new Map([
  ['h', 1],
  ['hr', 1],
  ['hrs', 1],
  ['hour', 1],
  ['hours', 1],
  ['d', 24],
  ['day', 24],
  ['days', 24],
]);

/** A plain decimal number (no `0x30`, `1e2` or `0b110000`), then a unit word. */
const AMOUNT = /^(\d+(?:[.,]\d+)?|[.,]\d+)\s*([a-z]*)$/;

/**
 * Reads the time entry: `ago` ("36 hours", "2 days", "2.5 d") or `at` (a `datetime-local`
 * value, the person's local time). Returns `{ hours, shown }`, `{ treatedAt, shown }` (ISO 8601
 * with its offset, as the library requires), or `{ error, input }` with a message to show.
 */
export function readTime(ago, at, now = new Date()) {
  const text = ago.trim().toLowerCase();
  if (text !== '' && at !== '') return { error: 'Give either how long ago or the date and time, not both.', input: 'ago' };
  if (text === '' && at === '') return { error: 'Write how long ago (for example “2 days”), or pick the date and time.', input: 'ago' };
  if (at !== '') {
    const date = new Date(at); // a datetime-local value is read in the person's own time zone
    if (Number.isNaN(date.getTime())) return { error: 'That date and time could not be read.', input: 'at' };
    if (date.getTime() > now.getTime()) return { error: 'The treatment time is in the future: check the date and time.', input: 'at' };
    return { treatedAt: date.toISOString(), shown: date.toLocaleString() };
  }
  const match = AMOUNT.exec(text);
  if (match === null)
    return { error: `“${ago.trim()}” is not a number of hours or days (for example “36 hours” or “2 days”).`, input: 'ago' };
  const amount = Number(match[1].replace(',', '.'));
  const unit = match[2];
  if (unit === '') return { error: 'Say hours or days after the number (for example “36 hours” or “2 days”).', input: 'ago' };
  const hours = UNITS.get(unit);
  if (hours === undefined) return { error: `“${unit}” is not a unit this page reads: use hours or days.`, input: 'ago' };
  return { hours: amount * hours, shown: `${match[1]} ${unit}` };
}
