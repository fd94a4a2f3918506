/**
 * @module Reading the parts of a line that follow a drug name: strength, "LP", printed form words,
 * and the dose unit of the posology that follows (a hint: "1 gél matin" means capsules). Where this
 * reading stops is where the drug span ends and the posology begins.
 */
import { skeleton, type Token } from './fold.js';
import { expandFormWord, isFormFiller } from './forms.js';
import { findBareNumber, findStrengths, type StrengthMatch } from './strength.js';

/** What was read after the name. */
export interface DrugTail {
  strength: StrengthMatch | null;
  /** A number without unit right after the name ("DOLIPRANE 1000"), consumed only if it fits. */
  bare: { value: number; end: number; nextToken: number } | null;
  lp: boolean;
  /** Expanded printed form words, in order ([["comprime"], ["pellicule"]]). */
  formWords: string[][];
  /** End offset of the drug part (exclusive). */
  end: number;
  /** Index of the first token after the drug part. */
  nextToken: number;
}

/** Folded words that end a drug part even if BDPM forms use them. */
const STOP = new Set([
  'dose',
  'doses',
  'par',
  'jour',
  'jours',
  'matin',
  'midi',
  'soir',
  'avec',
  'sans',
  'si',
  'ou',
  'au',
  'le',
  'les',
  'une',
  'un',
  'des',
  'fois',
  'pendant',
  'dans',
]);

const isNumeric = (t: string): boolean => /^[0-9]/.test(t) && (t.match(/[a-z]/g) ?? []).length <= 3;

/**
 * Tells whether a token reads as a number (possibly with a glued unit, "500mg").
 * @param text - folded token text
 */
export function isNumericToken(text: string): boolean {
  return isNumeric(text);
}

/** What may follow the last word of the drug part: the end of the line or a separator. */
const ENDS_DRUG_PART = /^\s*(?:[:;,–-]|$)/;

/**
 * Reads strength, LP and form words from token `from` on.
 * @param folded - folded line
 * @param tokens - its tokens
 * @param from - index of the first token after the name
 * @param formVocabulary - folded words of BDPM forms
 * @param takeBare - whether a leading bare number is taken as the strength
 */
export function readTail(
  folded: string,
  tokens: Token[],
  from: number,
  formVocabulary: Set<string>,
  takeBare: boolean,
): DrugTail {
  const tail: DrugTail = { strength: null, bare: null, lp: false, formWords: [], end: 0, nextToken: from };
  const startOffset = tokens[from]?.start ?? folded.length;
  const strengths = findStrengths(folded, startOffset);
  let j = from;
  let end = from > 0 ? (tokens[from - 1]?.end ?? 0) : 0;
  while (j < tokens.length && j < from + 14) {
    const tok = tokens[j] as Token;
    // a fraction "½", a colon or a parenthesis between words ends the drug part
    const gapStart = Math.max(end, tokens[j - 1]?.end ?? 0);
    if (j > from && /[^\s/,.'+-]/.test(folded.slice(gapStart, tok.start))) break;
    const s = strengths.find((m) => m.start === tok.start);
    // The strength usually comes first, but may follow the form ("DOLIPRANE cp 1000 mg", "NICOTINE
    // patch 21 mg/24 h") when it ends the drug part: an amount followed by more words after the form
    // is the dose of the posology ("MOVIPREP sol buv 5 mL matin et soir").
    if (
      s !== undefined &&
      tail.strength === null &&
      tail.bare === null &&
      (tail.formWords.length === 0 || ENDS_DRUG_PART.test(folded.slice(s.end)))
    ) {
      tail.strength = s;
      end = s.end;
      while (j < tokens.length && (tokens[j] as Token).start < s.end) j++;
      continue;
    }
    if (skeleton(tok.text) === 'lp' || (tok.text === 'l' && tokens[j + 1]?.text === 'p')) {
      tail.lp = true;
      j += tok.text === 'l' ? 2 : 1;
      end = (tokens[j - 1] as Token).end;
      continue;
    }
    if (j === from && takeBare && isNumeric(tok.text) && /^[0-9]+$/.test(tok.text)) {
      const bare = findBareNumber(folded, tok.start);
      if (bare !== null && bare.start === tok.start) {
        tail.bare = { value: bare.value, end: bare.end, nextToken: j + 1 };
        end = bare.end;
        j++;
        continue;
      }
    }
    const joined = folded[tok.start - 1] === '-' && tail.formWords.length > 0; // "sachet-dose"
    if (isNumeric(tok.text) || (STOP.has(tok.text) && !joined)) break;
    if (/^\s*:/.test(folded.slice(tok.end, tok.end + 3))) break; // "comprimés : 2-1-1" is posology
    const expanded = expandFormWord(tok.text);
    if (expanded !== null || (tok.text.length >= 3 && formVocabulary.has(tok.text))) {
      tail.formWords.push(expanded ?? [tok.text]);
      // "gél." : the abbreviation dot belongs to the drug part
      end = folded[tok.end] === '.' && expanded !== null ? tok.end + 1 : tok.end;
      j++;
      continue;
    }
    const next = tokens[j + 1];
    if (isFormFiller(tok.text) && next !== undefined && tail.formWords.length > 0) {
      if (expandFormWord(next.text) !== null || formVocabulary.has(next.text)) {
        j++;
        continue;
      }
    }
    break;
  }
  tail.end = end;
  tail.nextToken = j;
  return tail;
}

/** Dose-unit words of a posology → form families they imply. */
const UNIT_FAMILIES: [RegExp, string[]][] = [
  [/^(cp|cpr|cps|comp|comprimes?)$/, ['tablet']],
  [/^(gel|gelules?|caps|capsules?)$/, ['capsule']],
  [/^(sach|sachets?)$/, ['sachet', 'granules']],
  [/^(amp|ampoules?)$/, ['ampoule']],
  [/^(suppo|suppositoires?)$/, ['suppository']],
  [/^(gouttes?|gtt)$/, ['drop', 'eye-drop', 'oral-liquid']],
  [/^(injections?|inj)$/, ['injection', 'pen', 'syringe', 'ampoule']],
  [/^(applications?)$/, ['cream', 'solution']],
  [/^(bouffees?|inhalations?)$/, ['inhalation', 'spray']],
  [/^(patch|patchs)$/, ['patch']],
];

/**
 * The form families implied by the first dose unit of the posology after the drug ("1 gél" →
 * capsule), or null when none is printed.
 * @param tokens - tokens of the line
 * @param from - first token after the drug part
 */
export function posologyFormHint(tokens: Token[], from: number): string[] | null {
  for (let j = from; j < Math.min(tokens.length, from + 6); j++) {
    const t = (tokens[j] as Token).text;
    for (const [re, families] of UNIT_FAMILIES) if (re.test(t)) return families;
  }
  return null;
}
