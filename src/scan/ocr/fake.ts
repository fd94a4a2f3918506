/**
 * @module A fake OCR engine for tests: it "reads" the text it is given, one line per text line,
 * laid out top to bottom over the image with plausible word boxes. It honours the same contract
 * as the real engine (see `engine-conformance.ts`).
 */
import type { OcrLine, OcrWord } from '../types.js';
import type { OcrEngine, OcrImage, OcrResult } from './engine.js';
import { meanConfidence } from './tesseract-lines.js';

/** Confidence given to every fake word. */
const FAKE_CONFIDENCE = 95;

/**
 * @param text - the page text to return, or a function choosing it per image
 * @returns an engine that returns `text` split into lines and words
 */
export function createFakeEngine(text: string | ((image: OcrImage) => string)): OcrEngine {
  let closed = false;
  return {
    name: 'fake',
    recognize(image: OcrImage): Promise<OcrResult> {
      if (closed) return Promise.reject(new Error('fake OCR engine is closed'));
      const rows = (typeof text === 'string' ? text : text(image))
        .split('\n')
        .map((r) => r.trim().split(/\s+/).filter(Boolean))
        .filter((r) => r.length > 0);
      const margin = Math.round(image.width * 0.05);
      const pitch = rows.length === 0 ? 0 : Math.floor((image.height - 2 * margin) / rows.length);
      const charWidth = Math.max(1, Math.floor(((image.width - 2 * margin) / 80) * 0.9));
      const lines: OcrLine[] = rows.map((row, i) => {
        const y = margin + i * pitch;
        const height = Math.max(1, Math.floor(pitch * 0.6));
        let x = margin;
        const words: OcrWord[] = row.map((w) => {
          const width = Math.min(w.length * charWidth, image.width - x - 1);
          const word = {
            text: w,
            confidence: FAKE_CONFIDENCE,
            box: { page: image.page, x, y, width, height },
          };
          x = Math.min(x + width + charWidth, image.width - 2);
          return word;
        });
        const last = words[words.length - 1]!.box;
        const box = { page: image.page, x: margin, y, width: last.x + last.width - margin, height };
        return { text: row.join(' '), confidence: FAKE_CONFIDENCE, box, words };
      });
      return Promise.resolve({ lines, confidence: meanConfidence(lines) });
    },
    close(): Promise<void> {
      closed = true;
      return Promise.resolve();
    },
  };
}
