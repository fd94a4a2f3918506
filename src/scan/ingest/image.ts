/**
 * @module Decodes an image file (JPEG, PNG, WebP, TIFF) into upright grayscale page rasters:
 * the pixel count is checked from the header before decoding, EXIF orientation is applied, and
 * pages larger than {@link MAX_PAGE_SIDE} are scaled down. A multi-page TIFF gives several pages.
 */
import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError } from '../../errors.js';
import { grayFromSharp, type GrayImage } from './gray-image.js';
import { MAX_FILE_PAGES, MAX_INPUT_PIXELS, MAX_PAGE_SIDE } from './limits.js';
import type { MediaType } from './media-type.js';

function open(bytes: Buffer, page?: number): Sharp {
  return sharp(bytes, {
    limitInputPixels: MAX_INPUT_PIXELS,
    failOn: 'truncated',
    sequentialRead: true,
    page,
  });
}

async function readHeader(bytes: Buffer, type: MediaType): Promise<Metadata> {
  try {
    return await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new AppError('invalid', `The ${type.toUpperCase()} file cannot be read (damaged or truncated).`, {
      cause,
    });
  }
}

/**
 * @param bytes - the file
 * @param type - its media type (from {@link detectMediaType}); must not be `pdf`
 * @returns one upright grayscale raster per page
 * @throws AppError `too-large` (pixels or pages over the limits) or `invalid` (damaged file)
 */
export async function decodeImagePages(bytes: Buffer, type: Exclude<MediaType, 'pdf'>): Promise<GrayImage[]> {
  const meta = await readHeader(bytes, type);
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (width <= 0 || height <= 0) throw new AppError('invalid', 'The image has no size (damaged header).');
  if (width * height > MAX_INPUT_PIXELS) {
    throw new AppError(
      'too-large',
      `The image is ${width}×${height} pixels; at most ${MAX_INPUT_PIXELS / 1e6} megapixels are accepted.`,
    );
  }
  const pages = type === 'tiff' ? (meta.pages ?? 1) : 1;
  if (pages > MAX_FILE_PAGES) {
    throw new AppError(
      'too-large',
      `The TIFF file has ${pages} pages; at most ${MAX_FILE_PAGES} are accepted.`,
    );
  }
  const out: GrayImage[] = [];
  for (let page = 0; page < pages; page++) {
    try {
      const pipeline = open(bytes, type === 'tiff' ? page : undefined)
        .rotate() // EXIF orientation
        .resize({ width: MAX_PAGE_SIDE, height: MAX_PAGE_SIDE, fit: 'inside', withoutEnlargement: true })
        .grayscale();
      out.push(await grayFromSharp(pipeline));
    } catch (cause) {
      if (cause instanceof AppError) throw cause;
      const text = cause instanceof Error ? cause.message : String(cause);
      if (/pixel limit/i.test(text)) {
        throw new AppError('too-large', `The image is over ${MAX_INPUT_PIXELS / 1e6} megapixels.`, { cause });
      }
      throw new AppError(
        'invalid',
        `The ${type.toUpperCase()} file cannot be decoded (damaged or truncated).`,
        {
          cause,
        },
      );
    }
  }
  return out;
}
