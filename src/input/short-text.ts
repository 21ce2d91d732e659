/** Longest name (a key, a fact id, a linkId, a file name) echoed whole in a message. */
export const MAX_ECHOED_NAME = 80;
/** Longest message or path an error carries; longer ones keep their start and their end. */
export const MAX_MESSAGE = 600;

/**
 * A name as it may be echoed in a message: as is when short, otherwise its start and its
 * length, so that a megabyte-long key never reaches a log or a terminal.
 */
export function shortName(name: string, max = MAX_ECHOED_NAME): string {
  if (name.length <= max) return name;
  const head = Math.max(1, max - 24);
  return `${sliceWhole(name, 0, head)}… (${String(name.length)} characters)`;
}

/** A text cut to about `max` characters, keeping its start and its end (where messages say what is wrong). */
export function shortText(text: string, max = MAX_MESSAGE): string {
  if (text.length <= max) return text;
  const head = Math.floor(max * 0.6);
  const tail = Math.floor(max * 0.3);
  const omitted = text.length - head - tail;
  return `${sliceWhole(text, 0, head)}…(${String(omitted)} characters left out)…${sliceWhole(text, text.length - tail, text.length)}`;
}

/** `text.slice(start, end)` without splitting a surrogate pair at either end. */
function sliceWhole(text: string, start: number, end: number): string {
  const isLow = (index: number): boolean => {
    const code = text.charCodeAt(index);
    return code >= 0xdc00 && code <= 0xdfff;
  };
  const from = start > 0 && isLow(start) ? start + 1 : start;
  const to = end < text.length && isLow(end) ? end - 1 : end;
  return text.slice(from, Math.max(from, to));
}
