/**
 * @module Drug tables of hospital and pharmacy prescriptions: a header row naming the columns
 * (Médicament | Posologie | Durée | Voie, or Désignation | Posologie | Qté Code) and rows whose
 * cells wrap over several physical lines. Words are assigned to columns by their x position, so it
 * works whether the OCR returned one line per cell or one line per row.
 */
import type { Box, OcrWord } from '../types.js';
import { classifyNoise } from './classify.js';
import { isDrugTail } from './drug-text.js';
import { editDistance, foldText } from './fold.js';
import { groupRows } from './reading-order.js';
import type { LayoutLine, TableRow } from './types.js';

type Column = 'drug' | 'posology' | 'duration' | 'route' | 'other';

/** Column titles; OCR may garble them ("]Ponclogie", "[purée"), so they match within an edit distance. */
const HEADER_WORDS: [Column, string[]][] = [
  ['drug', ['medicament', 'medicaments', 'designation', 'specialite', 'produit', 'traitement']],
  ['posology', ['posologie']],
  ['duration', ['duree']],
  ['route', ['voie']],
  ['other', ['qte', 'quantite', 'code', 'remarques', 'observations', 'commentaire']],
];

function columnTitle(word: string): Column | null {
  const folded = foldText(word).replace(/[^a-z]/g, '');
  if (folded.length < 3) return null;
  for (const [column, titles] of HEADER_WORDS) {
    for (const t of titles) {
      const allowed = t.length >= 8 ? 2 : t.length >= 5 ? 1 : 0;
      if (editDistance(folded, t) <= allowed) return column;
    }
  }
  return null;
}

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
    const column = columnTitle(word.text);
    if (column && !anchors.some((a) => a.column === column)) anchors.push({ column, x: word.box.x });
  }
  const has = (c: Column): boolean => anchors.some((a) => a.column === c);
  return has('drug') && has('posology') ? anchors.sort((a, b) => a.x - b.x) : null;
}

/** A posology cell that opens a row: "1 cp…", "½ cp…", "un comprimé…", "2-0-1", "80 mg…". */
const POSOLOGY_AT_START = /^\W{0,2}(?:\d|½|¼|¾|une?\b|deux\b|trois\b|quatre\b|\d\s*-)/i;
/** …but not a duration wrapped from the row above: "10 jours", "3 mois". */
const DURATION_AT_START = /^\W{0,2}\d+\s*(?:j|jours?|sem(?:aines?)?|mois|ans?)\b/i;

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
  const tol = 0.012 * pageWidth;
  let headerIndex = rows.findIndex((r) => headerAnchors(r) != null);
  let header: LayoutLine[] = rows[headerIndex] ?? [];
  let anchors = headerAnchors(header) ?? [];
  let bodyStart = headerIndex + 1;
  if (headerIndex < 0) {
    const inferred = inferColumns(rows, pageWidth);
    if (!inferred) return null;
    ({ anchors } = inferred);
    headerIndex = inferred.firstRow;
    bodyStart = headerIndex;
    header = [];
  }
  const posologyX = anchors.find((a) => a.column === 'posology')?.x ?? 0;
  const h = median(lines.map((l) => l.box.height)) || 20;
  const used = new Set<LayoutLine>(header);
  const out: TableRow[] = [];
  let current: TableRow | null = null;
  const first = header.length > 0 ? header : (rows[bodyStart] ?? []);
  let prevBottom =
    header.length > 0
      ? Math.max(...header.map((l) => l.box.y + l.box.height))
      : Math.min(...first.map((l) => l.box.y));
  // where the cells of each column start on the lines that begin with them: a word at one of these
  // x positions starts that column's cell even at word spacing from the previous word (a drug name
  // running up to the posology column, read as one line with it)
  const starts = new Map<Column, number[]>();
  for (const line of rows.slice(bodyStart).flat()) {
    const w0 = line.words.find((w) => /[\p{L}\p{N}]/u.test(w.text));
    const column = w0 ? columnOf(w0, anchors, tol) : 'drug';
    if (w0 && column !== 'drug') starts.set(column, [...(starts.get(column) ?? []), w0.box.x]);
  }
  const alignedAt = (word: OcrWord, column: Column): boolean =>
    (starts.get(column) ?? []).filter((x) => Math.abs(x - word.box.x) <= 0.8 * h).length >= 2;
  for (const row of rows.slice(bodyStart)) {
    const top = Math.min(...row.map((l) => l.box.y));
    if (top - prevBottom > 3 * h) break;
    if (row.some((l) => l.box.x < posologyX - tol && classifyNoise(l.text) != null)) break;
    const cells: Record<Column, OcrWord[]> = { drug: [], posology: [], duration: [], route: [], other: [] };
    for (const line of row) {
      let prev: OcrWord | null = null;
      let prevColumn: Column | null = null;
      let stroke: OcrWord | null = null;
      // specks and rules ("“|", ":") would glue cells together; a stroke at word spacing before a
      // word is kept with it (a misread "1": "| cp le soir"), and after one too ("pendant 7 |")
      for (const word of line.words
        .filter((w) => /[\p{L}\p{N}]/u.test(w.text) || w.text === '|')
        .sort((a, b) => a.box.x - b.box.x)) {
        const spacing = 0.9 * Math.max(word.box.height, prev?.box.height ?? 0);
        if (word.text === '|') {
          if (prev && prevColumn && word.box.x - (prev.box.x + prev.box.width) < spacing) {
            cells[prevColumn].push(word);
          } else stroke = word;
          continue;
        }
        let column = columnOf(word, anchors, tol);
        // a word at normal word spacing from the previous one is in the same cell: cells of a row
        // are further apart (measured: spaces ≤ 0.7 × word height, cell gaps ≥ 1.2 ×); header
        // boxes of a shaded header row are too rough to split on
        const gap = prev ? word.box.x - (prev.box.x + prev.box.width) : Infinity;
        if (prevColumn && column !== prevColumn && gap < spacing && !alignedAt(word, column)) {
          column = prevColumn;
        }
        if (stroke && word.box.x - (stroke.box.x + stroke.box.width) < spacing) cells[column].push(stroke);
        stroke = null;
        cells[column].push(word);
        prev = word;
        prevColumn = column;
      }
    }
    const boxes: Box[] = row.map((l) => l.box);
    const posologyCell = joinWords(cells.posology);
    const startsDosage = POSOLOGY_AT_START.test(posologyCell) && !DURATION_AT_START.test(posologyCell);
    // a drug cell holding only the form words of the name above ("comprimé", "mg cp") wraps it
    const wraps = current != null && isDrugTail(joinWords(cells.drug)) && top - prevBottom < 1.5 * h;
    const opens = current == null || startsDosage || top - prevBottom > 0.9 * h;
    if (cells.drug.length > 0 && opens && !wraps) {
      current = {
        kind: 'row',
        page: row[0]?.page ?? 1,
        drug: '',
        posology: '',
        duration: '',
        route: '',
        routeColumn: false,
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
  for (const row of out) tidyRow(row);
  const routeColumn = anchors.some((a) => a.column === 'route') || out.some((r) => r.route !== '');
  for (const row of out) row.routeColumn = routeColumn;
  return out.length > 0 ? { header: header.length > 0 ? header : first, rows: out, used } : null;
}

/** Route words printed in a "Voie" column. */
const ROUTE_CELL =
  /^(orale?|per ?os|po|sc|s\/c|iv|im|ivd|intramusculaire|intraveineuse|sous-cutan[ée]e|cutan[ée]e|inhal[ée]e|locale|rectale|nasale)$/i;

/**
 * A table whose header row could not be read (shaded header, OCR noise): at least three rows split
 * into three or more cells that start at the same x positions. Columns are drug, posology, then
 * duration and/or route (a column of route words is the route).
 */
function inferColumns(
  rows: LayoutLine[][],
  pageWidth: number,
): { anchors: Anchor[]; firstRow: number } | null {
  const tol = 0.03 * pageWidth;
  const multi = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.length >= 3);
  const xs = multi.flatMap(({ r }) => r.slice(1).map((l) => l.box.x));
  const clusters: number[][] = [];
  for (const x of [...xs].sort((a, b) => a - b)) {
    const last = clusters[clusters.length - 1];
    if (last && x - (last[last.length - 1] ?? 0) <= tol) last.push(x);
    else clusters.push([x]);
  }
  const firstColumn = clusters.findIndex((c) => c.length >= 3);
  const columns = clusters
    .filter((c, i) => i >= firstColumn && c.length >= (i === firstColumn ? 3 : 2))
    .map((c) => Math.min(...c));
  if (firstColumn < 0) return null;
  if (columns.length < 2) return null;
  const aligned = multi.filter(
    ({ r }) => r.slice(1).filter((l) => columns.some((x) => Math.abs(l.box.x - x) <= tol)).length >= 2,
  );
  if (aligned.length < 3) return null;
  const firstRow = aligned[0]?.i ?? 0;
  const drugX = Math.min(...aligned.map(({ r }) => r[0]?.box.x ?? 0));
  const cellsAt = (x: number): string[] =>
    aligned.flatMap(({ r }) =>
      r
        .filter((l) => Math.abs(l.box.x - x) <= tol)
        .map((l) =>
          foldText(l.text)
            .replace(/[^a-z/ -]/g, '')
            .trim(),
        ),
    );
  const isRoute = (x: number): boolean => {
    const cells = cellsAt(x);
    return cells.filter((c) => ROUTE_CELL.test(c)).length * 2 >= cells.length;
  };
  const [posologyX, ...others] = columns;
  const anchors: Anchor[] = [
    { column: 'drug', x: drugX },
    { column: 'posology', x: posologyX ?? 0 },
  ];
  for (const x of others) {
    anchors.push({
      column: isRoute(x) ? 'route' : anchors.some((a) => a.column === 'duration') ? 'other' : 'duration',
      x,
    });
  }
  return { anchors, firstRow };
}

const TRAILING_ROUTE =
  /\s*\b(orale?|per ?os|po|sc|s\/c|iv|im|ivd|intramusculaire|intraveineuse|sous-cutan[ée]e|cutan[ée]e|inhal[ée]e|locale|rectale|nasale)\s*$/i;

/** Moves a route printed at the end of a neighbouring cell into the route cell; drops "cf. posologie". */
function tidyRow(row: TableRow): void {
  row.duration = row.duration.replace(/\bcf\.?\s*(la\s+)?posologie\b/i, '').trim();
  if (row.route !== '') return;
  for (const key of ['duration', 'posology'] as const) {
    const m = TRAILING_ROUTE.exec(row[key]);
    if (m?.[1]) {
      row.route = m[1];
      row[key] = row[key].slice(0, m.index).trim();
      return;
    }
  }
}
