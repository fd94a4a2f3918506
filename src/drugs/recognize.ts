/**
 * @module Drug recognition: a line of text → ranked specialties with the span naming the drug.
 * Pure. Names are matched on OCR skeletons (brand words or substance sets), then strength, "LP" and
 * the printed form narrow the candidates; the posology dose unit after the span ("1 gél") breaks
 * ties. Candidates that fit equally well are all returned and flagged `ambiguous`.
 */
import { compactText, type DrugIndex, type IndexedSpecialty } from './drug-index.js';
import { foldText, skeleton, tokenize, type Token } from './fold.js';
import { expandFormWord, formFamilyOf, isKnownAbbreviation } from './forms.js';
import { isNumericToken, posologyFormHint, readTail, type DrugTail } from './line-reading.js';
import { matchNamesAt, type NameMatch } from './name-match.js';
import { findStrengths } from './strength.js';
import type { DrugCandidate, DrugRecognition } from './types.js';

interface Scored {
  entry: IndexedSpecialty;
  score: number;
  /** True when nothing was corrected or assumed: exact name, strength and form as printed. */
  exact: boolean;
  start: number;
  end: number;
  tail: DrugTail;
}

const MAX_CANDIDATES = 50;

function scoreEntry(
  entry: IndexedSpecialty,
  name: NameMatch,
  tail: DrugTail,
): { score: number; exact: boolean } {
  const s = entry.specialty;
  let score = name.quality * Math.pow(0.85, name.extraWords);
  let exact =
    name.edits === 0 && (name.kind === 'brand' || name.kind === 'substance') && name.extraWords === 0;
  if (tail.strength !== null) {
    const { key, wholeKey } = tail.strength;
    // "4000 UI/0,4 ml" names the syringe the catalogue calls "4 000 UI (40 mg)/0,4 ml" (key 4000ui)
    const wholeMatches = wholeKey !== undefined && wholeKey === entry.strengthKey;
    if (key === entry.strengthKey || key === entry.compoStrengthKey || wholeMatches) score *= 1;
    else if (entry.strengthKey === null && entry.compoStrengthKey === null) {
      score *= 0.85;
      exact = false;
    } else {
      score *= 0.35;
      exact = false;
    }
  } else if (tail.bare !== null) {
    score *= entry.strengthNumbers.includes(tail.bare.value) ? 0.97 : 0.4;
    exact = false;
  } else if (entry.strengthKey !== null) {
    score *= 0.9;
  }
  if (tail.lp !== s.modifiedRelease) {
    score *= 0.6;
    exact = false;
  }
  if (tail.formWords.length > 0) {
    const hit = tail.formWords.map((alts) => alts.some((a) => entry.formWords.some((w) => w.startsWith(a))));
    // "gel" may be "gél" (gélule) with its accent lost: it names no family on its own
    const printedFamily = formFamilyOf(
      tail.formWords
        .map((alts) => alts.join(' '))
        .filter((w) => w !== 'gel')
        .join(' '),
    );
    if (printedFamily === 'other' ? hit[0] !== true : printedFamily !== s.formFamily) {
      score *= 0.45;
      exact = false;
    } else score *= 0.85 + (0.15 * hit.filter(Boolean).length) / hit.length;
  }
  if (!s.marketed) score *= 0.85;
  return { score, exact };
}

/**
 * Number of name-like words between a name and a strength printed just after them ("HUMALOG
 * KWIKPEN 200 UI/ml", "SMECTA FRAISE 3 g"): 0 when the strength or form follows the name directly.
 * @param index - drug index
 * @param folded - folded line
 * @param tokens - its tokens
 * @param end - first token after the name
 */
function strengthGap(index: DrugIndex, folded: string, tokens: Token[], end: number): number {
  const direct = readTail(folded, tokens, end, index.formVocabulary, false);
  if (direct.strength !== null) return 0;
  for (let gap = 1; gap <= 2 && end + gap < tokens.length; gap++) {
    const word = (tokens[end + gap - 1] as Token).text;
    if (isNumericToken(word) || expandFormWord(word) !== null) return 0;
    const tail = readTail(folded, tokens, end + gap, index.formVocabulary, false);
    if (tail.strength !== null) return gap;
  }
  return 0;
}

/**
 * Scores every specialty named at the given start tokens; best score per specialty.
 * @param index - drug index
 * @param folded - folded line
 * @param tokens - its tokens
 * @param starts - token indexes where a name may begin
 */
export function scoreLine(index: DrugIndex, folded: string, tokens: Token[], starts: number[]): Scored[] {
  const best = new Map<number, Scored>();
  const strengthStarts = new Set(findStrengths(folded).map((m) => m.start));
  for (const start of starts) {
    const skipPenalty = Math.pow(0.8, start - (starts[0] ?? 0));
    for (const name of matchNamesAt(index, folded, tokens, start, strengthStarts)) {
      const gap = strengthGap(index, folded, tokens, name.end);
      const plain = readTail(folded, tokens, name.end + gap, index.formVocabulary, false);
      const bare = readTail(folded, tokens, name.end + gap, index.formVocabulary, true);
      for (const id of name.ids) {
        const entry = index.entries[id] as IndexedSpecialty;
        const tail = bare.bare !== null && entry.strengthNumbers.includes(bare.bare.value) ? bare : plain;
        const { score, exact } = scoreEntry(entry, name, tail);
        let gapPenalty = 1;
        for (let g = name.end; g < name.end + gap; g++) {
          if (!entry.nameWords.has(skeleton((tokens[g] as Token).text))) gapPenalty *= 0.85;
        }
        const total = score * skipPenalty * gapPenalty;
        const prev = best.get(id);
        if (prev === undefined || prev.score < total) {
          const startOffset = (tokens[name.start] as Token).start;
          best.set(id, {
            entry,
            score: total,
            exact,
            start: startOffset,
            end: Math.max(tail.end, (tokens[name.end - 1] as Token).end),
            tail,
          });
        }
      }
    }
  }
  return [...best.values()];
}

function wordsShared(entry: IndexedSpecialty, words: Set<string>): number {
  let n = 0;
  for (const w of words) if (entry.nameWords.has(w)) n++;
  return n;
}

function equivalent(a: IndexedSpecialty, b: IndexedSpecialty): boolean {
  return (
    a.substanceKey === b.substanceKey &&
    a.strengthKey === b.strengthKey &&
    a.specialty.formFamily === b.specialty.formFamily &&
    a.specialty.modifiedRelease === b.specialty.modifiedRelease
  );
}

/**
 * Ranks scored specialties: score (the posology's dose-unit hint already applied), then marketed,
 * then the form family most common in BDPM (tablets first: the usual prescribed form), then the
 * specialty whose dénomination shares most words with the printed drug ("Tramadol/Paracétamol" → the
 * generic named so rather than a brand), then the family most represented among equally scored
 * candidates, then the shortest name.
 * @param scored - output of `scoreLine`
 * @param hint - form families implied by the posology, or null
 * @param spanWords - skeletons of the words of the best span
 */
function rank(index: DrugIndex, scored: Scored[], hint: string[] | null, spanWords: Set<string>): Scored[] {
  if (hint !== null && scored.some((c) => hint.includes(c.entry.specialty.formFamily))) {
    for (const c of scored) if (!hint.includes(c.entry.specialty.formFamily)) c.score *= 0.97;
  }
  const top = Math.max(...scored.map((c) => c.score));
  const familyCount = new Map<string, number>();
  for (const c of scored) {
    if (c.score < top - 1e-9) continue;
    const f = c.entry.specialty.formFamily;
    familyCount.set(f, (familyCount.get(f) ?? 0) + 1);
  }
  const fam = (c: Scored): number => familyCount.get(c.entry.specialty.formFamily) ?? 0;
  const prior = (c: Scored): number => index.familyRank.get(c.entry.specialty.formFamily) ?? 99;
  const overlap = (c: Scored): number => wordsShared(c.entry, spanWords);
  return scored.sort(
    (a, b) =>
      b.score - a.score ||
      Number(b.entry.specialty.marketed) - Number(a.entry.specialty.marketed) ||
      prior(a) - prior(b) ||
      overlap(b) - overlap(a) ||
      fam(b) - fam(a) ||
      a.entry.specialty.name.length - b.entry.specialty.name.length ||
      a.entry.specialty.cis.localeCompare(b.entry.specialty.cis),
  );
}

/** Units and abbreviations that are printed as such (not OCR corrections). */
const CLEAN_WORDS = new Set([
  'mg',
  'g',
  'ug',
  'mcg',
  'microgrammes',
  'ml',
  'ui',
  'u',
  'lp',
  'l',
  'p',
  'unites',
  'dose',
]);

/**
 * Whether the drug part reads as printed, without OCR corrections: every word is a word of the
 * specialty (folded), a number, a unit or a form abbreviation. "D0LIPRANE 1OOO m9" is not.
 * @param foldedSpan - folded text of the span
 * @param entry - the best specialty
 */
function readsVerbatim(foldedSpan: string, entry: IndexedSpecialty): boolean {
  return tokenize(foldedSpan).every(
    (t) =>
      /^[0-9]+$/.test(t.text) ||
      CLEAN_WORDS.has(t.text) ||
      entry.searchWords.includes(t.text) ||
      isKnownAbbreviation(t.text),
  );
}

function toRecognition(text: string, folded: string, ranked: Scored[]): DrugRecognition {
  const best = ranked[0];
  if (best === undefined) {
    return { candidates: [], span: null, ambiguous: false, strength: null, reliability: 'low' };
  }
  const tier = ranked.filter((c) => c.score >= best.score - 1e-9);
  const candidates: DrugCandidate[] = ranked
    .slice(0, Math.max(MAX_CANDIDATES, Math.min(tier.length, 200)))
    .map((c) => ({ specialty: c.entry.specialty, score: Number(c.score.toFixed(4)) }));
  const allEquivalent = tier.every((c) => equivalent(c.entry, best.entry));
  const clean = readsVerbatim(folded.slice(best.start, best.end), best.entry);
  const reliability =
    best.exact && clean && best.score >= 0.85 && allEquivalent && best.entry.specialty.marketed
      ? 'high'
      : best.score >= 0.6
        ? 'medium'
        : 'low';
  return {
    candidates,
    span: { start: best.start, end: best.end, text: text.slice(best.start, best.end) },
    ambiguous: tier.length > 1,
    strength: best.tail.strength?.text ?? (best.tail.bare !== null ? String(best.tail.bare.value) : null),
    reliability,
  };
}

/** Tokens that may precede the drug name at the start of a line: list numbers and bullets. */
function leadingStarts(tokens: Token[]): number[] {
  let first = 0;
  while (first < tokens.length && first < 2 && /^([0-9]{1,2}|[a-h])$/.test((tokens[first] as Token).text)) {
    first++;
  }
  return [first, first + 1, first + 2].filter((i) => i < tokens.length);
}

/**
 * Recognises the drug printed at the start of a prescription line (the posology may follow).
 * @param index - drug index from `loadDrugIndex` / `buildDrugIndex`
 * @param text - one line of text
 * @returns ranked candidates, the span of the drug part, ambiguity and reliability
 */
export function recognizeDrug(index: DrugIndex, text: string): DrugRecognition {
  const folded = foldText(text);
  const tokens = tokenize(folded);
  const scored = scoreLine(index, folded, tokens, leadingStarts(tokens));
  if (scored.length === 0) return toRecognition(text, folded, []);
  const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
  const after = tokens.findIndex((t) => t.start >= best.end);
  const hint = after < 0 ? null : posologyFormHint(tokens, after);
  const spanWords = new Set(tokenize(folded.slice(best.start, best.end)).map((t) => skeleton(t.text)));
  if (best.tail.strength !== null) {
    spanWords.add(compactText(folded.slice(best.tail.strength.start, best.tail.strength.end)));
  }
  return toRecognition(text, folded, rank(index, scored, hint, spanWords));
}

/** How much a line looks like it names a drug. */
export interface DrugPresence {
  /** 0..1: best recognition score anywhere in the line. */
  score: number;
  /** The drug name begins the line (after a list number or bullet). */
  startsWithDrug: boolean;
  span: { start: number; end: number; text: string } | null;
}

/**
 * Tells whether a line starts with, or merely contains, a drug name ("Allergie : amoxicilline"
 * contains one but does not start with it).
 * @param index - drug index
 * @param text - one line of text
 */
export function detectDrug(index: DrugIndex, text: string): DrugPresence {
  const folded = foldText(text);
  const tokens = tokenize(folded);
  const starts = tokens.map((_, i) => i);
  const scored = scoreLine(index, folded, tokens, starts.slice(0, 40));
  // no skip penalty here: score each start on its own
  if (scored.length === 0) return { score: 0, startsWithDrug: false, span: null };
  const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
  const lead = leadingStarts(tokens)[0] ?? 0;
  const leadOffset = tokens[lead]?.start ?? 0;
  return {
    score: Number(best.score.toFixed(4)),
    startsWithDrug: best.start <= leadOffset,
    span: { start: best.start, end: best.end, text: text.slice(best.start, best.end) },
  };
}
