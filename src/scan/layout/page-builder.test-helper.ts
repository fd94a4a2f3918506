/**
 * @module Test helper: builds synthetic `PageText` from `[x, y, text]` rows, with one word box per
 * word (10 px per character, 20 px high), the way OCR or a PDF text layer would give them.
 */
import type { OcrLine, PageText } from '../types.js';

/** One printed line: left x, top y, text; `gap` splits the text into cells placed at given x. */
export type RowSpec = [x: number, y: number, text: string];

const CHAR = 10;
const HEIGHT = 20;

function line(page: number, [x, y, text]: RowSpec, confidence: number): OcrLine {
  const words = [];
  let cx = x;
  for (const w of text.split(' ').filter((t) => t !== '')) {
    words.push({ text: w, confidence, box: { page, x: cx, y, width: w.length * CHAR, height: HEIGHT } });
    cx += (w.length + 1) * CHAR;
  }
  return { text, confidence, box: { page, x, y, width: cx - x - CHAR, height: HEIGHT }, words };
}

/**
 * A page of lines.
 * @param rows - printed lines
 * @param page - page number
 * @param confidence - OCR confidence given to every word
 */
export function buildPage(rows: RowSpec[], page = 1, confidence = 96): PageText {
  return {
    page,
    width: 1240,
    height: 1754,
    source: 'ocr',
    lines: rows.map((r) => line(page, r, confidence)),
    issues: [],
  };
}
