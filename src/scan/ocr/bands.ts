/**
 * @module Cuts a page image into horizontal bands along blank rows, so that the OCR workers read
 * one page together: tesseract.js runs one page on one thread, and a lone page (the usual scan of
 * one prescription) would leave the other cores idle. The ink is split evenly (tesseract's time
 * follows the text); a cut never crosses ink: it runs through the gap of blank rows nearest to
 * the even split, and a page without such a gap nearby is not cut there.
 */
import type { GrayImage } from '../ingest/gray-image.js';
import { otsuThreshold } from '../ingest/photo/find-page.js';

/** One band of a page, with white margins: its row y is the page's row `y + offset`. */
export interface Band {
  offset: number;
  image: GrayImage;
}

/** Pages shorter than this (pixels) are not cut: the per-image cost of tesseract would dominate. */
const MIN_HEIGHT = 1200;
/** A cut is searched this share of the page height either side of the even split. */
const SEARCH = 0.2;
/** Fewest blank rows a cut runs through, and the same in text lines. */
const MIN_GAP = 6;
const GAP_LINES = 1.5;
/** Side columns inked in more than this share of the rows are a photo's dark rim, not the page. */
const RIM_INK = 0.02;
/** The rim is looked for in this share of the width from each side. */
const RIM_SEARCH = 0.1;
/** A row is blank when at most this share of its pixels is ink. */
const BLANK_INK = 0.002;
/**
 * White rows added above and below a band: tesseract misreads a line that touches the image's
 * edge (measured: a drug name cut in two and glued to the next line).
 */
const MARGIN = 32;

/** @returns the median height of the runs of inked rows (text lines), 0 when there is none. */
function lineHeight(ink: Uint32Array, maxInk: number): number {
  const runs: number[] = [];
  let start = -1;
  for (let r = 0; r <= ink.length; r++) {
    const inked = r < ink.length && ink[r]! > maxInk;
    if (inked && start < 0) start = r;
    if (!inked && start >= 0) {
      if (r - start >= 3) runs.push(r - start);
      start = -1;
    }
  }
  runs.sort((a, b) => a - b);
  return runs.length === 0 ? 0 : runs[Math.floor(runs.length / 2)]!;
}

/** Options of {@link cutIntoBands}. */
export interface BandOptions {
  /**
   * The page is a flattened photo: rows are measured between the dark rims of background left on
   * its sides (they ink every row, so without this a photo is never cut), the rims at its top and
   * bottom weigh nothing in the split, and a cut is only made when it splits the ink about evenly
   * (a cut under a photo's header saves little time and, measured, changed a posology's reading).
   */
  photo?: boolean;
}

/** @returns the columns [x0, x1) between the dark side rims of a flattened photo. */
function innerColumns(image: GrayImage, t: number): [number, number] {
  const { data, width, height } = image;
  const rim = (x: number): boolean => {
    let n = 0;
    for (let y = 0; y < height; y += 4) if (data[y * width + x]! <= t) n++;
    return n > (RIM_INK * height) / 4;
  };
  const search = Math.floor(width * RIM_SEARCH);
  let x0 = 0;
  while (x0 < search && rim(x0)) x0++;
  let x1 = width;
  while (width - x1 < search && rim(x1 - 1)) x1--;
  return [x0 === search ? 0 : x0, width - x1 === search ? width : x1];
}

/**
 * @returns `ink` with the top and bottom rims of a flattened photo (rows inked across half the
 * width, then their blurred edge when a blank row follows within a text line) set to 0.
 */
function withoutRims(ink: Uint32Array, width: number, maxInk: number, line: number): Uint32Array {
  const out = ink.slice();
  const clear = (from: number, step: 1 | -1): void => {
    const inside = (y: number): boolean => y >= 0 && y < out.length;
    let y = from;
    if (!(out[y]! > width / 2)) return;
    while (inside(y) && out[y]! > width / 2) {
      out[y] = 0;
      y += step;
    }
    let edge = 0;
    while (edge < line && inside(y + edge * step) && out[y + edge * step]! > maxInk) edge++;
    if (edge < line) for (let i = 0; i < edge; i++) out[y + i * step] = 0;
  };
  clear(0, 1);
  clear(out.length - 1, -1);
  return out;
}

/**
 * @param image - a page ready for OCR (white paper, dark ink)
 * @param count - bands wanted (the engine's parallelism)
 * @param options - photo handling
 * @returns the bands, top to bottom (the page itself when it is not worth cutting)
 */
export function cutIntoBands(image: GrayImage, count: number, options: BandOptions = {}): Band[] {
  const { data, width, height } = image;
  if (count < 2 || height < MIN_HEIGHT) return [{ offset: 0, image }];
  const t = otsuThreshold(data); // ink: at or below it (a 0/255 page gives 0)
  const [x0, x1] = options.photo ? innerColumns(image, t) : [0, width];
  const maxInk = Math.max(1, Math.floor((x1 - x0) * BLANK_INK));
  const ink = new Uint32Array(height);
  for (let y = 0; y < height; y++) {
    let n = 0;
    const row = y * width;
    for (let x = x0; x < x1; x++) if (data[row + x]! <= t) n++;
    ink[y] = n;
  }
  const line = lineHeight(ink, maxInk);
  // The ink split between the bands (a photo's top and bottom rims are not text).
  const weight = options.photo ? withoutRims(ink, x1 - x0, maxInk, line) : ink;
  let total = 0;
  for (let y = 0; y < height; y++) total += weight[y]!;
  // Cut only through a gap wider than a text line (between paragraphs or blocks, not between the
  // rows of a table: tesseract then finds columns that are not there).
  const minGap = Math.max(MIN_GAP, Math.round(GAP_LINES * line));
  const cuts: number[] = [];
  let y = 0;
  let sum = 0;
  for (let k = 1; k < count; k++) {
    // Even split of the ink (tesseract's time follows the text, not the paper).
    while (y < height && sum + weight[y]! < (total * k) / count) sum += weight[y++]!;
    const target = y;
    const lo = Math.max((cuts[cuts.length - 1] ?? 0) + 1, Math.round(target - height * SEARCH));
    const hi = Math.min(height, Math.round(target + height * SEARCH));
    // The middle of the gap of blank rows nearest to the target.
    let best = -1;
    let start = -1;
    for (let r = lo; r <= hi; r++) {
      if (r < hi && ink[r]! <= maxInk) {
        if (start < 0) start = r;
        continue;
      }
      if (start >= 0 && r - start >= minGap) {
        const mid = Math.floor((start + r) / 2);
        if (best < 0 || Math.abs(mid - target) < Math.abs(best - target)) best = mid;
      }
      start = -1;
    }
    if (best > 0 && options.photo) {
      let above = 0;
      for (let r = 0; r < best; r++) above += weight[r]!;
      if (Math.abs(above - (total * k) / count) > total / (2 * count)) best = -1;
    }
    if (best > 0) cuts.push(best);
  }
  if (cuts.length === 0) return [{ offset: 0, image }];
  const bounds = [0, ...cuts, height];
  const bands: Band[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const top = bounds[i]!;
    const rows = bounds[i + 1]! - top;
    const data = Buffer.alloc((rows + 2 * MARGIN) * width, 255);
    image.data.copy(data, MARGIN * width, top * width, (top + rows) * width);
    bands.push({ offset: top - MARGIN, image: { data, width, height: rows + 2 * MARGIN } });
  }
  return bands;
}
