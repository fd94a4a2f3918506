/**
 * @module Converts tesseract.js' block tree (blocks → paragraphs → lines → words) into the engine's
 * `OcrLine`s: empty words dropped, text rebuilt from words, boxes as x/y/width/height.
 */
import type Tesseract from 'tesseract.js';
import type { Box, OcrLine, OcrWord } from '../types.js';

function toBox(b: Tesseract.Bbox, page: number): Box {
  return { page, x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0 };
}

/**
 * @param blocks - `data.blocks` of a tesseract.js result (recognised with `blocks: true`)
 * @param page - page number written in every box
 * @returns the non-empty lines, in tesseract's reading order
 */
export function linesFromBlocks(blocks: Tesseract.Block[] | null, page: number): OcrLine[] {
  const lines: OcrLine[] = [];
  for (const block of blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words: OcrWord[] = line.words
          .filter((w) => w.text.trim() !== '')
          .map((w) => ({ text: w.text.trim(), confidence: w.confidence, box: toBox(w.bbox, page) }));
        if (words.length === 0) continue;
        const confidence = words.reduce((s, w) => s + w.confidence, 0) / words.length;
        lines.push({
          text: words.map((w) => w.text).join(' '),
          confidence,
          box: toBox(line.bbox, page),
          words,
        });
      }
    }
  }
  return lines;
}

/** @returns the mean word confidence of `lines`, 0 when there is no word. */
export function meanConfidence(lines: OcrLine[]): number {
  const words = lines.flatMap((l) => l.words);
  return words.length === 0 ? 0 : words.reduce((s, w) => s + w.confidence, 0) / words.length;
}
