/**
 * @module Parsers of the BDPM download files (tab-separated, no header, no quoting). Each parser
 * checks its rows (CIS of 8 digits, enough columns) and names the file and line of a bad row.
 */
import { AppError } from '../../errors.js';
import { decodeBdpm, splitRows } from './decode.js';
import type { AtcRecord, CipRecord, CisRecord, CompoRecord, EdqmRecord, GenerRecord } from './records.js';

const CIS_RE = /^\d{8}$/;

function rowsOf(file: string, bytes: Uint8Array, minColumns: number, cisColumn: number): string[][] {
  const rows = splitRows(decodeBdpm(bytes));
  rows.forEach((row, i) => {
    if (row.length < minColumns || !CIS_RE.test(row[cisColumn] ?? '')) {
      throw new AppError(
        'invalid',
        `${file} line ${i + 1}: expected ${minColumns} tab-separated columns with an 8-digit CIS; is this the official BDPM file?`,
      );
    }
  });
  return rows;
}

const at = (row: string[], i: number): string => row[i] ?? '';
const list = (cell: string): string[] =>
  cell
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * Parses CIS_bdpm.txt.
 * @param bytes - raw file content
 */
export function parseCis(bytes: Uint8Array): CisRecord[] {
  return rowsOf('CIS_bdpm.txt', bytes, 11, 0).map((r) => ({
    cis: at(r, 0),
    denomination: at(r, 1),
    form: at(r, 2).replace(/\s+/g, ' '),
    routes: list(at(r, 3)),
    ammStatus: at(r, 4),
    procedure: at(r, 5),
    marketed: at(r, 6) === 'Commercialisée',
    ammDate: at(r, 7),
    bdmStatus: at(r, 8),
    holders: list(at(r, 10)),
  }));
}

/**
 * Parses CIS_COMPO_bdpm.txt.
 * @param bytes - raw file content
 */
export function parseCompo(bytes: Uint8Array): CompoRecord[] {
  return rowsOf('CIS_COMPO_bdpm.txt', bytes, 7, 0).map((r) => ({
    cis: at(r, 0),
    element: at(r, 1),
    substanceCode: at(r, 2),
    substanceName: at(r, 3),
    dosage: at(r, 4),
    reference: at(r, 5),
    nature: at(r, 6) === 'FT' ? 'FT' : 'SA',
    link: at(r, 7),
  }));
}

/**
 * Parses CIS_GENER_bdpm.txt.
 * @param bytes - raw file content
 */
export function parseGener(bytes: Uint8Array): GenerRecord[] {
  return rowsOf('CIS_GENER_bdpm.txt', bytes, 4, 2).map((r) => ({
    groupId: at(r, 0),
    groupLabel: at(r, 1),
    cis: at(r, 2),
    type: at(r, 3),
  }));
}

/**
 * Parses CIS_CIP_bdpm.txt.
 * @param bytes - raw file content
 */
export function parseCip(bytes: Uint8Array): CipRecord[] {
  return rowsOf('CIS_CIP_bdpm.txt', bytes, 7, 0).map((r) => ({
    cis: at(r, 0),
    cip7: at(r, 1),
    label: at(r, 2),
    status: at(r, 3),
    marketingState: at(r, 4),
    declarationDate: at(r, 5),
    cip13: at(r, 6),
    reimbursementRates: list(at(r, 8)),
    price: at(r, 9),
  }));
}

/**
 * Parses CIS_MITM.txt (ATC codes of the major-therapeutic-interest drugs).
 * @param bytes - raw file content
 */
export function parseMitm(bytes: Uint8Array): AtcRecord[] {
  return rowsOf('CIS_MITM.txt', bytes, 2, 0).map((r) => ({ cis: at(r, 0), atc: at(r, 1) }));
}

/**
 * Parses a TSV with a header line into rows (the shipped ATC and EDQM tables).
 * @param text - decoded file content
 */
function tsvBody(text: string): string[][] {
  return splitRows(text).slice(1);
}

/**
 * Parses the shipped CIS → ATC table from the ANS referential (`cis`, `atc`).
 * @param text - decoded file content
 */
export function parseAtcTable(text: string): AtcRecord[] {
  return tsvBody(text).map((r) => ({ cis: at(r, 0), atc: at(r, 1) }));
}

/**
 * Parses a shipped BDPM label → EDQM table (label, class, code, English label, French label).
 * @param text - decoded file content
 */
export function parseEdqmTable(text: string): EdqmRecord[] {
  return tsvBody(text).map((r) => ({ label: at(r, 0), code: at(r, 2), display: at(r, 3) }));
}
