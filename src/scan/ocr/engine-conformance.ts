/**
 * @module The one conformance suite every `OcrEngine` must pass (run by `tesseract.test.ts` and
 * `fake.test.ts`): rendered text is read back line by line, top to bottom, with boxes inside the
 * image and inside their line, confidences in 0..100, the page number in every box, nothing read
 * on a blank page, and no use after `close()`.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTextPng } from '../../../test/fixtures/ocr/generate.js';
import type { OcrEngine, OcrImage } from './engine.js';

/** What the suite rendered on each image, by page number: what a scripted fake engine must return. */
export type RenderedText = (image: OcrImage) => string;

const LINES = [
  'DOLIPRANE 1000 mg comprimé',
  '1 comprimé matin et soir pendant 5 jours',
  'Amoxicilline 500 mg gélule',
];

/** Lower-cased, accents and spaces kept: tesseract must read a clean 36 px font exactly. */
const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Registers the suite.
 * @param name - engine name for the test titles
 * @param start - starts an engine; `rendered` tells a scripted engine what the image shows
 */
export function describeOcrEngineConformance(
  name: string,
  start: (rendered: RenderedText) => Promise<OcrEngine>,
) {
  describe(`OcrEngine conformance: ${name}`, () => {
    const texts = new Map<number, string>();
    let engine: OcrEngine;
    let page: OcrImage;
    let blank: OcrImage;

    beforeAll(async () => {
      const png = await renderTextPng(LINES);
      page = { bytes: png.bytes, width: png.width, height: png.height, page: 3 };
      texts.set(3, LINES.join('\n'));
      const white = await sharp({ create: { width: 600, height: 300, channels: 3, background: '#fff' } })
        .png()
        .toBuffer();
      blank = { bytes: white, width: 600, height: 300, page: 4 };
      texts.set(4, '');
      engine = await start((image) => texts.get(image.page) ?? '');
    });
    afterAll(async () => {
      await engine.close();
    });

    it('reads each printed line, top to bottom', async () => {
      const { lines } = await engine.recognize(page);
      expect(lines.map((l) => norm(l.text))).toEqual(LINES.map(norm));
      const tops = lines.map((l) => l.box.y);
      expect([...tops].sort((a, b) => a - b)).toEqual(tops);
    });

    it('gives boxes inside the image, words inside their line, the page number everywhere', async () => {
      const { lines } = await engine.recognize(page);
      for (const line of lines) {
        const boxes = [line.box, ...line.words.map((w) => w.box)];
        for (const b of boxes) {
          expect(b.page).toBe(3);
          expect(b.x).toBeGreaterThanOrEqual(0);
          expect(b.y).toBeGreaterThanOrEqual(0);
          expect(b.width).toBeGreaterThan(0);
          expect(b.height).toBeGreaterThan(0);
          expect(b.x + b.width).toBeLessThanOrEqual(page.width);
          expect(b.y + b.height).toBeLessThanOrEqual(page.height);
        }
        for (const w of line.words) {
          expect(w.box.x).toBeGreaterThanOrEqual(line.box.x - 2);
          expect(w.box.x + w.box.width).toBeLessThanOrEqual(line.box.x + line.box.width + 2);
        }
        expect(line.words.map((w) => w.text).join(' ')).toBe(line.text);
      }
    });

    it('places each line where it was printed', async () => {
      const { lines } = await engine.recognize(page);
      const png = await renderTextPng(LINES);
      lines.forEach((line, i) => {
        const baseline = png.lineY[i]!;
        // The baseline of the rendered text lies within the line box (± a descender).
        expect(line.box.y).toBeLessThan(baseline);
        expect(line.box.y + line.box.height).toBeGreaterThan(baseline - 20);
      });
    });

    it('reports confidences between 0 and 100 and their mean', async () => {
      const result = await engine.recognize(page);
      const words = result.lines.flatMap((l) => l.words);
      for (const c of [
        result.confidence,
        ...result.lines.map((l) => l.confidence),
        ...words.map((w) => w.confidence),
      ]) {
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(100);
      }
      expect(result.confidence).toBeGreaterThan(50);
    });

    it('reads nothing on a blank page', async () => {
      const result = await engine.recognize(blank);
      expect(result.lines).toEqual([]);
      expect(result.confidence).toBe(0);
    });

    it('serves concurrent pages', async () => {
      const results = await Promise.all([
        engine.recognize(page),
        engine.recognize(blank),
        engine.recognize(page),
      ]);
      expect(results.map((r) => r.lines.length)).toEqual([LINES.length, 0, LINES.length]);
    });

    it('refuses work after close()', async () => {
      const other = await start((image) => texts.get(image.page) ?? '');
      await other.close();
      await expect(other.recognize(page)).rejects.toThrow();
    });
  });
}
