import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.js';
import { pngWithClaimedSize } from '../../../test/fixtures/ocr/generate.js';
import { decodeImagePages } from './image.js';
import { MAX_INPUT_PIXELS } from './limits.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return isAppError(err) ? err.code : `not an AppError: ${String(err)}`;
  }
  return 'no error';
}

const colour = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } });

describe('decodeImagePages', () => {
  it('applies the EXIF orientation (a 6 means rotate 90° clockwise)', async () => {
    const jpeg = await colour(200, 100).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const [page] = await decodeImagePages(jpeg, 'jpeg');
    expect(page).toMatchObject({ width: 100, height: 200 });
  });

  it('returns one gray byte per pixel', async () => {
    const webp = await colour(30, 20).webp().toBuffer();
    const [page] = await decodeImagePages(webp, 'webp');
    expect(page!.data.length).toBe(30 * 20);
    // Red (200,30,30) in gray (Rec. 601 luma ≈ 0.3R + 0.59G + 0.11B) is dark-ish, not white.
    expect(page!.data[0]).toBeLessThan(120);
  });

  it('reads every page of a multi-page TIFF', async () => {
    const page = await colour(40, 30).png().toBuffer();
    const tiff = await sharp([page, page], { join: { animated: true } })
      .tiff()
      .toBuffer();
    const pages = await decodeImagePages(tiff, 'tiff');
    expect(pages.map((p) => [p.width, p.height])).toEqual([
      [40, 30],
      [40, 30],
    ]);
  });

  it('reads a TIFF', async () => {
    const tiff = await colour(40, 30).tiff().toBuffer();
    expect(await decodeImagePages(tiff, 'tiff')).toHaveLength(1);
  });

  it('refuses a decompression bomb from its header, before decoding', async () => {
    const side = Math.ceil(Math.sqrt(MAX_INPUT_PIXELS)) + 1000;
    expect(await codeOf(decodeImagePages(pngWithClaimedSize(side, side), 'png'))).toBe('too-large');
  });

  it('refuses a truncated file as invalid', async () => {
    const png = await colour(300, 300).png().toBuffer();
    expect(await codeOf(decodeImagePages(png.subarray(0, png.length / 2), 'png'))).toBe('invalid');
  });

  it('refuses garbage behind a valid signature as invalid', async () => {
    const junk = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(500, 7)]);
    expect(await codeOf(decodeImagePages(junk, 'jpeg'))).toBe('invalid');
  });

  it('scales a very large page down to the OCR maximum', async () => {
    const big = await sharp({ create: { width: 5000, height: 400, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const [page] = await decodeImagePages(big, 'png');
    expect(page!.width).toBeLessThanOrEqual(3600);
  });
});
