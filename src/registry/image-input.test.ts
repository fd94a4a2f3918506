import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import { MAX_IMAGES, decodeImages, sniffMediaType } from './image-input.js';

const b64 = (hexOrText: Buffer): string => hexOrText.toString('base64');
const JPEG = Buffer.from('ffd8ffe000104a464946', 'hex');
const PDF = Buffer.from('%PDF-1.7\n', 'latin1');

describe('decodeImages', () => {
  it.each([
    [JPEG, 'image/jpeg'],
    [Buffer.from('89504e470d0a1a0a', 'hex'), 'image/png'],
    [Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'), 'image/webp'],
    [Buffer.from('II*\0', 'latin1'), 'image/tiff'],
    [PDF, 'application/pdf'],
    [Buffer.from('hello'), null],
  ])('sniffs %#', (bytes, type) => {
    expect(sniffMediaType(bytes)).toBe(type);
  });

  it('decodes in order, accepting line breaks and a data: prefix', () => {
    const files = decodeImages([
      { image: `data:image/jpeg;base64,${b64(JPEG)}`, isPdf: false },
      { image: b64(PDF).replace(/(.{4})/g, '$1\n'), isPdf: true },
    ]);
    expect(files.map((f) => [f.mediaType, f.bytes.length])).toEqual([
      ['image/jpeg', JPEG.length],
      ['application/pdf', PDF.length],
    ]);
  });

  it('names every bad element', () => {
    try {
      decodeImages([
        { image: 'ab!c', isPdf: false },
        { image: b64(JPEG), isPdf: true },
        { image: b64(JPEG), isPdf: false },
      ]);
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err, 'invalid')).toBe(true);
      expect((err as { details: { field: string }[] }).details.map((d) => d.field)).toEqual([
        '/images/0/image',
        '/images/1/isPdf',
      ]);
    }
  });

  it('refuses too many files as too large', () => {
    const many = Array.from({ length: MAX_IMAGES + 1 }, () => ({ image: b64(JPEG), isPdf: false }));
    expect(() => decodeImages(many)).toThrow(expect.objectContaining({ code: 'too-large' }) as Error);
  });
});
