import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.js';
import { buildPdf } from '../../../test/fixtures/ocr/generate.js';
import { MAX_FILE_PAGES, PDF_PAGE_DPI } from './limits.js';
import { readPdfPages } from './pdf.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return isAppError(err) ? err.code : `not an AppError: ${String(err)}`;
  }
  return 'no error';
}

const px = (pt: number): number => (pt * PDF_PAGE_DPI) / 72;

describe('readPdfPages', () => {
  it('reads a text layer directly, lines and boxes in the 150-dpi page space', async () => {
    const pdf = buildPdf([
      {
        text: [
          { x: 72, y: 720, size: 12, str: 'DOLIPRANE 1000 mg' },
          { x: 72, y: 700, size: 12, str: '1 comprimé matin et soir' },
        ],
      },
    ]);
    const [page] = await readPdfPages(pdf);
    expect(page!.kind).toBe('text');
    if (page!.kind !== 'text') return;
    expect(page!.image).toMatchObject({ width: Math.round(px(612)), height: Math.round(px(792)) });
    expect(page!.lines.map((l) => l.text)).toEqual(['DOLIPRANE 1000 mg', '1 comprimé matin et soir']);
    const first = page!.lines[0]!;
    expect(first.box.x).toBeCloseTo(px(72), -1);
    // The baseline (792 - 720 pt from the top) lies inside the box, near its bottom.
    expect(first.box.y).toBeLessThan(px(72));
    expect(first.box.y + first.box.height).toBeGreaterThan(px(72));
    expect(first.words.map((w) => w.text)).toEqual(['DOLIPRANE', '1000', 'mg']);
    expect(first.words[1]!.box.x).toBeGreaterThan(first.words[0]!.box.x + first.words[0]!.box.width);
    // The rendered page shows the text: some dark pixels where the line is.
    const { data, width } = page!.image;
    let dark = 0;
    for (let y = first.box.y; y < first.box.y + first.box.height; y++) {
      for (let x = first.box.x; x < first.box.x + first.box.width; x++) {
        if (data[y * width + x]! < 128) dark++;
      }
    }
    expect(dark).toBeGreaterThan(50);
  });

  it('rasterises an image-only page at the resolution of its scan, for OCR', async () => {
    const width = 850; // 100 dpi over 8.5 in → clamped up to the 150-dpi minimum
    const height = 1100;
    const gray = Buffer.alloc(width * height, 255);
    gray.fill(0, width * 500, width * 520); // a black band
    const pages = await readPdfPages(buildPdf([{ image: { width, height, gray } }, { text: [] }]));
    expect(pages.map((p) => p.kind)).toEqual(['raster', 'raster']);
    const scan = pages[0]!;
    expect(scan.image.width).toBe(Math.round(px(612)));
    const band = Math.round((510 / height) * scan.image.height);
    expect(scan.image.data[band * scan.image.width + 100]).toBeLessThan(60);
    expect(scan.image.data[10 * scan.image.width + 100]).toBeGreaterThan(200);
  });

  it('refuses more pages than the limit as too-large', async () => {
    const pdf = buildPdf(Array.from({ length: MAX_FILE_PAGES + 1 }, () => ({ text: [] })));
    expect(await codeOf(readPdfPages(pdf))).toBe('too-large');
  });

  it.each([
    ['a truncated file', buildPdf([{ text: [{ x: 72, y: 700, size: 12, str: 'x' }] }]).subarray(0, 60)],
    ['a header and nothing else', Buffer.from('%PDF-1.4\n')],
    ['garbage after the header', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x41)])],
  ])('refuses %s as invalid', async (_name, bytes) => {
    expect(await codeOf(readPdfPages(bytes))).toBe('invalid');
  });
});
