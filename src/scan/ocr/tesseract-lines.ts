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
 * A gap wider than this many line heights splits a tesseract line: tesseract sometimes runs a
 * line across two columns or table cells; the PDF text layer is split the same way.
 */
const COLUMN_GAP_LINE_HEIGHTS = 1.5;

function lineOf(words: OcrWord[]): OcrLine {
  const x0 = Math.min(...words.map((w) => w.box.x));
  const y0 = Math.min(...words.map((w) => w.box.y));
  const x1 = Math.max(...words.map((w) => w.box.x + w.box.width));
  const y1 = Math.max(...words.map((w) => w.box.y + w.box.height));
  const confidence = words.reduce((s, w) => s + w.confidence, 0) / words.length;
  const box = { page: words[0]!.box.page, x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  return { text: words.map((w) => w.text).join(' '), confidence, box, words };
}

/** @returns the words cut into lines wherever the horizontal gap is a column gap. */
export function splitAtGaps(words: OcrWord[], lineHeight: number): OcrLine[] {
  const lines: OcrLine[] = [];
  let current: OcrWord[] = [];
  for (const w of words) {
    const prev = current[current.length - 1];
    if (prev && w.box.x - (prev.box.x + prev.box.width) > COLUMN_GAP_LINE_HEIGHTS * lineHeight) {
      lines.push(lineOf(current));
      current = [];
    }
    current.push(w);
  }
  if (current.length > 0) lines.push(lineOf(current));
  return lines;
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
        lines.push(...splitAtGaps(words, line.bbox.y1 - line.bbox.y0));
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
