import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.js';
import { detectMediaType } from './media-type.js';

const bytes = (...b: (number | string)[]): Buffer =>
  Buffer.concat(b.map((x) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : Buffer.from([x]))));

describe('detectMediaType', () => {
  it.each([
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 'JFIF')],
    ['png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 'IHDR')],
    ['webp', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 ')],
    ['tiff', bytes('II', 0x2a, 0x00, 8, 0, 0, 0)],
    ['tiff', bytes('MM', 0x00, 0x2a, 0, 0, 0, 8)],
    ['pdf', bytes('%PDF-1.7\n')],
    ['pdf', bytes('\n\n  junk before the header %PDF-1.4\n')],
  ])('recognises %s from its content', (type, content) => {
    expect(detectMediaType(content)).toBe(type);
  });

  it('refuses an empty file as invalid', () => {
    expect(() => detectMediaType(Buffer.alloc(0))).toThrow(/empty/);
    try {
      detectMediaType(Buffer.alloc(0));
    } catch (err) {
      expect(isAppError(err, 'invalid')).toBe(true);
    }
  });

  it.each([
    ['plain text', bytes('ordonnance: doliprane')],
    ['GIF', bytes('GIF89a')],
    ['RIFF that is not WebP', bytes('RIFF', 0, 0, 0, 0, 'WAVEfmt ')],
    ['HTML named like a PDF', bytes('<!doctype html><title>x.pdf</title>')],
  ])('refuses %s as unsupported-media', (_name, content) => {
    let caught: unknown;
    try {
      detectMediaType(content);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'unsupported-media')).toBe(true);
  });
});
