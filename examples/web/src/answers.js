/**
 * The answers given so far, in the order asked. Each entry is `{ field, question, value }`, or
 * `{ field, question, unknown: true }` for "I don't know". The check-in and the "I don't know"
 * list are worked out from it, so going back is dropping the last entry.
 */
export function inputFrom(log) {
  let partial = {};
  const unknown = [];
  for (const entry of log) {
    if (entry.unknown === true) unknown.push(entry.field);
    else partial = withValueAt(partial, entry.field, entry.value);
  }
  return { partial, unknown };
}

/** A copy of `input` with `value` at a dotted path such as `signs.fever`. */
function withValueAt(input, path, value) {
  const root = structuredClone(input);
  const keys = path.split('.');
  const last = keys.pop();
  let node = root;
  for (const key of keys) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key];
  }
  node[last] = value;
  return root;
}

/**
 * How an answer value reads on a button or in the summary: its plain label from the rules
 * (`answer.labels` of the question, keyed by the value as a string) when it has one.
 */
export function answerLabel(value, labels) {
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  if (value === null) return 'Never';
  if (Array.isArray(value)) return value.length === 0 ? 'None of these' : value.map((item) => answerLabel(item, labels)).join('; ');
  const label = labels?.[String(value)];
  if (label !== undefined) return label;
  if (typeof value === 'number') return String(value);
  const words = String(value).replaceAll('-', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
