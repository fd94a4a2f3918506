/**
 * @module The header of a prescription: prescriber (name, 11-digit RPPS), patient (name, birth
 * date) and prescription date, read from the letterhead, the bizone identification boxes, an EHR
 * printout ("Prescripteur : …", "Patient : …") or a hospital header. Fields not found stay null.
 */
import type { PrescriptionHeader } from '../types.js';
import { foldText } from './fold.js';
import type { LayoutLine } from './types.js';

const MONTHS = [
  'janvier',
  'fevrier',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'aout',
  'septembre',
  'octobre',
  'novembre',
  'decembre',
];

/**
 * Parses a French date ("12/09/1959", "12.09.59", "20 octobre 2024", "1er mai 2025") to ISO
 * `YYYY-MM-DD`; null when the text holds no valid date.
 * @param text - text containing the date (folded or not)
 */
export function parseFrenchDate(text: string): string | null {
  const f = foldText(text);
  let d: number, m: number, y: number;
  const num = /\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})\b/.exec(f);
  const lit =
    /\b(\d{1,2})(?:er)?\s+(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\s+(\d{4})\b/.exec(
      f,
    );
  if (num) {
    d = Number(num[1]);
    m = Number(num[2]);
    y = Number(num[3]);
    if (y < 100) y += y > 50 ? 1900 : 2000;
  } else if (lit) {
    d = Number(lit[1]);
    m = MONTHS.indexOf(lit[2] ?? '') + 1;
    y = Number(lit[3]);
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const BIRTH = /\b(nee?|ne\(e\)|nee?\s*\(e\))\s+le\b|naissance|\bddn\b/;

function cleanName(raw: string): string | null {
  const name = raw
    .replace(/\(.*?\)/g, ' ')
    .split(/\s+[—–-]\s+|,|\s+RPPS|\s+N°/i)[0]
    ?.replace(/\s+/g, ' ')
    .trim();
  return name && /\p{L}{2}/u.test(name) ? name : null;
}

function readRpps(lines: LayoutLine[]): string | null {
  for (const l of lines) {
    const m = /rpps\D{0,12}((?:\d\s?){11})/i.exec(l.text);
    if (m?.[1]) return m[1].replace(/\s/g, '');
  }
  return null;
}

function readPrescriber(lines: LayoutLine[]): string | null {
  for (const l of lines) {
    const m = /(?:^|prescripteur\s*:\s*|\s)(?:dr\.?|docteur|pr\.?|professeur)\s+(.+)$/i.exec(l.text);
    if (m?.[1] && !/^\s*(?:ordonnance|m[ée]decin)/i.test(l.text)) return cleanName(m[1]);
  }
  return null;
}

function readDate(lines: LayoutLine[]): string | null {
  const ranked: [number, string][] = [];
  for (const l of lines) {
    const f = foldText(l.text);
    if (BIRTH.test(f) || /imprime le|edite le|^ref/.test(f)) continue;
    const date = parseFrenchDate(f);
    if (!date) continue;
    const rank = /date de (la )?prescription/.test(f)
      ? 0
      : /^date\b/.test(f) || /\ble\s+\d/.test(f)
        ? 1
        : /ordonnance du/.test(f)
          ? 2
          : 3;
    ranked.push([rank, date]);
  }
  ranked.sort((a, b) => a[0] - b[0]);
  return ranked[0]?.[1] ?? null;
}

/** The closest line just below (`dir` 1) or above (-1) line `i`, starting at about the same x. */
function nearest(lines: LayoutLine[], i: number, dir: 1 | -1): LayoutLine | null {
  const ref = lines[i];
  if (!ref) return null;
  let best: LayoutLine | null = null;
  for (const l of lines) {
    if (l === ref || l.page !== ref.page || Math.abs(l.box.x - ref.box.x) > 2 * ref.box.height) continue;
    const dy = (l.box.y - ref.box.y) * dir;
    if (
      dy > 0.5 * ref.box.height &&
      dy < 4 * ref.box.height &&
      (!best || dy < (best.box.y - ref.box.y) * dir)
    ) {
      best = l;
    }
  }
  return best;
}

const CIVILITY = /^(?:monsieur|madame|mademoiselle|m\.|mme\.?|mlle|enfant)\s+(.+)$/i;

function readPatient(lines: LayoutLine[]): { name: string | null; birthDate: string | null } | null {
  let name: string | null = null;
  let birthDate: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]?.text ?? '';
    const f = foldText(text);
    const labelled = /^patient(?:\(e\))?\s*:\s*(.+)$/i.exec(text);
    const civil = CIVILITY.exec(text);
    if (name == null && labelled?.[1]) name = cleanName(labelled[1]);
    else if (name == null && civil?.[1]) name = cleanName(civil[1]);
    else if (name == null && /^identification du patient/.test(f)) {
      name = cleanName(nearest(lines, i, 1)?.text ?? '');
    }
    if (birthDate == null && BIRTH.test(f)) {
      birthDate = parseFrenchDate(f.slice(f.search(BIRTH)));
      const prev = nearest(lines, i, -1)?.text ?? '';
      if (name == null && /^\s*n[ée]e?\b/i.test(text) && prev && !/\d/.test(prev)) name = cleanName(prev);
    }
  }
  return name == null && birthDate == null ? null : { name, birthDate };
}

/**
 * Reads the prescription header from the lines of the document (reading order).
 * @param lines - all lines of the document, in reading order
 */
export function readHeader(lines: LayoutLine[]): PrescriptionHeader {
  const name = readPrescriber(lines);
  const rpps = readRpps(lines);
  return {
    prescriber: name == null && rpps == null ? null : { name, rpps },
    patient: readPatient(lines),
    date: readDate(lines),
  };
}
