/**
 * @module Rebuilds printed lines from a PDF text layer: pdf.js text items (strings with a
 * transform and a width) become characters with x ranges, grouped by baseline into lines, split
 * at column gaps, then into words with boxes, all in a {@link PDF_PAGE_DPI} page space.
 */
import type { Box, OcrLine, OcrWord } from '../types.js';

/** The fields of a pdf.js `TextItem` this module needs. */
export interface PdfTextItem {
  str: string;
  /** [a, b, c, d, e, f]: font matrix × CTM in PDF user space (origin bottom-left, points). */
  transform: number[];
  /** Advance width in user space. */
  width: number;
}

interface Glyph {
  ch: string;
  x0: number;
  x1: number;
  base: number;
  size: number;
}

/** A gap wider than this many font sizes splits a line (columns, table cells). */
const COLUMN_GAP_EM = 2.2;
/** A gap wider than this many font sizes between items is a space. */
const SPACE_GAP_EM = 0.15;
/** Baselines closer than this many font sizes are on the same line. */
const SAME_LINE_EM = 0.4;
/** Share of the font size above the baseline (ascent) and below (descent) for boxes. */
const ASCENT = 0.8;
const DESCENT = 0.22;

function glyphsOf(item: PdfTextItem, scale: number, pageHeightPt: number): Glyph[] {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = item.transform;
  // Rotated text (b or c non-zero) is rare on prescriptions: keep it, laid out horizontally.
  const size = Math.hypot(c, d) * scale || Math.hypot(a, b) * scale;
  const chars = [...item.str];
  if (chars.length === 0 || size <= 0) return [];
  const x = e * scale;
  const base = (pageHeightPt - f) * scale;
  const step = (item.width * scale) / chars.length;
  return chars.map((ch, i) => ({ ch, x0: x + i * step, x1: x + (i + 1) * step, base, size }));
}

function boxOf(glyphs: Glyph[], page: number): Box {
  const x0 = Math.min(...glyphs.map((g) => g.x0));
  const x1 = Math.max(...glyphs.map((g) => g.x1));
  const top = Math.min(...glyphs.map((g) => g.base - ASCENT * g.size));
  const bottom = Math.max(...glyphs.map((g) => g.base + DESCENT * g.size));
  return {
    page,
    x: Math.round(x0),
    y: Math.round(top),
    width: Math.max(1, Math.round(x1 - x0)),
    height: Math.max(1, Math.round(bottom - top)),
  };
}

function toLine(glyphs: Glyph[], page: number): OcrLine | null {
  const words: OcrWord[] = [];
  let current: Glyph[] = [];
  const flush = (): void => {
    if (current.length > 0) {
      words.push({ text: current.map((g) => g.ch).join(''), confidence: 100, box: boxOf(current, page) });
    }
    current = [];
  };
  let prev: Glyph | null = null;
  for (const g of glyphs) {
    const gap = prev ? g.x0 - prev.x1 : 0;
    if (/\s/.test(g.ch)) flush();
    else {
      if (prev && gap > SPACE_GAP_EM * g.size) flush();
      current.push(g);
    }
    prev = g;
  }
  flush();
  if (words.length === 0) return null;
  const all = glyphs.filter((g) => !/\s/.test(g.ch));
  return { text: words.map((w) => w.text).join(' '), confidence: 100, box: boxOf(all, page), words };
}

/**
 * @param items - the text items of one page (`page.getTextContent().items`, marked content dropped)
 * @param pageHeightPt - page height in PDF points (the viewport at scale 1)
 * @param scale - page-space pixels per point (150 dpi → 150/72)
 * @param page - page number for the boxes
 * @returns the lines of the page, top to bottom then left to right
 */
export function linesFromTextItems(
  items: PdfTextItem[],
  pageHeightPt: number,
  scale: number,
  page: number,
): OcrLine[] {
  const glyphs = items.flatMap((it) => glyphsOf(it, scale, pageHeightPt));
  const printed = glyphs.filter((g) => !/\s/.test(g.ch));
  // Cluster by baseline.
  const rows: Glyph[][] = [];
  for (const g of [...glyphs].sort((p, q) => p.base - q.base)) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(g.base - row[0]!.base) <= SAME_LINE_EM * Math.max(g.size, row[0]!.size)) row.push(g);
    else rows.push([g]);
  }
  if (printed.length === 0) return [];
  const lines: OcrLine[] = [];
  for (const row of rows) {
    row.sort((p, q) => p.x0 - q.x0);
    let segment: Glyph[] = [];
    let lastPrinted: Glyph | null = null;
    for (const g of row) {
      const isSpace = /\s/.test(g.ch);
      if (!isSpace && lastPrinted && g.x0 - lastPrinted.x1 > COLUMN_GAP_EM * g.size) {
        const line = toLine(segment, page);
        if (line) lines.push(line);
        segment = [];
      }
      segment.push(g);
      if (!isSpace) lastPrinted = g;
    }
    const line = toLine(segment, page);
    if (line) lines.push(line);
  }
  return lines;
}
