/** How each result level reads on the page (the level ids come from the library). */
const LEVEL_LABELS = {
  expected: 'Expected healing',
  monitor: 'Keep an eye on it',
  'contact-provider': 'Contact your provider',
  urgent: 'Urgent: get care now',
};

export function levelLabel(level) {
  return LEVEL_LABELS[level] ?? level;
}
