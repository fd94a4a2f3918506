/**
 * @module Generators of hostile files for the security tests: a PNG whose header claims 50000×50000
 * pixels, truncated and corrupted images and PDFs, a PDF with thousands of pages, a PDF whose page tree
 * or objects nest very deeply, and files whose content lies about their type. All built in memory.
 */
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * @param width - claimed width
 * @param height - claimed height
 * @returns a small PNG (valid chunks and CRCs, 8-bit grayscale) whose header claims width×height;
 * the compressed data is a few rows of zeros only
 */
export function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, grayscale, deflate, filter 0, no interlace
  const rows = deflateSync(Buffer.alloc(Math.min(height, 4) * (width + 1)));
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', rows),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** @returns a real small PNG and JPEG (noise, so truncation hits compressed data) */
export async function realImages(): Promise<{ png: Buffer; jpeg: Buffer }> {
  const raw = Buffer.alloc(300 * 200);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919) % 251;
  const img = sharp(raw, { raw: { width: 300, height: 200, channels: 1 } });
  return { png: await img.clone().png().toBuffer(), jpeg: await img.clone().jpeg().toBuffer() };
}

/** @returns the bytes with a run in the middle overwritten by a fixed pattern */
export function corrupt(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  const from = Math.floor(out.length / 3);
  for (let i = from; i < Math.min(out.length - 8, from + 256); i++) out[i] = (i * 31) & 0xff;
  return out;
}

/** Serialises numbered PDF objects with a correct xref table. */
function pdfFrom(objects: string[]): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id] ?? 'null'}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** @returns a valid PDF with `pages` blank A4 pages */
export function manyPagePdf(pages: number): Buffer {
  const objects: string[] = [];
  const ids = Array.from({ length: pages }, (_, i) => 3 + i);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${ids.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages} >>`;
  for (const id of ids) objects[id] = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>';
  return pdfFrom(objects);
}

/** @returns a PDF whose page tree is `depth` levels of /Pages nodes above one page */
export function deepPageTreePdf(depth: number): Buffer {
  const objects: string[] = [];
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  for (let level = 0; level < depth; level++) {
    const id = 2 + level;
    const parent = level === 0 ? '' : `/Parent ${id - 1} 0 R `;
    objects[id] = `<< /Type /Pages ${parent}/Kids [${id + 1} 0 R] /Count 1 >>`;
  }
  objects[2 + depth] = `<< /Type /Page /Parent ${1 + depth} 0 R /MediaBox [0 0 595 842] >>`;
  return pdfFrom(objects);
}

/** @returns a one-page PDF whose page dictionary holds an array nested `depth` deep */
export function deepArrayPdf(depth: number): Buffer {
  const objects: string[] = [];
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
  objects[3] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Junk ${'['.repeat(depth)}${']'.repeat(depth)} >>`;
  return pdfFrom(objects);
}

/** @returns a PDF whose page tree loops back on itself (Kids pointing to an ancestor) */
export function cyclicPdf(): Buffer {
  const objects: string[] = [];
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
  objects[3] = '<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>';
  return pdfFrom(objects);
}
