import { describe, expect, it } from 'vitest';
import { decodeBdpm, detectEncoding, splitRows } from './decode.js';
import { parseCis, parseCompo } from './parse.js';

const cp1252 = (s: string): Uint8Array =>
  Uint8Array.from([...s].map((c) => ({ é: 0xe9, '’': 0x92, œ: 0x9c })[c] ?? c.charCodeAt(0)));

describe('BDPM decoding', () => {
  it('detects UTF-8 and windows-1252 per file (0x92 and 0x9C are ’ and œ, not C1 controls)', () => {
    const legacy = cp1252('comprimé d’œstradiol');
    expect(detectEncoding(legacy)).toBe('windows-1252');
    expect(decodeBdpm(legacy)).toBe('comprimé d’œstradiol');
    const utf8 = new TextEncoder().encode('comprimé d’œstradiol');
    expect(detectEncoding(utf8)).toBe('utf-8');
    expect(decodeBdpm(utf8)).toBe('comprimé d’œstradiol');
  });

  it('splits CRLF, LF, stray \\r\\r\\n and a missing final end of line, trimming cells', () => {
    expect(splitRows('a\t b\r\nc\td\r\r\ne\tf\n\ng\th')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });
});

describe('BDPM parsers', () => {
  it('reads a CIS_bdpm.txt row', () => {
    const row =
      '60234100\tDOLIPRANE 1000 mg, comprimé\tcomprimé\torale\tAutorisation active\tProcédure nationale\tCommercialisée\t09/07/2002\t\t\t OPELLA HEALTHCARE FRANCE\tNon\r\n';
    expect(parseCis(cp1252(row))).toEqual([
      {
        cis: '60234100',
        denomination: 'DOLIPRANE 1000 mg, comprimé',
        form: 'comprimé',
        routes: ['orale'],
        ammStatus: 'Autorisation active',
        procedure: 'Procédure nationale',
        marketed: true,
        ammDate: '09/07/2002',
        bdmStatus: '',
        holders: ['OPELLA HEALTHCARE FRANCE'],
      },
    ]);
  });

  it('names the file and line of a malformed row', () => {
    expect(() => parseCompo(cp1252('60234100\tcomprimé\t02202\r\nnot a row\r\n'))).toThrow(
      /CIS_COMPO_bdpm\.txt line 1: expected 7 tab-separated columns/,
    );
  });
});
