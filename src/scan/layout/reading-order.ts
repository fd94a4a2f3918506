/**
 * @module Reading order of the lines of a page. Lines are taken top to bottom; a two-column body
 * (dense prescriptions printed in two columns, or a prescriber box beside a patient box) is read
 * column by column: the left column down to its end, then the right one.
 */
import type { OcrLine, OcrWord, PageText } from '../types.js';
import type { LayoutLine } from './types.js';

/** Minimum number of rows split at the same x for the page to be read as two columns. */
const MIN_SPLIT_ROWS = 3;

/**
 * Splits a drug word the OCR glued to its strength: "FORXIGA10mgcp" → "FORXIGA 10 mg cp", "TEVA20"
 * before "mg" → "TEVA 20".
 * @param word - one OCR word
 * @param next - the word after it on the line, if any
 */
export function unglue(word: string, next?: string): string {
  // "TEVA20 mg": the unit is the next word
  const bare = /^(\p{L}{3,})(\d+(?:[.,]\d+)?)$/u.exec(word);
  if (bare && next !== undefined && /^(?:mg|g|µg|μg|ml|ui|ul)\b/iu.test(next)) return `${bare[1]} ${bare[2]}`;
  // "1 mgcp": a unit glued to the form
  const unitForm = /^(mg|µg|μg|ml)(cp|cpr|gél|gel|sach|inj|amp)$/iu.exec(word);
  if (unitForm) return `${unitForm[1]} ${unitForm[2]}`;
  const m = /^(\p{L}{3,})(\d+(?:[.,]\d+)?)(mg|g|µg|μg|ml|ui)(\p{L}*)$/iu.exec(word);
  if (!m) return word;
  return [m[1], m[2], m[3], m[4]].filter((p) => p !== undefined && p !== '').join(' ');
}

/** A word that is only a stroke: a table rule, or a misread "1", "j" or ":". */
const STROKE = /^[|[\]][,.;:]?$/;

/**
 * Puts a stroke back into the segment it sits in, or next to whose first or last word it stands at
 * word spacing; a stroke alone between cells (a table rule) is dropped.
 */
function placeStroke(segments: OcrWord[][], stroke: OcrWord, near: number): void {
  const x0 = stroke.box.x;
  const x1 = stroke.box.x + stroke.box.width;
  for (const seg of segments) {
    const first = seg[0];
    const last = seg[seg.length - 1];
    if (!first || !last) continue;
    const start = first.box.x;
    const end = last.box.x + last.box.width;
    if (
      (x0 >= start && x1 <= end) ||
      (x0 >= end && x0 - end <= near) ||
      (x1 <= start && start - x1 <= near)
    ) {
      seg.push(stroke);
      seg.sort((a, b) => a.box.x - b.box.x);
      return;
    }
  }
}

function ocrLine(words: OcrWord[], confidence: number): OcrLine {
  const sorted = [...words].sort((a, b) => a.box.x - b.box.x);
  const x0 = Math.min(...sorted.map((w) => w.box.x));
  const y0 = Math.min(...sorted.map((w) => w.box.y));
  const x1 = Math.max(...sorted.map((w) => w.box.x + w.box.width));
  const y1 = Math.max(...sorted.map((w) => w.box.y + w.box.height));
  const page = sorted[0]?.box.page ?? 1;
  return {
    text: sorted.map((w) => w.text).join(' '),
    confidence: sorted.reduce((n, w) => n + w.confidence, 0) / sorted.length || confidence,
    box: { page, x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
    words: sorted,
  };
}

const centre = (w: OcrWord): number => w.box.y + w.box.height / 2;

/**
 * Undoes an OCR line segmentation error of skewed pages: two printed lines read as two OCR lines
 * that each hold words of both (one line's box about twice as tall as its words, their centres in
 * two bands). Such lines are cut at the widest gap between word centres, and the pieces in the same
 * band are joined again, in x order.
 */
function unmergeLines(lines: OcrLine[]): OcrLine[] {
  const heights = lines.flatMap((l) => l.words.map((w) => w.box.height)).sort((a, b) => a - b);
  const h = heights[Math.floor(heights.length / 2)] ?? 0;
  if (h === 0) return lines;
  const kept: OcrLine[] = [];
  const pieces: OcrLine[] = [];
  for (const line of lines) {
    const centres = line.words.map(centre).sort((a, b) => a - b);
    let cut = -1;
    let widest = 0;
    for (let i = 1; i < centres.length; i++) {
      const gap = (centres[i] ?? 0) - (centres[i - 1] ?? 0);
      if (gap > widest) {
        widest = gap;
        cut = ((centres[i] ?? 0) + (centres[i - 1] ?? 0)) / 2;
      }
    }
    if (line.words.length < 4 || line.box.height < 1.7 * h || widest < 0.6 * h) {
      kept.push(line);
      continue;
    }
    const upper = line.words.filter((w) => centre(w) < cut);
    const lower = line.words.filter((w) => centre(w) >= cut);
    pieces.push(ocrLine(upper, line.confidence), ocrLine(lower, line.confidence));
  }
  if (pieces.length < 2) return lines;
  const joined: OcrLine[] = [];
  for (const piece of pieces) {
    const mid = piece.box.y + piece.box.height / 2;
    const same = joined.find((j) => Math.abs(j.box.y + j.box.height / 2 - mid) < 0.6 * h);
    if (same) joined[joined.indexOf(same)] = ocrLine([...same.words, ...piece.words], same.confidence);
    else joined.push(piece);
  }
  return [...kept, ...joined];
}

/**
 * @param words - a line's words, left to right
 * @param fallbackHeight - the line's height, for a line without words
 * @returns the median word height, the median space between words (≥ 0) and each space in order
 */
function spacing(words: OcrWord[], fallbackHeight: number): { h: number; usualGap: number; gaps: number[] } {
  const heights = words.map((w) => w.box.height).sort((a, b) => a - b);
  const gaps = words.slice(1).map((w, i) => w.box.x - ((words[i]?.box.x ?? 0) + (words[i]?.box.width ?? 0)));
  const sorted = [...gaps].sort((a, b) => a - b);
  return {
    h: heights[Math.floor(heights.length / 2)] ?? fallbackHeight,
    usualGap: Math.max(0, sorted[Math.floor(sorted.length / 2)] ?? 0),
    gaps,
  };
}

/** OCR specks and rules: fewer than two letters or digits. */
function isJunk(text: string): boolean {
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).length < 2;
}

function segment(page: number, words: OcrWord[], fallback: OcrLine | LayoutLine): LayoutLine {
  const x0 = Math.min(...words.map((w) => w.box.x));
  const y0 = Math.min(...words.map((w) => w.box.y));
  const x1 = Math.max(...words.map((w) => w.box.x + w.box.width));
  const y1 = Math.max(...words.map((w) => w.box.y + w.box.height));
  return {
    kind: 'line',
    page,
    text: words.map((w) => w.text).join(' '),
    box: { page, x: x0, y: y0, width: x1 - x0, height: Math.max(y1 - y0, 1) },
    words,
    confidence: words.reduce((s, w) => s + w.confidence, 0) / words.length || fallback.confidence,
  };
}

/**
 * Turns the OCR lines of a page into layout lines, cutting a line where its words are far apart:
 * OCR engines often merge cells printed side by side (prescriber box | patient box, table cells)
 * into one line.
 * @param page - the page as read
 */
export function toLayoutLines(page: PageText): LayoutLine[] {
  const out: LayoutLine[] = [];
  for (const line of unmergeLines(page.lines)) {
    if (isJunk(line.text)) continue;
    // table rules read as "|", "[", "]" are not text…
    const words = line.words
      .map((w) => ({ ...w, text: w.text.replace(/^[|[\]{}]+|[|[\]{}]+$/g, '') }))
      .filter((w) => w.text.trim() !== '')
      .sort((a, b) => a.box.x - b.box.x)
      .map((w, i, all) => ({ ...w, text: unglue(w.text, all[i + 1]?.text) }));
    // …but a lone stroke at word spacing inside a phrase is often a misread "1" or "j" ("| cp",
    // "pendant 7 |"): it is kept for the posology reader, which decides from its neighbours
    const strokes = line.words.filter((w) => STROKE.test(w.text.trim()));
    // a stroke glued to punctuation ("|,") lost its stroke above: it is put back with it
    const punct = new Map(strokes.map((w) => [w, w.text.trim().replace(/^[|[\]]+/, '')] as const));
    if (words.length === 0) {
      out.push({
        kind: 'line',
        page: page.page,
        text: line.text.trim(),
        box: line.box,
        words: [],
        confidence: line.confidence,
      });
      continue;
    }
    const { h, usualGap } = spacing(words, line.box.height);
    // a gutter is far wider than the usual space between words of the line
    const maxGap = Math.max(1.8 * h, 3.5 * usualGap, 0.02 * page.width);
    const segments: OcrWord[][] = [];
    let current: OcrWord[] = [];
    for (const w of words) {
      const prev = current[current.length - 1];
      if (prev && w.box.x - (prev.box.x + prev.box.width) > maxGap) {
        segments.push(current);
        current = [];
      }
      current.push(w);
    }
    segments.push(current);
    const near = Math.min(maxGap, Math.max(1.2 * h, 2.5 * usualGap));
    for (const stroke of strokes) {
      for (const seg of segments) {
        const i = seg.findIndex((w) => w.box === stroke.box);
        if (i >= 0) seg.splice(i, 1);
      }
      placeStroke(segments, { ...stroke, text: `|${punct.get(stroke) ?? ''}` }, near);
    }
    for (let i = segments.length - 1; i >= 0; i--) if (segments[i]?.length === 0) segments.splice(i, 1);
    for (const seg of segments) out.push(segment(page.page, seg, line));
  }
  return out.filter((l) => !isJunk(l.text));
}

/** Groups lines whose vertical centres fall within each other's height. */
export function groupRows(lines: LayoutLine[]): LayoutLine[][] {
  const sorted = [...lines].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  const rows: LayoutLine[][] = [];
  for (const line of sorted) {
    const centre = line.box.y + line.box.height / 2;
    const row = rows[rows.length - 1];
    const sameBand = (o: LayoutLine): boolean =>
      centre > o.box.y - 0.3 * o.box.height && centre < o.box.y + 1.3 * o.box.height;
    const overlaps = (o: LayoutLine): boolean =>
      o.box.x < line.box.x + line.box.width && line.box.x < o.box.x + o.box.width;
    if (row?.some(sameBand) && !row.some(overlaps)) row.push(line);
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

/**
 * @returns the line cut in two at the column gutter when one of its words ends left of the right
 * column's start and the next word starts in it, with more than a word space between them; the
 * line itself otherwise
 */
export function splitAtGutter(line: LayoutLine, range: Split): LayoutLine[] {
  const words = line.words;
  if (words.length < 2 || !crosses(line, range.min)) return [line];
  const { h, usualGap, gaps } = spacing(words, line.box.height);
  for (let i = 1; i < words.length; i++) {
    const prev = words[i - 1] as OcrWord;
    const w = words[i] as OcrWord;
    const gap = gaps[i - 1] ?? 0;
    if (
      prev.box.x + prev.box.width <= range.min + 5 &&
      w.box.x >= range.min - 5 &&
      w.box.x <= range.max &&
      gap > Math.max(2 * usualGap, 0.8 * h)
    ) {
      return [segment(line.page, words.slice(0, i), line), segment(line.page, words.slice(i), line)];
    }
  }
  return [line];
}

function crosses(line: LayoutLine, split: number): boolean {
  return line.box.x < split - 5 && line.box.x + line.box.width > split + 5;
}

/**
 * Puts the lines of one page in reading order.
 * @param lines - the lines of the page (see `toLayoutLines`)
 * @param pageWidth - width of the page image
 * @param isBarrier - lines a column region may not extend past (e.g. a table header)
 */
export function orderPageLines(
  lines: LayoutLine[],
  pageWidth: number,
  isBarrier: (line: LayoutLine) => boolean = () => false,
): LayoutLine[] {
  let rows = groupRows(lines);
  const range = columnSplit(rows, pageWidth);
  if (range == null) return rows.flat();
  // A line the OCR ran across the gutter (a narrow one: the words beside it were too close to be
  // cut as cells) is cut where its words jump into the right column.
  const cut = lines.flatMap((l) => splitAtGutter(l, range));
  if (cut.length > lines.length) rows = groupRows(cut);
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
