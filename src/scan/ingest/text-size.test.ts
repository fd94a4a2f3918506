import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderTextPng } from '../../../test/fixtures/ocr/generate.js';
import { measureCopy } from './deskew.js';
import { grayFromSharp } from './gray-image.js';
import { measureTextHeight } from './text-size.js';

const lines = Array.from(
  { length: 12 },
  (_, i) => `Ligne ${i + 1} : amoxicilline 500 mg, une gélule le soir`,
);

describe('measureTextHeight', () => {
  it('scales with the font size, whatever the page width', async () => {
    const heights: number[] = [];
    for (const fontSize of [16, 32]) {
      const png = await renderTextPng(lines, { fontSize, width: fontSize * 40 });
      const page = await grayFromSharp(sharp(png.bytes));
      const h = measureTextHeight(await measureCopy(page), page.width);
      expect(h).not.toBeNull();
      heights.push(h!);
    }
    // Glyph median between x-height and cap height: about 0.5–0.8 of the font size.
    expect(heights[0]).toBeGreaterThan(16 * 0.45);
    expect(heights[0]).toBeLessThan(16 * 0.85);
    expect(heights[1]! / heights[0]!).toBeCloseTo(2, 0);
  });

  it('gives null on a page without text', () => {
    const blank = { data: Buffer.alloc(800 * 600, 255), width: 800, height: 600 };
    expect(measureTextHeight(blank, 800)).toBeNull();
  });
});
