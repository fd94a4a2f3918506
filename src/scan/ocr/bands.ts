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

/**
 * @param image - a page ready for OCR (white paper, dark ink)
 * @param count - bands wanted (the engine's parallelism)
 * @returns the bands, top to bottom (the page itself when it is not worth cutting)
 */
export function cutIntoBands(image: GrayImage, count: number): Band[] {
  const { data, width, height } = image;
  if (count < 2 || height < MIN_HEIGHT) return [{ offset: 0, image }];
  const t = otsuThreshold(data); // ink: at or below it (a 0/255 page gives 0)
  const maxInk = Math.max(1, Math.floor(width * BLANK_INK));
  const ink = new Uint32Array(height);
  let total = 0;
  for (let y = 0; y < height; y++) {
    let n = 0;
    const row = y * width;
    for (let x = 0; x < width; x++) if (data[row + x]! <= t) n++;
    ink[y] = n;
    total += n;
  }
  // Cut only through a gap wider than a text line (between paragraphs or blocks, not between the
  // rows of a table: tesseract then finds columns that are not there).
  const minGap = Math.max(MIN_GAP, Math.round(GAP_LINES * lineHeight(ink, maxInk)));
  const cuts: number[] = [];
  let y = 0;
  let sum = 0;
  for (let k = 1; k < count; k++) {
    // Even split of the ink (tesseract's time follows the text, not the paper).
    while (y < height && sum + ink[y]! < (total * k) / count) sum += ink[y++]!;
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
