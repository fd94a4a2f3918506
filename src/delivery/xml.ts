/**
 * @module A minimal XML writer for the PN13 export: elements are plain data (`el(name, attrs, children)`)
 * and `renderXml` escapes every text and attribute value, so no prescription text can break the
 * document. Characters XML 1.0 forbids (control characters) are dropped. Pure.
 */

/** One XML element: a name, attributes and children (elements or text). */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

/**
 * Builds an element; `undefined`/`null` children are skipped so optional fields read naturally.
 * @param name - element name
 * @param attrs - attributes (values escaped at render)
 * @param children - child elements or text
 */
export function el(
  name: string,
  attrs: Record<string, string> = {},
  ...children: (XmlNode | null | undefined | false)[]
): XmlElement {
  return {
    name,
    attrs,
    children: children.filter((c): c is XmlNode => c !== null && c !== undefined && c !== false),
  };
}

/**
 * An element with a single text child, or null when the text is missing/empty (so it is omitted).
 * @param name - element name
 * @param text - text content
 * @param attrs - attributes
 */
export function textEl(
  name: string,
  text: string | number | null | undefined,
  attrs: Record<string, string> = {},
): XmlElement | null {
  if (text === null || text === undefined) return null;
  const s = String(text);
  return s.trim() === '' ? null : el(name, attrs, s);
}

// XML 1.0 Char production: tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** @returns `s` escaped for XML text content */
export function escapeText(s: string): string {
  return s.replace(INVALID_XML_CHARS, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** @returns `s` escaped for a double-quoted attribute value */
export function escapeAttr(s: string): string {
  return escapeText(s)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/**
 * Renders an element tree with two-space indentation and an XML declaration.
 * @param root - the document element
 */
export function renderXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderNode(root, 0)}\n`;
}

function renderNode(node: XmlElement, depth: number): string {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
    .join('');
  if (node.children.length === 0) return `${pad}<${node.name}${attrs}/>`;
  if (node.children.every((c) => typeof c === 'string')) {
    return `${pad}<${node.name}${attrs}>${node.children.map((c) => escapeText(c)).join('')}</${node.name}>`;
  }
  const inner = node.children
    .map((c) => (typeof c === 'string' ? `${pad}  ${escapeText(c)}` : renderNode(c, depth + 1)))
    .join('\n');
  return `${pad}<${node.name}${attrs}>\n${inner}\n${pad}</${node.name}>`;
}
