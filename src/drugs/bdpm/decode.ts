/**
 * @module Decoding of BDPM download files. ANSM ships most files in windows-1252 but switched
 * `CIS_CIP_bdpm.txt` to UTF-8 in 2026, so the encoding is detected per file: bytes that decode as
 * strict UTF-8 are UTF-8, anything else is windows-1252 (not ISO-8859-1: 0x92 and 0x9C occur).
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * windows-1252 code points of bytes 0x80-0x9F (the rest equals ISO-8859-1). Decoded by hand: Node's
 * TextDecoder('windows-1252') takes a latin-1 fast path and turns 0x92 into U+0092 instead of ’.
 */
const CP1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
  0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122,
  0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

function decodeCp1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80] as number));
}

export type BdpmEncoding = 'utf-8' | 'windows-1252';

/**
 * Detects the encoding of one BDPM file.
 * @param bytes - the raw file content
 */
export function detectEncoding(bytes: Uint8Array): BdpmEncoding {
  try {
    utf8.decode(bytes);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * Decodes a BDPM file to text, choosing the encoding per file (a UTF-8 BOM is dropped).
 * @param bytes - the raw file content
 */
export function decodeBdpm(bytes: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = decodeCp1252(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Splits a BDPM file into rows of trimmed tab-separated cells. Handles CRLF, LF, stray `\r\r\n`,
 * a missing final end-of-line and blank lines.
 * @param text - decoded file content
 */
export function splitRows(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split(/\r*\n/)) {
    const clean = line.replace(/\r+$/, '');
    if (clean.trim() === '') continue;
    rows.push(clean.split('\t').map((c) => c.trim()));
  }
  return rows;
}
