import type { Narrative } from './fhir-types.js';

/** A generated narrative (`text`, FHIR dom-6) from plain-text paragraphs and lists. */
export function narrative(blocks: readonly (string | readonly string[])[]): Narrative {
  const html = blocks
    .map((block) => (typeof block === 'string' ? `<p>${escapeXhtml(block)}</p>` : list(block)))
    .filter((part) => part !== '')
    .join('');
  return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${html === '' ? '<p>(empty)</p>' : html}</div>` };
}

function list(items: readonly string[]): string {
  return items.length === 0 ? '' : `<ul>${items.map((item) => `<li>${escapeXhtml(item)}</li>`).join('')}</ul>`;
}

/** Escapes text for XHTML element content. */
export function escapeXhtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${String(char.charCodeAt(0))};`);
}
