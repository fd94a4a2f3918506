import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderTextPng } from '../../../test/fixtures/ocr/generate.js';
import { grayFromSharp } from './gray-image.js';
import { edgeSharpness } from './sharpness.js';

const lines = Array.from({ length: 10 }, (_, i) => `${i + 1} comprimé matin et soir pendant 7 jours`);

describe('edgeSharpness', () => {
  it('falls as the print is blurred, at any contrast', async () => {
    const png = (await renderTextPng(lines, { fontSize: 28, width: 1100 })).bytes;
    const measure = async (sigma: number, contrast = 1): Promise<number> => {
      let pipeline = sharp(png).grayscale();
      if (sigma > 0) pipeline = pipeline.blur(sigma);
      // Lower contrast: ink lifted toward the paper (a washed-out photo).
      if (contrast < 1) pipeline = pipeline.linear(contrast, 255 * (1 - contrast));
      const s = edgeSharpness(await grayFromSharp(pipeline));
      expect(s).not.toBeNull();
      return s!;
    };
    const sharpPrint = await measure(0);
    const soft = await measure(1.5);
    const blurred = await measure(3);
    expect(sharpPrint).toBeGreaterThan(soft);
    expect(soft).toBeGreaterThan(blurred);
    // Relative to the contrast: a paler print with the same blur measures about the same.
    expect(await measure(1.5, 0.5)).toBeCloseTo(soft, 1);
  });

  it('gives null on a blank page', () => {
    expect(edgeSharpness({ data: Buffer.alloc(400 * 300, 250), width: 400, height: 300 })).toBeNull();
  });
});
