/**
 * @module Segmentation of the reading-ordered lines into prescription items: a drug line opens an
 * item, the dosage lines under it (indented, or reading like a dosage, close below) continue it,
 * bizone zone titles switch the ALD flag, noise and header lines close it and are dropped. Table
 * rows are items as they are.
 */
import type { Box, OcrWord, PrescriptionItem } from '../types.js';
import { classifyNoise, zoneMarkerOf } from './classify.js';
import { looksLikeDosage, looksLikeDrugLine, splitDrugAndPosology } from './drug-text.js';
import { splitItemMarker } from './fold.js';
import type { LayoutBlock, LayoutLine, TableRow } from './types.js';

/** What the drug recogniser says of a line: where the drug ends, and whether it is sure it is one. */
export interface DrugHint {
  /** End offset of the drug text within the line given. */
  end: number;
  /** The recogniser found a drug it stands behind (not a weak fuzzy guess). */
  confident: boolean;
}

/** Optional engines the layout can lean on; without them it uses printed cues only. */
export interface LayoutHelpers {
  /** The drug recogniser applied to a line (item marker removed). */
  drugHint?: (text: string) => DrugHint | null;
  /** The posology engine's test for "this reads like a dosage". */
  looksLikePosology?: (text: string) => boolean;
}

/** Labels of EHR printouts that introduce a dosage continuation. */
const POSOLOGY_LABEL =
  /^\s*(?:[^\p{L}\s]{1,3}\s*|\p{L}\s+)?(posologi[ec]|poso|dur[ée]e|mode d'emploi|instructions?)\s*(?:[:;.,©|+\-–—]+\s*|\s+(?=\p{L}|\d|½))/iu;

/** Which field an EHR label introduces: an item has one of each, a second one starts another item. */
function labelKind(text: string): 'posology' | 'duration' | null {
  const m = POSOLOGY_LABEL.exec(text);
  if (!m?.[1]) return null;
  return /^dur/i.test(m[1]) ? 'duration' : /^poso/i.test(m[1]) ? 'posology' : null;
}

/** A dosage label the OCR garbled beyond recognition ("Trurée", "Ihrer"), before a duration. */
const GARBLED_DURATION_LABEL = /^\s*([^\s\d]{2,10})\s*[:;.]?\s+(?=(?:pendant|pdt|durant|qsp)\s+\d)/iu;

/** Length of a garbled label opening a duration line (not a word of the dosage itself), else 0. */
function garbledLabel(text: string, isDosage: (t: string) => boolean): number {
  const m = GARBLED_DURATION_LABEL.exec(text);
  return m?.[1] && !isDosage(m[1]) && !/^(?:le|la|les|et|au|puis|chaque|par|x)$/i.test(m[1])
    ? m[0].length
    : 0;
}

interface Builder {
  page: number;
  x: number;
  height: number;
  bottom: number;
  drug: string;
  posology: string[];
  texts: string[];
  boxes: Box[];
  words: OcrWord[];
  ald: boolean;
  unjoined?: string;
  /** EHR labels already met in the item ("Posologie :", "Durée :"). */
  labels: Set<string>;
}

/** Lowest confidence of the words that carry a number ("500", "1/2", "|"), if any. */
function digitConfidence(words: OcrWord[]): { digitConfidence?: number } {
  const numeric = words.filter((w) => /[\d|½¼¾%]/u.test(w.text));
  if (numeric.length === 0) return {};
  return { digitConfidence: Math.round(Math.min(...numeric.map((w) => w.confidence)) * 10) / 10 };
}

function meanConfidence(words: OcrWord[], fallback: number): number {
  if (words.length === 0) return fallback;
  return Math.round((words.reduce((s, w) => s + w.confidence, 0) / words.length) * 10) / 10;
}

function fromRow(row: TableRow, ald: boolean): Omit<PrescriptionItem, 'index'> {
  const posologyText = [row.posology, row.duration].filter((s) => s !== '').join(' ');
  return {
    text: [row.drug, posologyText, row.route].filter((s) => s !== '').join(' '),
    drugText: row.drug,
    posologyText,
    routeText: row.route === '' ? null : row.route,
    routeExpected: row.routeColumn,
    ald,
    boxes: row.boxes,
    ocrConfidence: meanConfidence(row.words, 100),
    ...digitConfidence(row.words),
  };
}

function fromBuilder(b: Builder): Omit<PrescriptionItem, 'index'> {
  return {
    text: b.texts.join(' '),
    drugText: b.drug,
    posologyText: b.posology.join(' ').replace(/\s+/g, ' ').trim(),
    routeText: null,
    ald: b.ald,
    boxes: b.boxes,
    ocrConfidence: meanConfidence(b.words, 100),
    ...digitConfidence(b.words),
    ...(b.unjoined === undefined ? {} : { unjoinedText: b.unjoined }),
  };
}

/**
 * Cuts the document's blocks into prescription items.
 * @param blocks - lines and table rows of the whole document, in reading order
 * @param helpers - drug recogniser and posology test, when available
 */
export function segmentItems(blocks: LayoutBlock[], helpers: LayoutHelpers = {}): PrescriptionItem[] {
  const items: Omit<PrescriptionItem, 'index'>[] = [];
  const isDosage = (t: string): boolean => looksLikeDosage(t) || (helpers.looksLikePosology?.(t) ?? false);
  let ald = false;
  let current: Builder | null = null;
  const flush = (): void => {
    if (current) items.push(fromBuilder(current));
    current = null;
  };
  const isDrugStart = (line: LayoutLine): { rest: string; hint: DrugHint | null } | null => {
    const { marker, rest, weak } = splitItemMarker(line.text);
    if (POSOLOGY_LABEL.test(rest) || !/\p{L}/u.test(rest)) return null;
    const hint = helpers.drugHint?.(rest) ?? null;
    if ((marker !== '' && !weak) || hint?.confident || looksLikeDrugLine(rest)) return { rest, hint };
    return null;
  };
  for (const block of blocks) {
    if (block.kind === 'row') {
      flush();
      items.push(fromRow(block, ald));
      continue;
    }
    const zone = zoneMarkerOf(block.text);
    if (zone) {
      flush();
      ald = zone === 'ald';
      continue;
    }
    const noise = classifyNoise(block.text);
    const start = noise == null ? isDrugStart(block) : null;
    const open: Builder | null = current;
    // an unreadable line (OCR garbage, no dosage in it) near the item is passed over, but the item
    // may be incomplete: it is flagged
    if (open && !start && noise == null && isNear(open, block) && isGarbage(block, isDosage)) {
      open.unjoined = block.text;
      open.bottom = Math.max(open.bottom, block.box.y + block.box.height);
      continue;
    }
    if (open && !start && isContinuation(open, block, noise, isDosage)) {
      const kind = labelKind(block.text);
      if (kind) open.labels.add(kind);
      const text = block.text.replace(POSOLOGY_LABEL, '').slice(garbledLabel(block.text, isDosage));
      open.posology.push(text);
      open.texts.push(block.text);
      open.boxes.push(block.box);
      open.words.push(...block.words);
      open.bottom = block.box.y + block.box.height;
      continue;
    }
    // a line just under the item that was not joined, and reads like a dosage or could not be read:
    // the item may be incomplete, so it must not be presented as sure
    if (
      open &&
      !start &&
      noise == null &&
      isNear(open, block) &&
      (isDosage(block.text) || block.confidence < 60)
    ) {
      open.unjoined = block.text;
    }
    flush();
    if (!start) continue;
    const split = splitDrugAndPosology(start.rest, start.hint?.end);
    current = {
      page: block.page,
      x: block.box.x,
      height: block.box.height,
      bottom: block.box.y + block.box.height,
      drug: split.drug,
      posology: split.posology === '' ? [] : [split.posology],
      texts: [block.text],
      boxes: [block.box],
      words: [...block.words],
      ald,
      labels: new Set(),
    };
  }
  flush();
  return items.map((item, i) => ({ index: i + 1, ...item }));
}

/** OCR confidence under which a line that reads as nothing is taken for garbage. */
const GARBAGE_CONFIDENCE = 45;

/** A line the OCR could not read: low confidence, and nothing of a dosage or a label in it. */
function isGarbage(line: LayoutLine, isDosage: (t: string) => boolean): boolean {
  return line.confidence < GARBAGE_CONFIDENCE && !isDosage(line.text) && labelKind(line.text) == null;
}

function isNear(open: Builder, line: LayoutLine): boolean {
  const gap = line.box.y - open.bottom;
  return line.page === open.page && gap < 1.2 * open.height && gap > -open.height;
}

function isContinuation(
  open: Builder,
  line: LayoutLine,
  noise: ReturnType<typeof classifyNoise>,
  isDosage: (t: string) => boolean,
): boolean {
  if (line.page !== open.page) return false;
  const gap = line.box.y - open.bottom;
  if (gap > 1.2 * open.height || gap < -open.height) return false;
  const indented = line.box.x > open.x + 0.5 * open.height;
  if (noise != null && !(indented && (noise === 'renewal' || noise === 'advice'))) return false;
  const text = line.text.trim();
  const kind = labelKind(text);
  if (kind) return !open.labels.has(kind);
  // a line starting well left of the item's first line is not its continuation (a new, unread item)
  if (line.box.x < open.x - 2 * open.height) return false;
  if (noise == null && garbledLabel(text, isDosage) > 0 && gap < 0.8 * open.height) return true;
  return indented || isDosage(text) || (/^[\p{Ll}\d½¼¾(]/u.test(text) && gap < 0.8 * open.height);
}
