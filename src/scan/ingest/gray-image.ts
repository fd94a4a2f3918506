/**
 * @module The in-memory page image passed between ingest, preprocessing and OCR: 8-bit grayscale,
 * one byte per pixel, row-major, no padding.
 */
import sharp, { type Sharp } from 'sharp';

/** An 8-bit grayscale raster. */
export interface GrayImage {
  data: Buffer;
  width: number;
  height: number;
}

/** @returns a sharp pipeline over the raw gray pixels of `image`. */
export function sharpFromGray(image: GrayImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
}

/** @returns the raw gray pixels of a sharp pipeline's output (alpha dropped, converted to gray). */
export async function grayFromSharp(pipeline: Sharp): Promise<GrayImage> {
  const { data, info } = await pipeline
    .removeAlpha()
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected 1 channel, got ${info.channels}`);
  return { data, width: info.width, height: info.height };
}

/**
 * @param image - the raster
 * @param compressionLevel - zlib level: 6 for images kept or sent, 0 for a hand-off to OCR
 *   within the process (encoding a 2400×3400 page at level 6 costs more than half a second)
 * @returns `image` encoded as PNG (lossless)
 */
export function encodePng(image: GrayImage, compressionLevel = 6): Promise<Buffer> {
  return sharpFromGray(image).png({ compressionLevel }).toBuffer();
}

/** @returns `image` encoded as JPEG (for display of photos, where PNG would be large). */
export function encodeJpeg(image: GrayImage): Promise<Buffer> {
  return sharpFromGray(image).jpeg({ quality: 85 }).toBuffer();
}
