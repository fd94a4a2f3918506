/**
 * @module Normalises a French dosage string (possibly OCR'd) and cuts it into tokens for the rule matcher:
 * lower case, no accents, numbers split from units ("8h" → "8 h"), fractions and compact slot notations
 * ("1-0-1", "1/0/1") kept whole, number words and mixed numbers ("1 1/2", "un et demi") read as values.
 * OCR slips that are near-certain in context are repaired and flagged so the caller lowers its trust:
 * l/I/|/! for 1 and O for 0 inside "l-0-l" or before a unit ("| cp", "l mois"), "|" or "l" for the "j" of
 * a duration ("pendant 7 |"), ")" for "/j" ("4/)"), "%", "V2", "12" or "72" for ½ before a unit of
 * presentation, "$" for 5, "Ul" for UI and "mi" for ml after a number.
 */
import { DAY_WORDS, NUMBER_WORDS, TIME_WORDS, UNIT_WORDS } from './lexicon.js';

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
  /(^|[^a-z0-9.,%|])((?:\d+(?:[.,]5)?|%\d?|[lio|]|1\/2)(?:\s*[-/]\s*(?:\d+(?:[.,]5)?|%\d?|[lio|]|1\/2)){2,3})(?![a-z0-9/])/g;

/**
 * Brackets the OCR reads for the "j" of "/j" or "inj": "max 4/)", "x 2)" (a closing bracket nothing
 * opened), "x 27}" (the slash read as a 7), "1 in)".
 */
function repairBrackets(text: string): string {
  let s = text
    .replace(/\bin[)}\]](?![a-z0-9])/g, 'inj ')
    .replace(/(\d)\s*\/\s*[)|\]}](?![a-z0-9])/g, '$1/j ');
  if (!/[([{]/.test(s)) {
    s = s.replace(/(\d)7[)\]}](?![a-z0-9])/g, '$1/j ').replace(/(\bx\s?\d+)[)\]}]/g, '$1/j ');
  }
  return s;
}

/** A lone stroke the OCR reads for a 1 or a j ("| cp", "pendant 7 |", "! cp", "[ cp"). */
const STROKE = /(^|\s)[|![\]]+(?=[\s,.;:]|$)/g;

/** Lower-case, accent-free, OCR-repaired, spaced text. Exposed for tests and `looksLikePosology`. */
export function normalizeText(text: string): { text: string; ocr: boolean } {
  let ocr = false;
  let s = text.replace(SPECIAL, (ch) => SPECIAL_MAP[ch] ?? ch);
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(s)) s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  s = s.toLowerCase();
  // Compact slot notations first, while "l-0-l" or "%-0-1" (½-0-1) is still recognisable.
  s = s.replace(COMPACT, (_m, pre: string, body: string) => {
    if (!/\d/.test(body)) return `${pre}${body}`;
    const fixed = body.replace(/\s+/g, '').replace(/[li|]/g, '1').replace(/o/g, '0').replace(/%\d?/g, '1/2');
    if (fixed !== body.replace(/\s+/g, '')) ocr = true;
    // Keep fractions inside slots ("1/2-0-1/2") apart from the slot separator.
    return `${pre} ${fixed.replace(/1\/2/g, 'H')} `;
  });
  if (/[|![\]]/.test(s)) s = s.replace(STROKE, '$1 | ');
  if (/[)\]}|]/.test(s)) {
    const repaired = repairBrackets(s);
    ocr ||= repaired !== s;
    s = repaired;
  }
  // "1 comprimé /" at the end: the "j" of "/j" lost
  if (s.includes('/')) {
    const repaired = s.replace(/([a-z])\s*\/\s*(?=[,;.]|$)/g, '$1 /j ');
    ocr ||= repaired !== s;
    s = repaired;
  }
  s = s
    .replace(/([a-z])\.(?=[a-z])/g, '$1') // q.s.p → qsp, u.i. → ui.
    .replace(/(\d)[.,](?=\d)/g, '$1#') // protect decimal points and commas
    .replace(/[.,;:()[\]!?+]/g, (ch) => (ch === '.' ? ' ' : ch === '+' ? ' et ' : ' , '))
    .replace(/#/g, '.')
    .replace(/([a-z])'/g, "$1' ")
    .replace(/([a-z])-(?=[a-z])/g, '$1 ')
    .replace(/(^|\s)-+(?=\s|$)/g, ' , ')
    .replace(/(^|\s)1 ?(?:er|ere|re)(?=\s|$)/g, '$1premier') // "le 1er jour"
    .replace(/(\d)\/(?=\d)/g, '$1§') // fractions stay whole
    .replace(/(^|[\s\d])(mgr?|ug|mcg|gamma|gr?|ml|ui|iu|u)\s*\/\s*kg(?![a-z])/g, '$1$2§kg') // "mg/kg" is one unit
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

/** The vocabulary the tokenizer repairs OCR slips towards (given by the parser, which owns the rules). */
export interface WordRepair {
  /** A word the rules know. */
  known: (word: string) => boolean;
  /** The known word an unknown word is most likely an OCR slip of ("moss" → mois), if any. */
  repair: (word: string, prev: string | undefined) => string | undefined;
}

/**
 * Cuts normalised text into tokens and merges multi-token numbers ("1 1/2", "un demi", "2 et demi").
 * @param text - the raw dosage text
 * @param words - the vocabulary to repair OCR slips towards (applied first), if any
 */
export function tokenize(text: string, words?: WordRepair): { tokens: Token[]; ocr: boolean } {
  const norm = normalizeText(text);
  let ocr = norm.ocr;
  const raw = norm.text === '' ? [] : norm.text.split(' ').map(numberOf);
  if (words) repairWords(raw, words);
  const out: Token[] = [];
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!;
    const next = raw[i + 1];
    const repaired = ocrRepair(raw, i, out);
    if (repaired) {
      out.push(repaired.tok);
      ocr ||= repaired.tok.ocr === true;
      i += repaired.len - 1;
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

/** Units of presentation as OCR misreads them ("c" read as "o" or "e"). */
const MISREAD_UNITS = new Map([
  ['op', 'cp'],
  ['opr', 'cpr'],
  ['ep', 'cp'],
  ['epr', 'cpr'],
  ['get', 'gel'],
  ['pel', 'gel'],
  ['gei', 'gel'],
  ['mt', 'ml'],
]);
const isWord = (t: Token | undefined): t is Token => t !== undefined && /^[a-z]+$/.test(t.w);

/**
 * Repairs words the OCR garbled, before the stroke rules look at their neighbours: a word split in
 * two ("appli ation", "compri mé") is joined when the join is known or one slip from a known word;
 * a word one slip off is replaced ("pendant 3 moss"). Repaired tokens are marked.
 */
function repairWords(raw: Token[], words: WordRepair): void {
  for (let i = 0; i < raw.length - 1; i++) {
    const a = raw[i];
    const b = raw[i + 1];
    if (!isWord(a) || !isWord(b) || words.known(a.w) || words.known(b.w) || isKnown(a.w) || isKnown(b.w)) {
      continue;
    }
    const joined = `${a.w}${b.w}`;
    const exact = words.known(joined) || isKnown(joined);
    // a join is repaired only from pieces of 3+ letters ("be soi" is "le soir", not "besoin")
    const fixed = exact
      ? joined
      : Math.min(a.w.length, b.w.length) >= 3
        ? words.repair(joined, raw[i - 1]?.w)
        : undefined;
    if (fixed && fixed.length >= 5) raw.splice(i, 2, { w: fixed, ocr: true, repaired: true });
  }
  for (const [i, t] of raw.entries()) {
    if (t.n !== undefined || t.slots || t.repaired || isKnown(t.w)) continue;
    const fixed = words.repair(t.w, raw[i - 1]?.w);
    if (fixed) raw[i] = { w: fixed, ocr: true, repaired: true };
  }
}

/** Words a duration number follows: "pendant 7 j". */
const DURATION_LEAD = new Set(['pendant', 'pdt', 'durant', 'qsp', 'sur', 'pour', 'duree']);
/** Units of presentation a half is given in, never 12 or 72 at once ("½ cp" read as "12 cp"). */
const HALVED = new Set(['tablet', 'capsule', 'sachet', 'suppository', 'ampoule']);
/** Words after which a count is a maximum or a pack size, not a dose ("sans dépasser 12 cp"). */
const NOT_A_DOSE = new Set([
  'max',
  'maximum',
  'depasser',
  'plus',
  'de',
  "jusqu'",
  'total',
  'boite',
  'boites',
]);

/** Words after which a new dose may be printed ("… et 1 le soir"). */
const DOSE_DUE = new Set([',', 'et', 'puis']);
const SLOT_WORDS = new Set(['matin', 'midi', 'soir', 'coucher']);
/** A time of day at `i`: "le soir", "au coucher", "à midi", "matin". */
const isSlot = (raw: Token[], i: number): boolean =>
  SLOT_WORDS.has(raw[i]?.w ?? '') ||
  (['le', 'au', 'a'].includes(raw[i]?.w ?? '') && SLOT_WORDS.has(raw[i + 1]?.w ?? ''));
const isKnown = (w: string): boolean =>
  UNIT_WORDS.has(w) || TIME_WORDS.has(w) || NUMBER_WORDS.has(w) || DAY_WORDS.has(w);
const isUnit = (t: Token | undefined): boolean => t !== undefined && UNIT_WORDS.has(t.w) && t.w !== 'g';
const isTime = (t: Token | undefined): boolean => t !== undefined && TIME_WORDS.has(t.w) && t.w !== 'min';

const one = (tok: Token): { tok: Token; len: number } => ({ tok, len: 1 });
const halved = (u: Token | undefined): boolean => u !== undefined && HALVED.has(UNIT_WORDS.get(u.w) ?? '');

/**
 * Reads a token the OCR most likely garbled, from its neighbours; undefined when it is not one.
 * Every repair is flagged (`ocr`), so the step is never `high`.
 */
function ocrRepair(raw: Token[], i: number, out: Token[]): { tok: Token; len: number } | undefined {
  const t = raw[i]!;
  const next = raw[i + 1];
  const prev = out[out.length - 1];
  const stroke = t.w === '|' || t.w === 'l' || t.w === 'i';
  const unitNext = isUnit(next) || (next !== undefined && MISREAD_UNITS.has(next.w));
  // a lone stroke before a dose unit, a time unit or "fois" is a 1 ("| cp le matin", "pdt l mois")
  if (stroke && (unitNext || (t.w !== 'i' && (isTime(next) || next?.w === 'fois')))) {
    return one({ w: '1', n: 1, ocr: true });
  }
  // "cp" read as "op", "cpr" as "opr", "gél" as "gét" or "pél", after a number
  const misread = MISREAD_UNITS.get(t.w);
  if (misread && prev?.n !== undefined) return one({ w: misread, ocr: true });
  // …and before a time of day, where a dose is due ("1 le matin et | le soir", "caps : ! le matin")
  if (t.w === '|' && isSlot(raw, i + 1) && (prev === undefined || DOSE_DUE.has(prev.w))) {
    return one({ w: '1', n: 1, ocr: true });
  }
  // …after the number of a duration it is the "j" ("pendant 7 |")
  if (
    (t.w === '|' || t.w === 'l') &&
    prev?.n !== undefined &&
    DURATION_LEAD.has(out[out.length - 2]?.w ?? '') &&
    !isTime(next)
  ) {
    return one({ w: 'j', ocr: true });
  }
  if (t.w === '|') return one({ w: ',' });
  // "$" or "S" for 5 before a unit ("pdt $ j", "pendant S jours")
  if ((t.w === '$' || t.w === 's') && (isUnit(next) || isTime(next))) return one({ w: '5', n: 5, ocr: true });
  // "½" read as "%", "v2", "y2", "12" or "72" before a unit of presentation
  const half: Token = { w: '1/2', n: 0.5, frac: true, ocr: true };
  if (t.w === '%' && halved(next)) return one(half);
  const slash = t.w === '/' && prev?.n === undefined;
  if ((t.w === 'v' || t.w === 'y' || slash) && next?.n === 2 && halved(raw[i + 2])) {
    return { tok: half, len: 2 };
  }
  if ((t.w === '12' || t.w === '72') && halved(next) && !NOT_A_DOSE.has(prev?.w ?? '')) return one(half);
  // units misread after a number: "Ul" for UI, "mi" for ml
  if (prev?.n !== undefined && t.w === 'ul') return one({ w: 'ui', ocr: true });
  if (prev?.n !== undefined && t.w === 'mi') return one({ w: 'ml', ocr: true });
  return undefined;
}
