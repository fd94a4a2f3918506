/**
 * @module Decoding of BDPM download files. ANSM ships most files in windows-1252 but switched
 * `CIS_CIP_bdpm.txt` to UTF-8 in 2026, so the encoding is detected per file: bytes that decode as
 * strict UTF-8 are UTF-8, anything else is windows-1252 (not ISO-8859-1: 0x92 and 0x9C occur).
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });
const cp1252 = new TextDecoder('windows-1252');

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
  const text = detectEncoding(bytes) === 'utf-8' ? utf8.decode(bytes) : cp1252.decode(bytes);
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
