/**
 * @module Normalises a French dosage string (possibly OCR'd) and cuts it into tokens for the rule matcher:
 * lower case, no accents, numbers split from units ("8h" → "8 h"), fractions and compact slot notations
 * ("1-0-1", "1/0/1") kept whole, number words and mixed numbers ("1 1/2", "un et demi") read as values.
 * OCR slips that are near-certain in context (l/I for 1 and O for 0 inside "l-0-l", "l cp") are repaired
 * and flagged so the caller lowers its trust.
 */
import { NUMBER_WORDS, UNIT_WORDS } from './lexicon.js';

/** One token. `n` is set for numbers, `slots` for compact notations ("1-0-1" → [1, 0, 1]). */
export interface Token {
  w: string;
  n?: number;
  /** The number is a fraction (½, 1/2) — may follow a dose: "1 cp ½". */
  frac?: boolean;
  slots?: number[];
  /** The token was repaired from a likely OCR confusion. */
  ocr?: boolean;
  /** The word was replaced by its nearest known word (see ocr-repair.ts). */
  repaired?: boolean;
}

const SPECIAL = /[œŒµμ½¼¾’‘`´–—―×]/g;
const SPECIAL_MAP: Record<string, string> = {
  œ: 'oe',
  Œ: 'oe',
  µ: 'u',
  μ: 'u',
  '½': ' 1/2 ',
  '¼': ' 1/4 ',
  '¾': ' 3/4 ',
  '’': "'",
  '‘': "'",
  '`': "'",
  '´': "'",
  '–': ' , ',
  '—': ' , ',
  '―': ' , ',
  '×': ' x ',
};

const COMPACT =
  /(^|[^a-z0-9.,])((?:\d+(?:[.,]5)?|[lio]|1\/2)(?:\s*[-/]\s*(?:\d+(?:[.,]5)?|[lio]|1\/2)){2,3})(?![a-z0-9/])/g;

/** Lower-case, accent-free, OCR-repaired, spaced text. Exposed for tests and `looksLikePosology`. */
export function normalizeText(text: string): { text: string; ocr: boolean } {
  let ocr = false;
  let s = text.replace(SPECIAL, (ch) => SPECIAL_MAP[ch] ?? ch);
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(s)) s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  s = s.toLowerCase();
  // Compact slot notations first, while "l-0-l" is still recognisable.
  s = s.replace(COMPACT, (_m, pre: string, body: string) => {
    if (!/\d/.test(body)) return `${pre}${body}`;
    const fixed = body.replace(/\s+/g, '').replace(/[li]/g, '1').replace(/o/g, '0');
    if (fixed !== body.replace(/\s+/g, '')) ocr = true;
    // Keep fractions inside slots ("1/2-0-1/2") apart from the slot separator.
    return `${pre} ${fixed.replace(/1\/2/g, 'H')} `;
  });
  s = s
    .replace(/([a-z])\.(?=[a-z])/g, '$1') // q.s.p → qsp, u.i. → ui.
    .replace(/(\d)[.,](?=\d)/g, '$1#') // protect decimal points and commas
    .replace(/[.,;:()[\]!?+]/g, (ch) => (ch === '.' ? ' ' : ch === '+' ? ' et ' : ' , '))
    .replace(/#/g, '.')
    .replace(/([a-z])'/g, "$1' ")
    .replace(/([a-z])-(?=[a-z])/g, '$1 ')
    .replace(/(^|\s)-+(?=\s|$)/g, ' , ')
    .replace(/(\d)\/(?=\d)/g, '$1§') // fractions stay whole
    .replace(/\//g, ' / ')
    .replace(/§/g, '/')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/(?<![\dH])-|-(?![\dH])/g, ' , ') // a dash that is not inside "1-0-1" separates
    .replace(/\s+/g, ' ')
    .trim();
  return { text: s, ocr };
}

function numberOf(w: string): Token {
  if (/^\d+(\.\d+)?$/.test(w)) return { w, n: Number(w) };
  const frac = /^(\d+)\/(\d+)$/.exec(w);
  if (frac) {
    const den = Number(frac[2]);
    if (den > 0) return { w, n: Math.round((Number(frac[1]) / den) * 1e6) / 1e6, frac: true };
  }
  if (/^[\dH.]+(-[\dH.]+){2,3}$/.test(w) || /^[\dH.]+(\/[\dH.]+){2,3}$/.test(w)) {
    const slots = w.split(/[-/]/).map((x) => (x === 'H' ? 0.5 : Number(x)));
    if (slots.every((x) => Number.isFinite(x))) return { w, slots };
  }
  const word = NUMBER_WORDS.get(w);
  if (word !== undefined) return { w, n: word, frac: word < 1 };
  return { w };
}

/**
 * Cuts normalised text into tokens and merges multi-token numbers ("1 1/2", "un demi", "2 et demi").
 * @param text - the raw dosage text
 */
export function tokenize(text: string): { tokens: Token[]; ocr: boolean } {
  const norm = normalizeText(text);
  let ocr = norm.ocr;
  const raw = norm.text === '' ? [] : norm.text.split(' ').map(numberOf);
  const out: Token[] = [];
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!;
    const next = raw[i + 1];
    // OCR: a lone "l"/"i" before a dose unit is a 1 ("l cp le matin").
    if ((t.w === 'l' || t.w === 'i') && next && UNIT_WORDS.has(next.w) && next.w !== 'g') {
      out.push({ w: '1', n: 1, ocr: true });
      ocr = true;
      continue;
    }
    if ((t.w === 'un' || t.w === 'une') && next?.frac) {
      out.push({ w: `${t.w} ${next.w}`, n: next.n!, frac: true }); // "un demi", "une demie", "un quart"
      i++;
      continue;
    }
    if (t.n !== undefined && !t.frac && next?.frac && next.n !== undefined && next.w !== 'quart') {
      out.push({ w: `${t.w} ${next.w}`, n: t.n + next.n }); // "1 1/2"
      i++;
      continue;
    }
    if (t.n !== undefined && !t.frac && next?.w === 'et' && raw[i + 2]?.frac) {
      out.push({ w: `${t.w} et ${raw[i + 2]!.w}`, n: t.n + raw[i + 2]!.n! });
      i += 2;
      continue;
    }
    out.push(t);
  }
  return { tokens: out, ocr };
}
