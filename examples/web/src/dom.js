/* global document */

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Creates an element: `h('p', { class: 'hint' }, 'text', child)`. Attributes set to `false`,
 * `null` or `undefined` are left out, `true` sets an empty attribute; `on*` functions become
 * listeners. Text is always set as text, never parsed as HTML.
 */
export function h(tag, attributes = {}, ...children) {
  const element = tag.includes(':') ? document.createElementNS(SVG, tag.slice(tag.indexOf(':') + 1)) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

/** An SVG element: `svg('rect', { x: 0 })`. */
export function svg(tag, attributes = {}, ...children) {
  return h(`svg:${tag}`, attributes, ...children);
}
