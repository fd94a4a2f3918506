/**
 * @module Measures the size of the printed text on a page, so that OCR can run at the scale where
 * tesseract's LSTM reads well instead of one fixed width: a small copy of the page is binarised
 * (Otsu), its 8-connected ink components are labelled, and the median height of the glyph-like ones (not specks, not rules, not pictures) is the text height —
 * between the x-height and the cap height of the body text, since most glyphs are lower-case.
 * Measured on the same small copy as the skew (`measureCopy`, 1000 pixels wide: an A4 page at
 * 120 dpi, where 8-point text still has 4-pixel glyphs).
 */
import type { GrayImage } from './gray-image.js';
import { otsuThreshold } from './photo/find-page.js';

/** Glyph-like components, in pixels of the measured copy. */
const MIN_GLYPH_HEIGHT = 3;
const MAX_GLYPH_HEIGHT = 80;
/** Fewer glyphs than this: no reliable measure (blank page, a picture). */
const MIN_GLYPHS = 30;

/**
 * @param small - a copy of the page (`measureCopy`), with even light (paper near white)
 * @param pageWidth - width of the page the copy was made from
 * @returns the median glyph height in pixels of the page, or null when too little text was found
 */
export function measureTextHeight(small: GrayImage, pageWidth: number): number | null {
  const heights = glyphHeights(small);
  if (heights.length < MIN_GLYPHS) return null;
  heights.sort((a, b) => a - b);
  return heights[Math.floor(heights.length / 2)]! * (pageWidth / small.width);
}

/** @returns the heights of the glyph-like 8-connected dark components of `image`. */
export function glyphHeights(image: GrayImage): number[] {
  const { data, width, height } = image;
  // Ink is clearly darker than paper: halfway between Otsu's threshold and white would take
  // in blur halos; Otsu alone keeps strokes apart.
  const t = otsuThreshold(data);
  const seen = new Uint8Array(width * height);
  const heights: number[] = [];
  const stack: number[] = [];
  for (let start = 0; start < data.length; start++) {
    if (seen[start] || data[start]! >= t) continue;
    let minX = width;
    let maxX = -1;
    let minY = height;
    let maxY = -1;
    let count = 0;
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      count++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const j = yy * width + xx;
          if (!seen[j] && data[j]! < t) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    const h = maxY - minY + 1;
    const w = maxX - minX + 1;
    // A glyph (or a few touching glyphs): not a speck, a rule, a frame or a picture.
    if (h < MIN_GLYPH_HEIGHT || h > MAX_GLYPH_HEIGHT || w > h * 6 || count < h) continue;
    heights.push(h);
  }
  return heights;
}
