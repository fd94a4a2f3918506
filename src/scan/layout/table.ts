/**
 * @module Drug tables of hospital and pharmacy prescriptions: a header row naming the columns
 * (Médicament | Posologie | Durée | Voie, or Désignation | Posologie | Qté Code) and rows whose
 * cells wrap over several physical lines. Words are assigned to columns by their x position, so it
 * works whether the OCR returned one line per cell or one line per row.
 */
import type { Box, OcrWord } from '../types.js';
import { classifyNoise } from './classify.js';
import { foldText } from './fold.js';
import { groupRows } from './reading-order.js';
import type { LayoutLine, TableRow } from './types.js';

type Column = 'drug' | 'posology' | 'duration' | 'route' | 'other';

const HEADER_WORDS: [Column, RegExp][] = [
  ['drug', /^(medicaments?|designation|specialites?|produits?|traitements?)$/],
  ['posology', /^posologies?$/],
  ['duration', /^(duree|durees)$/],
  ['route', /^voies?$/],
  ['other', /^(qte|quantite|code|cip|remarques?|observations?|commentaires?)$/],
];

interface Anchor {
  column: Column;
  x: number;
}

/** A table found on a page: its header line(s) and its rows. */
export interface TableFound {
  header: LayoutLine[];
  rows: TableRow[];
  /** Lines used by the table (header and body). */
  used: Set<LayoutLine>;
}

function headerAnchors(row: LayoutLine[]): Anchor[] | null {
  const anchors: Anchor[] = [];
  for (const word of row.flatMap((l) => l.words)) {
    const folded = foldText(word.text).replace(/[^a-z]/g, '');
    const hit = HEADER_WORDS.find(([, re]) => re.test(folded));
    if (hit && !anchors.some((a) => a.column === hit[0])) anchors.push({ column: hit[0], x: word.box.x });
  }
  const has = (c: Column): boolean => anchors.some((a) => a.column === c);
  return has('drug') && has('posology') ? anchors.sort((a, b) => a.x - b.x) : null;
}

function columnOf(word: OcrWord, anchors: Anchor[], tol: number): Column {
  let col = anchors[0]?.column ?? 'drug';
  for (const a of anchors) if (word.box.x + tol >= a.x) col = a.column;
  return col;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function joinWords(words: OcrWord[]): string {
  return words
    .map((w) => w.text)
    .join(' ')
    .trim();
}

/**
 * Finds the drug table of a page, if it has one, and splits its rows into cells.
 * @param lines - the lines of one page (any order)
 * @param pageWidth - width of the page image, for tolerances
 */
export function findTable(lines: LayoutLine[], pageWidth: number): TableFound | null {
  const rows = groupRows(lines);
  const headerIndex = rows.findIndex((r) => headerAnchors(r) != null);
  if (headerIndex < 0) return null;
  const header = rows[headerIndex] ?? [];
  const anchors = headerAnchors(header) ?? [];
  const posologyX = anchors.find((a) => a.column === 'posology')?.x ?? 0;
  const tol = 0.012 * pageWidth;
  const h = median(lines.map((l) => l.box.height)) || 20;
  const used = new Set<LayoutLine>(header);
  const out: TableRow[] = [];
  let current: TableRow | null = null;
  let prevBottom = Math.max(...header.map((l) => l.box.y + l.box.height));
  for (const row of rows.slice(headerIndex + 1)) {
    const top = Math.min(...row.map((l) => l.box.y));
    if (top - prevBottom > 3 * h) break;
    if (row.some((l) => l.box.x < posologyX - tol && classifyNoise(l.text) != null)) break;
    const cells: Record<Column, OcrWord[]> = { drug: [], posology: [], duration: [], route: [], other: [] };
    for (const word of row.flatMap((l) => l.words).sort((a, b) => a.box.x - b.box.x)) {
      cells[columnOf(word, anchors, tol)].push(word);
    }
    const boxes: Box[] = row.map((l) => l.box);
    if (cells.drug.length > 0 && (current == null || top - prevBottom > 0.6 * h)) {
      current = {
        kind: 'row',
        page: row[0]?.page ?? 1,
        drug: '',
        posology: '',
        duration: '',
        route: '',
        boxes: [],
        words: [],
      };
      out.push(current);
    }
    prevBottom = Math.max(...row.map((l) => l.box.y + l.box.height));
    for (const l of row) used.add(l);
    if (current == null) continue;
    current.drug = `${current.drug} ${joinWords(cells.drug)}`.trim();
    current.posology = `${current.posology} ${joinWords(cells.posology)}`.trim();
    current.duration = `${current.duration} ${joinWords(cells.duration)}`.trim();
    current.route = `${current.route} ${joinWords(cells.route)}`.trim();
    current.boxes.push(...boxes);
    current.words.push(...row.flatMap((l) => l.words));
  }
  return { header, rows: out, used };
}
