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
 * @returns a copy with long horizontal and vertical dark runs whitened
 */
export function removeRules(image: GrayImage): GrayImage {
  const { data, width, height } = image;
  // Rules are thin and anti-aliased (gray, not black): count anything clearly darker than paper.
  const t = (otsuThreshold(data) + 255) / 2;
  const out = Buffer.from(data);
  const minH = Math.max(40, Math.round(width * MIN_RULE_SHARE));
  const minV = minH;
  for (let y = 0; y < height; y++) {
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const dark = x < width && data[y * width + x]! < t;
      if (dark && start < 0) start = x;
      if (!dark && start >= 0) {
        if (x - start >= minH) {
          // The rule's anti-aliased edges go too.
          for (let yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1); yy++) {
            out.fill(255, yy * width + start, yy * width + x);
          }
        }
        start = -1;
      }
    }
  }
  for (let x = 0; x < width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      const dark = y < height && data[y * width + x]! < t;
      if (dark && start < 0) start = y;
      if (!dark && start >= 0) {
        if (y - start >= minV) {
          for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) {
            for (let k = start; k < y; k++) out[k * width + xx] = 255;
          }
        }
        start = -1;
      }
    }
  }
  return { data: out, width, height };
}
