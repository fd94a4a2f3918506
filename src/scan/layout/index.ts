/**
 * @module The layout stage of the scan engine: pages of text with geometry → the prescription's
 * header and its items (drug text + dosage text, ALD zone, boxes), in reading order. Pure.
 * Tables, two-column bodies, bizone zones, multipage documents and non-prescription lines
 * (addresses, weight, allergies, substitution, lab orders, devices, care, advice) are handled here.
 */
import type { PageText, PrescriptionHeader, PrescriptionItem } from '../types.js';
import { readHeader } from './header.js';
import { segmentItems, type LayoutHelpers } from './items.js';
import { orderPageLines, toLayoutLines } from './reading-order.js';
import { findTable } from './table.js';
import type { LayoutBlock, LayoutLine } from './types.js';

export type { DrugHint, LayoutHelpers } from './items.js';
export type { LayoutBlock, LayoutLine, TableRow } from './types.js';
export { classifyNoise, zoneMarkerOf, type NoiseKind } from './classify.js';
export { parseFrenchDate } from './header.js';
export { splitDrugAndPosology } from './drug-text.js';

/** The layout of a whole document. */
export interface PrescriptionLayout {
  header: PrescriptionHeader;
  items: PrescriptionItem[];
  /** Every printed line in reading order (for the narrative and the UI). */
  lines: LayoutLine[];
}

function pageBlocks(page: PageText): { blocks: LayoutBlock[]; lines: LayoutLine[] } {
  const all = toLayoutLines(page);
  const table = findTable(all, page.width);
  if (!table) {
    const ordered = orderPageLines(all, page.width);
    return { blocks: ordered, lines: ordered };
  }
  const headerTop = Math.min(...table.header.map((l) => l.box.y));
  const rest = all.filter((l) => !table.used.has(l));
  const ordered = orderPageLines(rest, page.width, (l) => l.box.y >= headerTop);
  const above = ordered.filter((l) => l.box.y < headerTop);
  const below = ordered.filter((l) => l.box.y >= headerTop);
  const tableLines = all.filter((l) => table.used.has(l));
  return { blocks: [...above, ...table.rows, ...below], lines: [...above, ...tableLines, ...below] };
}

/**
 * Lays out a document: header fields and prescription items.
 * @param pages - the document's pages (OCR or PDF text layer), in page order
 * @param helpers - drug recogniser and posology test to sharpen item detection (optional)
 */
export function layoutPrescription(pages: PageText[], helpers: LayoutHelpers = {}): PrescriptionLayout {
  const blocks: LayoutBlock[] = [];
  const lines: LayoutLine[] = [];
  for (const page of [...pages].sort((a, b) => a.page - b.page)) {
    const p = pageBlocks(page);
    blocks.push(...p.blocks);
    lines.push(...p.lines);
  }
  return { header: readHeader(lines), items: segmentItems(blocks, helpers), lines };
}
