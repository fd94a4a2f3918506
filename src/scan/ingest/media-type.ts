/**
 * @module Media type by content (magic bytes), never by file name or declared type.
 */
import { AppError } from '../../errors.js';

/** The file types the engine reads. */
export type MediaType = 'jpeg' | 'png' | 'webp' | 'tiff' | 'pdf';

function startsWith(bytes: Buffer, sig: number[], offset = 0): boolean {
  return bytes.length >= offset + sig.length && sig.every((b, i) => bytes[offset + i] === b);
}

/**
 * @param bytes - the whole file
 * @returns its media type
 * @throws AppError `invalid` for an empty file, `unsupported-media` for anything else unknown
 */
export function detectMediaType(bytes: Buffer): MediaType {
  if (bytes.length === 0) throw new AppError('invalid', 'The file is empty (0 bytes).');
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    return 'webp';
  }
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return 'tiff';
  }
  // PDF readers accept the header anywhere in the first 1024 bytes (ISO 32000-1 annex H.3).
  if (bytes.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  throw new AppError(
    'unsupported-media',
    'The file is not a JPEG, PNG, WebP, TIFF or PDF document (checked from its content). Send a photo, scan or PDF.',
  );
}
