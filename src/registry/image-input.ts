/**
 * @module The `images` of a context call (pre-imported pathway): `[{ image: base64, isPdf }]`.
 * Decodes strictly, checks the bytes are what `isPdf` says (PDF, or a raster image the scan engine
 * reads), and enforces size limits.
 */
import { AppError, type ErrorDetail } from '../errors.js';

/** At most this many files per context call. */
export const MAX_IMAGES = 20;
/** Largest decoded file. */
export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
/** Largest decoded total per call. */
export const MAX_TOTAL_IMAGE_BYTES = 30 * 1024 * 1024;
/** JSON body limit of the context call: the base64 of MAX_TOTAL_IMAGE_BYTES plus the other fields. */
export const SCAN_TOKEN_BODY_LIMIT = Math.ceil((MAX_TOTAL_IMAGE_BYTES * 4) / 3) + 64 * 1024;

export interface DecodedFile {
  bytes: Buffer;
  isPdf: boolean;
  mediaType: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** @returns the media type recognised from the first bytes, or null */
export function sniffMediaType(b: Buffer): string | null {
  const ascii = b.subarray(0, 12).toString('latin1');
  if (ascii.startsWith('%PDF-')) return 'application/pdf';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (ascii.startsWith('\x89PNG\r\n\x1a\n')) return 'image/png';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'image/webp';
  if (ascii.startsWith('II*\x00') || ascii.startsWith('MM\x00*')) return 'image/tiff';
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'image/gif';
  if (ascii.startsWith('BM')) return 'image/bmp';
  if (ascii.slice(4, 8) === 'ftyp' && /^(heic|heix|mif1|avif)/.test(ascii.slice(8, 12))) return 'image/heif';
  return null;
}

/**
 * Decodes and checks the files of a context call.
 * @param images - as received (already schema-checked: strings and booleans)
 * @returns decoded files in order
 * @throws AppError `too-large` over a limit, `invalid` naming every bad element
 */
export function decodeImages(images: readonly { image: string; isPdf: boolean }[]): DecodedFile[] {
  if (images.length > MAX_IMAGES) throw new AppError('too-large', `At most ${MAX_IMAGES} images per call`);
  const bad: ErrorDetail[] = [];
  const out: DecodedFile[] = [];
  let total = 0;
  images.forEach((img, i) => {
    const field = `/images/${i}/image`;
    const text = img.image.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
    if (text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) {
      bad.push({ field, message: 'is not valid base64' });
      return;
    }
    if ((text.length / 4) * 3 > MAX_IMAGE_BYTES + 3) {
      throw new AppError('too-large', `Image ${i} is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
    }
    const bytes = Buffer.from(text, 'base64');
    total += bytes.length;
    if (total > MAX_TOTAL_IMAGE_BYTES) {
      throw new AppError('too-large', `Images total more than ${MAX_TOTAL_IMAGE_BYTES / 1024 / 1024} MB`);
    }
    const mediaType = sniffMediaType(bytes);
    if (mediaType === null) {
      bad.push({ field, message: 'is neither a PDF nor a JPEG, PNG, WebP, TIFF, GIF, BMP or HEIF image' });
    } else if ((mediaType === 'application/pdf') !== img.isPdf) {
      bad.push({
        field: `/images/${i}/isPdf`,
        message: `is ${String(img.isPdf)} but the file is ${mediaType}`,
      });
    } else {
      out.push({ bytes, isPdf: img.isPdf, mediaType });
    }
  });
  if (bad.length > 0) {
    throw new AppError('invalid', `Invalid images: ${bad.map((d) => `${d.field} ${d.message}`).join('; ')}`, {
      details: bad,
    });
  }
  return out;
}
