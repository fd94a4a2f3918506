import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderTextPng } from '../../../test/fixtures/ocr/generate.js';
import { grayFromSharp } from '../ingest/gray-image.js';
import { preparePage } from './prepare-page.js';

/** A sheet of print photographed on a desk, optionally out of focus. */
async function deskPhoto(blur: number): Promise<Buffer> {
  const sheet = await renderTextPng(
    Array.from({ length: 8 }, (_, i) => `${i + 1} comprimé matin et soir pendant 7 jours`),
    { fontSize: 22, width: 900 },
  );
  let pipeline = sharp(sheet.bytes).extend({ top: 40, bottom: 200, left: 30, right: 30, background: '#fff' });
  if (blur > 0) pipeline = sharp(await pipeline.png().toBuffer()).blur(blur);
  return pipeline
    .extend({ top: 80, bottom: 80, left: 80, right: 80, background: '#6b7075' })
    .jpeg({ quality: 85 })
    .toBuffer();
}

describe('preparePage on photos', () => {
  it('sharpens a blurred photo harder than a focused one', async () => {
    const steps: string[][] = [];
    for (const blur of [0, 3.5]) {
      const image = await grayFromSharp(sharp(await deskPhoto(blur)).grayscale());
      const prepared = await preparePage(image, 'jpeg');
      expect(prepared.photo).toBe(true);
      steps.push(prepared.steps);
    }
    expect(steps[0]).toContain('sharpen');
    expect(steps[1]).toContain('sharpen-blurred');
  });
});
