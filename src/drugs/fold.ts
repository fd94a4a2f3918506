/**
 * @module Text folding for drug matching. `foldText` is length-preserving (one output character per
 * input UTF-16 unit) so that offsets found in the folded text are offsets in the original line.
 * `skeleton` folds further, for name comparison only, the characters OCR confuses (O/0, l/1/I/|,
 * rn/m), so that "D0LlPRANE" and "DOLIPRANE" share a skeleton.
 */

const SPECIAL: Record<string, string> = {
  œ: 'o',
  Œ: 'o',
  æ: 'a',
  Æ: 'a',
  µ: 'u',
  μ: 'u',
  ß: 's',
  '’': "'",
  '‘': "'",
  '`': "'",
  '–': '-',
  '—': '-',
  '\u00a0': ' ',
  '\u202f': ' ',
};

/**
 * Lower-cases and strips diacritics, keeping one character per input character.
 * @param ch - one UTF-16 unit
 */
function foldChar(ch: string): string {
  const special = SPECIAL[ch];
  if (special !== undefined) return special;
  const base = ch.normalize('NFD')[0] ?? ch;
  const lower = base.toLowerCase();
  return lower.length === 1 ? lower : base;
}

const cache = new Map<string, string>();

/**
 * Folds a line: lower case, no accents, µ → u, typographic quotes and dashes to ASCII. Same length
 * as the input.
 * @param text - any text
 */
export function foldText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const code = ch.charCodeAt(0);
    if (code < 128) {
      out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
      continue;
    }
    let f = cache.get(ch);
    if (f === undefined) {
      f = foldChar(ch);
      cache.set(ch, f);
    }
    out += f;
  }
  return out;
}

/**
 * Reduces a folded word to its OCR skeleton: digits and letters OCR confuses share one symbol
 * (0/o → o, 1/l/i/| → l, rn → m, 5 → s is NOT folded: it changes strengths), and non-letters drop.
 * @param word - a folded word (see `foldText`)
 */
export function skeleton(word: string): string {
  return word
    .replace(/rn/g, 'm')
    .replace(/[0]/g, 'o')
    .replace(/[1i|!]/g, 'l')
    .replace(/[^a-z2-9]/g, '');
}

/** A word of a line with its offsets in the original text. */
export interface Token {
  /** folded text of the word */
  text: string;
  start: number;
  end: number;
}

/**
 * Splits a folded line into words (letters, digits, `|`, and inner `-`/`'`/`.` joins such as "l.p.").
 * @param folded - output of `foldText`
 */
export function tokenize(folded: string): Token[] {
  const out: Token[] = [];
  // "$" is kept: OCR reads it for a 5 ("$ mg"), and a word holding it is never read verbatim
  const re = /[a-z0-9|$]+/g;
  for (let m = re.exec(folded); m !== null; m = re.exec(folded)) {
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}
