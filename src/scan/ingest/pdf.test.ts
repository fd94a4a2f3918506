import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.js';
import { buildPdf } from '../../../test/fixtures/ocr/generate.js';
import { MAX_FILE_PAGES, PDF_PAGE_DPI } from './limits.js';
import { fullPageImage, readPdfPages } from './pdf.js';
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

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

  it('takes a full-page scan at its own pixels, and renders a scan placed otherwise', async () => {
    const width = 1275; // 150 dpi over 8.5 in: read as it is
    const height = 1650;
    const gray = Buffer.alloc(width * height, 255);
    gray.fill(0, width * 300, width * 320); // a black band near the top
    const [whole, flipped, inset] = await readPdfPages(
      buildPdf([
        { image: { width, height, gray } },
        { image: { width, height, gray, cm: '612 0 0 -792 0 792' } }, // upside down
        { image: { width, height, gray, cm: '306 0 0 396 153 198' } }, // half size, centred
      ]),
    );
    expect(whole!.image).toMatchObject({ width, height });
    expect(whole!.image.data[310 * width + 100]).toBe(0);
    expect(whole!.image.data[290 * width + 100]).toBe(255);
    // Upside down: the band is near the bottom.
    const f = flipped!.image;
    expect(f.data[Math.round((1 - 310 / height) * f.height) * f.width + 100]).toBeLessThan(60);
    expect(f.data[Math.round((310 / height) * f.height) * f.width + 100]).toBeGreaterThan(200);
    // Inset: white around the image, the band inside it.
    const i = inset!.image;
    expect(i.data[Math.round(0.1 * i.height) * i.width + Math.round(0.5 * i.width)]).toBeGreaterThan(200);
    const bandY = Math.round((0.25 + 0.5 * (310 / height)) * i.height);
    expect(i.data[bandY * i.width + Math.round(0.5 * i.width)]).toBeLessThan(60);
    expect(i.data[bandY * i.width + Math.round(0.1 * i.width)]).toBeGreaterThan(200);
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

describe('fullPageImage', () => {
  const view = [0, 0, 612, 792];
  const page = (fn: number[], args: unknown[]): { fnArray: number[]; argsArray: unknown[] } => ({
    fnArray: fn,
    argsArray: args,
  });
  // How pdf.js lists a scanner's page: a flipped page matrix, a clip, then the image's own matrix.
  const scan = (imageMatrix: number[], extra: [number, unknown][] = []) =>
    page(
      [
        OPS.transform,
        OPS.save,
        OPS.eoClip,
        OPS.constructPath,
        OPS.save,
        OPS.transform,
        OPS.dependency,
        ...extra.map(([f]) => f),
        OPS.paintImageXObject,
        OPS.restore,
        OPS.restore,
      ],
      [
        [1, 0, 0, -1, 0, 792],
        null,
        null,
        [OPS.endPath, [], null],
        null,
        imageMatrix,
        ['img_1'],
        ...extra.map(([, a]) => a),
        ['img_1', 1275, 1650],
        null,
        null,
      ],
    );

  it('finds the one upright image over the whole page', () => {
    expect(fullPageImage(scan([612, 0, 0, -792, 0, 792]), view)).toBe('img_1');
  });

  it.each([
    ['flipped', [612, 0, 0, 792, 0, 0]],
    ['rotated', [0, 792, -612, 0, 612, 0]],
    ['half size', [306, 0, 0, -396, 0, 396]],
    ['shifted', [612, 0, 0, -792, 100, 792]],
  ])('refuses an image %s', (_name, m) => {
    expect(fullPageImage(scan(m), view)).toBeNull();
  });

  it('refuses a page that paints anything else', () => {
    const drawn: [number, unknown][] = [[OPS.constructPath, [OPS.fill, [], null]]];
    expect(fullPageImage(scan([612, 0, 0, -792, 0, 792], drawn), view)).toBeNull();
    const text: [number, unknown][] = [[OPS.showText, [[]]]];
    expect(fullPageImage(scan([612, 0, 0, -792, 0, 792], text), view)).toBeNull();
    const twice: [number, unknown][] = [[OPS.paintImageXObject, ['img_2', 10, 10]]];
    expect(fullPageImage(scan([612, 0, 0, -792, 0, 792], twice), view)).toBeNull();
  });
});
