import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderTextPng } from '../../../test/fixtures/ocr/generate.js';
import { measureSkew } from './deskew.js';
import { evenLight } from './even-light.js';
import { grayFromSharp, type GrayImage } from './gray-image.js';
import { removeRules } from './remove-rules.js';

const blank = (width: number, height: number, value = 255): GrayImage => ({
  data: Buffer.alloc(width * height, value),
  width,
  height,
});

describe('removeRules', () => {
  it('whitens a table rule and keeps a glyph-sized mark', () => {
    const img = blank(400, 200);
    img.data.fill(0, 100 * 400 + 20, 100 * 400 + 380); // a 360-px horizontal rule
    for (let y = 20; y < 45; y++) img.data.fill(0, y * 400 + 50, y * 400 + 56); // a 25-px stroke
    const out = removeRules(img);
    expect(out.data[100 * 400 + 200]).toBe(255);
    expect(out.data[30 * 400 + 52]).toBe(0);
    expect(img.data[100 * 400 + 200]).toBe(0); // input untouched
  });

  it('keeps a long run thicker than maxThickness (a blurred text line of a photo)', () => {
    const img = blank(400, 200);
    for (let y = 60; y < 72; y++) img.data.fill(0, y * 400 + 20, y * 400 + 380); // 12 px thick
    img.data.fill(0, 150 * 400 + 20, 150 * 400 + 380); // a 1-px rule
    const out = removeRules(img, 5);
    expect(out.data[66 * 400 + 200]).toBe(0);
    expect(out.data[150 * 400 + 200]).toBe(255);
  });
});

describe('evenLight', () => {
  it('brings a shaded paper to white and keeps ink dark', async () => {
    const img = blank(600, 400);
    for (let y = 0; y < 400; y++) {
      for (let x = 0; x < 600; x++) img.data[y * 600 + x] = 250 - Math.round((x / 600) * 120); // light → shadow
    }
    for (let y = 200; y < 206; y++) img.data.fill(20, y * 600 + 450, y * 600 + 480); // ink in the shadow
    const out = await evenLight(img);
    expect(out.data[100 * 600 + 550]).toBeGreaterThan(235); // shadowed paper
    expect(out.data[100 * 600 + 50]).toBeGreaterThan(235);
    expect(out.data[203 * 600 + 465]).toBeLessThan(80);
  });
});

describe('measureSkew', () => {
  it.each([2, -3])('measures a page rotated by %s°', async (angle) => {
    const lines = Array.from(
      { length: 8 },
      (_, i) => `Ligne ${i + 1} : Paracétamol 1000 mg un comprimé le soir`,
    );
    const page = await renderTextPng(lines, { fontSize: 24 });
    const rotated = await grayFromSharp(sharp(page.bytes).rotate(angle, { background: '#fff' }));
    expect(await measureSkew(rotated)).toBeCloseTo(angle, 0);
  });
});
