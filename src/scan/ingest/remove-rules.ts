/**
 * @module Erases table rules and frame lines (long straight runs of ink) before OCR: tesseract
 * merges a cell's border with the text beside it ("| Escitalopram") or reads it as glyphs, and a
 * frame around a block changes its page segmentation. Runs of dark pixels much longer than any
 * glyph are painted white, horizontally and vertically; text strokes are far shorter.
 */
import type { GrayImage } from './gray-image.js';
import { otsuThreshold } from './photo/find-page.js';

/**
 * A run longer than this share of the page width is a rule, both ways: the width (not the height)
 * scales with the text size of a page, and a tall title glyph is about 3 % of an A4 width.
 */
const MIN_RULE_SHARE = 0.05;

/**
 * @param image - a grayscale page (not modified)
 * @param maxThickness - thickest rule erased, in pixels: a long dark run is a rule only where it
 *   is thinner than this across, so that a blurred text line (photos), long and dark too but as
 *   thick as its glyphs, is kept; default: any thickness
 * @returns a copy with long, thin horizontal and vertical dark runs whitened
 */
export function removeRules(image: GrayImage, maxThickness = Infinity): GrayImage {
  const { data, width, height } = image;
  // Rules are thin and anti-aliased (gray, not black): count anything clearly darker than paper.
  const t = (otsuThreshold(data) + 255) / 2;
  const out = Buffer.from(data);
  const minRun = Math.max(40, Math.round(width * MIN_RULE_SHARE));
  const bounded = Number.isFinite(maxThickness);
  const limit = bounded ? maxThickness : 0;
  const dark = (i: number): boolean => data[i]! < t;
  /** Dark pixels through `i` along a step of `step`, counting at most `limit + 1`. */
  const across = (i: number, step: number, lo: number, hi: number): number => {
    let n = 1;
    for (let j = i - step; j >= lo && dark(j) && n <= limit; j -= step) n++;
    for (let j = i + step; j < hi && dark(j) && n <= limit; j += step) n++;
    return n;
  };
  // Vertical runs are followed row by row (one counter per column), not column by column.
  const down = new Int32Array(width);
  const verticals: number[] = [];
  for (let y = 0; y <= height; y++) {
    const row = y * width;
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const d = y < height && x < width && dark(row + x);
      if (x < width) {
        if (d) down[x]!++;
        else {
          if (down[x]! >= minRun) verticals.push(x, y - down[x]!, y);
          down[x] = 0;
        }
      }
      if (d && start < 0) start = x;
      if (!d && start >= 0) {
        if (x - start >= minRun) {
          for (let k = start; k < x; k++) {
            const i = row + k;
            if (bounded && across(i, width, 0, data.length) > maxThickness) continue;
            // The rule's anti-aliased edges go too.
            out[i] = 255;
            if (y > 0) out[i - width] = 255;
            if (y < height - 1) out[i + width] = 255;
          }
        }
        start = -1;
      }
    }
  }
  for (let v = 0; v < verticals.length; v += 3) {
    const x = verticals[v]!;
    for (let y = verticals[v + 1]!; y < verticals[v + 2]!; y++) {
      const i = y * width + x;
      if (bounded && across(i, 1, y * width, (y + 1) * width) > maxThickness) continue;
      out[i] = 255;
      if (x > 0) out[i - 1] = 255;
      if (x < width - 1) out[i + 1] = 255;
    }
  }
  return { data: out, width, height };
}
