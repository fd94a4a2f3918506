/**
 * @module The narrative (`text.div`) of a RequestGroup: the lines as read, in very simple XHTML
 * (https://hl7.org/fhir/R4/narrative.html). Every read text is escaped: OCR output is untrusted.
 */
import type { Narrative } from '@medplum/fhirtypes';
import type { ExtractedLine } from '../scan/types.js';

/**
 * Escapes text for XHTML content and attributes.
 * Control characters (not allowed in XML) are dropped.
 * @param text - any text
 */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .split('')
    .filter((c) => c >= ' ' || c === '\n' || c === '\t')
    .join('');
}

/**
 * The narrative of the read prescription: one list item per line, drug then dosage as printed.
 * @param lines - the extracted lines
 */
export function toNarrative(lines: ExtractedLine[]): Narrative {
  const items = lines.map((l) => {
    const poso = l.posologyText === '' ? '' : `<br/>${escapeXml(l.posologyText)}`;
    return `<li>${escapeXml(l.drugText)}${poso}</li>`;
  });
  const body = items.length > 0 ? `<ul>${items.join('')}</ul>` : '<p>No prescription line was read.</p>';
  return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${body}</div>` };
}
