/**
 * @module Multipart uploads of the app (desktop pages and phone photos): limits as named constants,
 * every file checked by its first bytes (images the engine reads, or PDF) before anything is stored.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../errors.js';
import { MAX_IMAGE_BYTES, sniffMediaType } from '../../../registry/image-input.js';

/** Largest file accepted, same as the context call's pre-imported files. */
export const MAX_UPLOAD_BYTES = MAX_IMAGE_BYTES;
/** At most this many pages staged in one session. */
export const MAX_SESSION_PAGES = 20;
/** Media types the scan engine reads. */
export const ACCEPTED_MEDIA_TYPES: readonly string[] = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/tiff',
  'image/gif',
  'image/bmp',
  'image/heif',
];

export interface UploadedFile {
  bytes: Buffer;
  mediaType: string;
  name: string;
}

/**
 * Reads every file part of a multipart request.
 * @param request - a multipart request
 * @returns the files, checked
 * @throws AppError `invalid` (not multipart, or no file), `unsupported-media` (naming the file),
 * `too-large` (over MAX_UPLOAD_BYTES or MAX_SESSION_PAGES)
 */
export async function readUploads(request: FastifyRequest): Promise<UploadedFile[]> {
  if (!request.isMultipart()) throw new AppError('invalid', 'Send the files as multipart/form-data');
  const out: UploadedFile[] = [];
  for await (const part of request.files({
    limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_SESSION_PAGES },
  })) {
    const bytes = await part.toBuffer();
    if (part.file.truncated) {
      throw new AppError('too-large', `${part.filename} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
    }
    const mediaType = sniffMediaType(bytes);
    if (mediaType === null || !ACCEPTED_MEDIA_TYPES.includes(mediaType)) {
      throw new AppError(
        'unsupported-media',
        `${part.filename || 'The file'} is neither a PDF nor an image (JPEG, PNG, WebP, TIFF, GIF, BMP, HEIF)`,
      );
    }
    out.push({ bytes, mediaType, name: part.filename });
  }
  if (out.length === 0) throw new AppError('invalid', 'No file received: add at least one image or PDF');
  return out;
}
