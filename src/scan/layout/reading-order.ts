/**
 * @module Reading order of the lines of a page. Lines are taken top to bottom; a two-column body
 * (dense prescriptions printed in two columns, or a prescriber box beside a patient box) is read
 * column by column: the left column down to its end, then the right one.
 */
import type { OcrLine, PageText } from '../types.js';
import type { LayoutLine } from './types.js';

/** Minimum number of rows split at the same x for the page to be read as two columns. */
const MIN_SPLIT_ROWS = 3;

function toLayoutLine(page: number, line: OcrLine): LayoutLine {
  return {
    kind: 'line',
    page,
    text: line.text.trim(),
    box: line.box,
    words: line.words,
    confidence: line.confidence,
  };
}

/** Groups lines whose vertical centres fall within each other's height. */
export function groupRows(lines: LayoutLine[]): LayoutLine[][] {
  const sorted = [...lines].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  const rows: LayoutLine[][] = [];
  for (const line of sorted) {
    const centre = line.box.y + line.box.height / 2;
    const row = rows[rows.length - 1];
    if (row?.some((o) => centre > o.box.y && centre < o.box.y + o.box.height)) row.push(line);
    else rows.push([line]);
  }
  for (const r of rows) r.sort((a, b) => a.box.x - b.box.x);
  return rows;
}

/** Where a two-column body splits: the right column starts between `min` and `max`. */
interface Split {
  min: number;
  max: number;
}

/** The x range where a two-column body splits, or null for a single-column page. */
function columnSplit(rows: LayoutLine[][], pageWidth: number): Split | null {
  const xs: number[] = [];
  for (const row of rows) {
    for (let i = 1; i < row.length; i++) {
      const a = row[i - 1];
      const b = row[i];
      if (a && b && b.box.x - (a.box.x + a.box.width) > Math.max(2 * a.box.height, 0.03 * pageWidth)) {
        xs.push(b.box.x);
      }
    }
  }
  const tol = 0.04 * pageWidth;
  let best: number[] = [];
  for (const x of xs) {
    const cluster = xs.filter((o) => Math.abs(o - x) <= tol);
    if (cluster.length > best.length) best = cluster;
  }
  return best.length >= MIN_SPLIT_ROWS
    ? { min: Math.min(...best) - tol / 2, max: Math.max(...best) + tol / 2 }
    : null;
}

function crosses(line: LayoutLine, split: number): boolean {
  return line.box.x < split - 5 && line.box.x + line.box.width > split + 5;
}

/**
 * Puts the lines of one page in reading order.
 * @param page - the page as read by OCR or from a PDF text layer
 * @param isBarrier - lines a column region may not extend past (e.g. a table header)
 */
export function orderPageLines(
  page: PageText,
  isBarrier: (line: LayoutLine) => boolean = () => false,
): LayoutLine[] {
  const lines = page.lines.filter((l) => l.text.trim() !== '').map((l) => toLayoutLine(page.page, l));
  const rows = groupRows(lines);
  const range = columnSplit(rows, page.width);
  if (range == null) return rows.flat();
  const split = range.min;
  const isSplitRow = (row: LayoutLine[]): boolean =>
    row.some((l) => l.box.x >= range.min && l.box.x <= range.max) &&
    row.some((l) => l.box.x + l.box.width <= split + 5);
  const first = rows.findIndex(isSplitRow);
  let last = first;
  for (let i = first; i < rows.length; i++) {
    const row = rows[i] ?? [];
    if (row.some((l) => crosses(l, split) || isBarrier(l))) break;
    last = i;
  }
  const out: LayoutLine[] = rows.slice(0, first).flat();
  const region = rows.slice(first, last + 1).flat();
  out.push(...region.filter((l) => l.box.x < split));
  out.push(...region.filter((l) => l.box.x >= split));
  out.push(...rows.slice(last + 1).flat());
  return out;
}
