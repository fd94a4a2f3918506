/**
 * @module Repairs an unknown word that is one OCR slip away from a posology word ("rnatin" → "matin",
 * "pedant" → "pendant", "comprirne" → "comprime"). Only words of 5+ letters, only a unique nearest candidate
 * (edit distance 1, or 2 from 8 letters); the caller flags the repair so the result is never `high`.
 * Candidates come from a deletion index (SymSpell-style): every word and its 1- and 2-letter deletions map to
 * the vocabulary words they come from, so a lookup costs a few dozen map reads instead of a vocabulary scan.
 * Short words (3–4 letters) are repaired only towards a few dosage words (mois, soir, fois, midi, jour,
 * pdt, qsp), one slip away, or two for a time of day or a time unit where one is due ("le sow" → soir,
 * "pendant 3 mes" → mois).
 */
import { UNIT_WORDS } from './lexicon.js';

/** Levenshtein distance with an early exit above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

function deletions(word: string, depth: number, out: Set<string>): Set<string> {
  out.add(word);
  if (depth === 0) return out;
  for (let i = 0; i < word.length; i++) deletions(word.slice(0, i) + word.slice(i + 1), depth - 1, out);
  return out;
}

const maxDistance = (len: number): number => (len >= 8 ? 2 : 1);

/** A vocabulary prepared for `repairWord`. */
export interface RepairIndex {
  words: Set<string>;
  byDeletion: Map<string, string[]>;
}

/**
 * Builds the deletion index of a vocabulary.
 * @param vocabulary - known words (5+ letters)
 */
export function buildRepairIndex(vocabulary: Iterable<string>): RepairIndex {
  const words = new Set(vocabulary);
  const byDeletion = new Map<string, string[]>();
  for (const w of words) {
    for (const d of deletions(w, maxDistance(w.length + 1), new Set())) {
      const list = byDeletion.get(d);
      if (list) list.push(w);
      else byDeletion.set(d, [w]);
    }
  }
  return { words, byDeletion };
}

/**
 * The known word an unknown word most likely is, or undefined.
 * @param word - normalised unknown word
 * @param index - the prepared vocabulary
 */
export function repairWord(word: string, index: RepairIndex): string | undefined {
  if (word.length < 5 || index.words.has(word) || !/^[a-z0-9]+$/.test(word)) return undefined;
  const w = word.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/0/g, 'o').replace(/1/g, 'l');
  if (w !== word && index.words.has(w)) return w;
  const max = maxDistance(w.length);
  const candidates = new Set<string>();
  for (const d of deletions(w, max, new Set())) {
    for (const c of index.byDeletion.get(d) ?? []) candidates.add(c);
  }
  let found: string | undefined;
  let foundD = max + 1;
  let ties = 0;
  for (const c of candidates) {
    const d = distance(w, c, max);
    if (d < foundD) {
      found = c;
      foundD = d;
      ties = 0;
    } else if (d === foundD) ties++;
  }
  return foundD <= max && ties === 0 ? found : undefined;
}

/**
 * Short words of a dosage that OCR often garbles by one letter ("moss", "mots" → mois; "sor" → soir;
 * "foes" → fois; "pat" → pdt). Only these are repaired, and never a common French word.
 */
const SHORT_TARGETS = ['mois', 'soir', 'fois', 'midi', 'jour', 'pdt', 'qsp'];
const SLOT_TARGETS = ['matin', 'midi', 'soir'];
const TIME_TARGETS = ['jours', 'mois', 'semaines'];
/** Words a time of day follows: "le soir", "et midi", "à midi" (and units: "1 cp soir"). */
const SLOT_LEADS = new Set(['le', 'et', 'a', 'au', ',']);
const COMMON_SHORT = new Set(
  (
    'pour sous lors dans avec sans plus tout tous sur par les des une mes ses son mon moi toi lui eux ' +
    'nous vous ils elle qui que mais donc car puis peau eau nez dos main pied bras cou oeil yeux dent foie ' +
    'fort fond font fait mai mars juin noir noix lait pot pas pet mort bois voie voix loin sel jours ' +
    'soirs dit dix six pur pure'
  ).split(' '),
);

/**
 * The short dosage word a 3–4 letter unknown word most likely is (edit distance 1, unique), or undefined.
 * @param word - normalised unknown word
 */
export function repairShortWord(word: string, prev?: string): string | undefined {
  if (word.length < 3 || word.length > 4 || SHORT_TARGETS.includes(word) || !/^[a-z]+$/.test(word)) {
    return undefined;
  }
  // where a time of day is due ("le sow", "et mad", "le son"), the one slot word two slips away
  const slotDue = prev !== undefined && (SLOT_LEADS.has(prev) || UNIT_WORDS.has(prev));
  if (slotDue && distance(word, 'midi', 1) > 1 && distance(word, 'soir', 1) > 1) {
    const slots = SLOT_TARGETS.filter((t) => distance(word, t, 2) <= 2);
    if (slots.length === 1) return slots[0];
  }
  // after a number, where a time unit is due ("pendant 3 mes"), the one time word two slips away
  if (prev !== undefined && /^\d+$/.test(prev) && SHORT_TARGETS.every((t) => distance(word, t, 1) > 1)) {
    const times = TIME_TARGETS.filter((t) => distance(word, t, 2) <= 2);
    if (times.length === 1) return times[0];
  }
  if (COMMON_SHORT.has(word)) return undefined;
  const found = SHORT_TARGETS.filter((t) => distance(word, t, 1) <= 1);
  if (found.length === 1) return found[0];

  // a tie ("lois": fois or mois?) is broken by letters print often confuses (l/f), else left alone
  const likely = found.filter((t) => t.length === word.length && confusable(word, t));
  return likely.length === 1 ? likely[0] : undefined;
}

/** Letter pairs that print and OCR often confuse. */
const CONFUSABLE = new Set(['lf', 'li', 'lt', 'ft', 'rn', 'oa', 'ec', 'uv', 'nm', 'hb', 'ij', 'ao']);

/** Two words of the same length that differ by one pair of easily confused letters. */
function confusable(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return CONFUSABLE.has(`${a[i]}${b[i]}`) || CONFUSABLE.has(`${b[i]}${a[i]}`);
  }
  return false;
}
