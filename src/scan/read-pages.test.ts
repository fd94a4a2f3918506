import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import { buildPdf, renderTextPng } from '../../test/fixtures/ocr/generate.js';
import type { OcrEngine } from './ocr/engine.js';
import { createFakeEngine } from './ocr/fake.js';
import { createTesseractEngine } from './ocr/tesseract.js';
import { readPages } from './read-pages.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return isAppError(err) ? err.code : `not an AppError: ${String(err)}`;
  }
  return 'no error';
}

describe('readPages with the fake engine', () => {
  const ocr = createFakeEngine((image) => `page ${image.page}\nline two`);

  it('numbers pages across files in order, text layers read directly, boxes inside each image', async () => {
    const png = await renderTextPng(['DOLIPRANE 1000 mg']);
    const pdf = buildPdf([{ text: [{ x: 72, y: 700, size: 12, str: 'AMLOR 5 mg' }] }, { text: [] }]);
    const { pages, images } = await readPages([{ bytes: png.bytes }, { bytes: pdf }], { ocr });
    expect(pages.map((p) => [p.page, p.source])).toEqual([
      [1, 'ocr'],
      [2, 'pdf-text'],
      [3, 'ocr'],
    ]);
    expect(pages[0]!.lines[0]!.text).toBe('page 1');
    expect(pages[1]!.lines.map((l) => l.text)).toEqual(['AMLOR 5 mg']);
    expect(pages[2]!.lines[0]!.text).toBe('page 3');
    expect(images.map((i) => i.page)).toEqual([1, 2, 3]);
    for (const page of pages) {
      const image = images.find((i) => i.page === page.page)!;
      expect([image.width, image.height]).toEqual([page.width, page.height]);
      const meta = await sharp(image.bytes).metadata();
      expect([meta.width, meta.height]).toEqual([page.width, page.height]);
      for (const line of page.lines) {
        for (const b of [line.box, ...line.words.map((w) => w.box)]) {
          expect(b.page).toBe(page.page);
          expect(b.x + b.width).toBeLessThanOrEqual(page.width);
          expect(b.y + b.height).toBeLessThanOrEqual(page.height);
        }
      }
    }
  });

  it('reports the stages of each page: prepared, recognised, done; a text layer straight to done', async () => {
    const png = await renderTextPng(['DOLIPRANE 1000 mg']);
    const pdf = buildPdf([{ text: [{ x: 72, y: 700, size: 12, str: 'AMLOR 5 mg' }] }]);
    const events: string[] = [];
    await readPages([{ bytes: png.bytes }, { bytes: pdf }], {
      ocr,
      onProgress: (page, stage) => events.push(`${page}:${stage}`),
    });
    expect(events.filter((e) => e.startsWith('1:'))).toEqual(['1:preparing', '1:ocr', '1:done']);
    expect(events.filter((e) => e.startsWith('2:'))).toEqual(['2:done']);
  });

  it('flags a page where nothing was read', async () => {
    const blank = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const { pages } = await readPages([{ bytes: blank }], { ocr: createFakeEngine('') });
    expect(pages[0]!.issues.map((i) => i.code)).toEqual(['page-empty']);
  });

  it.each([
    ['no file', []],
    ['an empty file', [{ bytes: Buffer.alloc(0) }]],
  ])('refuses %s as invalid', async (_name, files) => {
    expect(await codeOf(readPages(files, { ocr }))).toBe('invalid');
  });

  it('refuses a file of another type as unsupported-media, whatever its name', async () => {
    expect(await codeOf(readPages([{ bytes: Buffer.from('GIF89a....') }], { ocr }))).toBe(
      'unsupported-media',
    );
  });
});

describe('readPages with tesseract on a photographed page', () => {
  let ocr: OcrEngine;
  beforeAll(async () => {
    ocr = await createTesseractEngine({ workers: 1 });
  });
  afterAll(async () => {
    await ocr.close();
  });

  it('finds the sheet on a desk, flattens it and reads it, boxes on the returned image', async () => {
    const sheet = await renderTextPng(['AMOXICILLINE 500 mg gélule', '2 gélules matin et soir'], {
      fontSize: 30,
    });
    const rotated = await sharp(sheet.bytes)
      .extend({ top: 60, bottom: 300, left: 30, right: 30, background: '#fff' })
      .rotate(5, { background: '#6b7075' })
      .extend({ top: 80, bottom: 80, left: 80, right: 80, background: '#6b7075' })
      .jpeg({ quality: 80 })
      .toBuffer();
    const { pages, images } = await readPages([{ bytes: rotated }], { ocr });
    const text = pages[0]!.lines.map((l) => l.text).join('\n');
    expect(text).toContain('AMOXICILLINE 500 mg gélule');
    expect(text).toContain('2 gélules matin et soir');
    expect(images[0]!.mime).toBe('image/jpeg');
    // The flattened sheet is smaller than the photo (the desk is cropped away).
    const photo = await sharp(rotated).metadata();
    expect(images[0]!.width).toBeLessThan(photo.width - 100);
    for (const line of pages[0]!.lines) {
      expect(line.box.x + line.box.width).toBeLessThanOrEqual(images[0]!.width);
      expect(line.box.y + line.box.height).toBeLessThanOrEqual(images[0]!.height);
    }
  });
});
