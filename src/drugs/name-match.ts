/**
 * @module Finding drug names at a token position: brand names ("DOLIPRANE", "AMOXICILLINE ARROW
 * LAB") word by word, and substance lists ("Amoxicilline / Acide clavulanique") as a set, both on
 * OCR skeletons with a small edit tolerance for longer words.
 */
import type { DrugIndex } from './drug-index.js';
import { skeleton, type Token } from './fold.js';
import { expandFormWord } from './forms.js';
import { isNumericToken } from './line-reading.js';
import { substanceWords } from './substances.js';

/** Specialties whose name was found at tokens [start, end). */
export interface NameMatch {
  ids: number[];
  start: number;
  end: number;
  /** 1 for an exact full name; lower with corrections or partial brands. */
  quality: number;
  /** Number of corrected (fuzzy) words. */
  edits: number;
  kind: 'brand' | 'substance' | 'truncated-brand' | 'partial-brand';
  /** Name-like tokens between the name and the strength that the name did not use. */
  extraWords: number;
}

const skip = (t: string): boolean => t === 'et' || t === 'de';

function brandMatches(index: DrugIndex, tokens: Token[], start: number): NameMatch[] {
  const first = tokens[start];
  if (first === undefined || first.text.length < 2 || isNumericToken(first.text)) return [];
  const corrected = index.brandVocabulary.correct(skeleton(first.text));
  if (corrected === null) return [];
  const out: NameMatch[] = [];
  for (const group of index.brandsByFirstWord.get(corrected.word) ?? []) {
    let edits = corrected.distance > 0 ? 1 : 0;
    let k = 1;
    for (; k < group.words.length; k++) {
      const tok = tokens[start + k];
      if (tok === undefined) break;
      const want = group.words[k] as string;
      const sk = skeleton(tok.text);
      if (sk === want) continue;
      const c = index.brandVocabulary.correct(sk);
      if (c?.word !== want) break;
      edits++;
    }
    const full = k === group.words.length;
    // "DOLIPRANE 1000 mg" for "DOLIPRANE ADULTES 1000 mg": trailing brand words left out
    const next = tokens[start + k]?.text;
    const truncated =
      next === undefined || isNumericToken(next) || skeleton(next) === 'lp' || expandFormWord(next) !== null;
    const missing = group.words.length - k;
    out.push({
      ids: group.ids,
      start,
      end: start + k,
      quality: full
        ? 1 - 0.04 * edits
        : truncated
          ? Math.max(0.5, 0.75 - 0.05 * (missing - 1) - 0.04 * edits)
          : (0.5 * k) / group.words.length,
      edits,
      kind: full ? 'brand' : truncated ? 'truncated-brand' : 'partial-brand',
      extraWords: 0,
    });
  }
  return out;
}

function substanceMatch(
  index: DrugIndex,
  folded: string,
  tokens: Token[],
  start: number,
  strengthStarts: Set<number>,
): NameMatch | null {
  let end = start;
  while (end < tokens.length && end < start + 8) {
    const t = (tokens[end] as Token).text;
    if (isNumericToken(t) || skeleton(t) === 'lp' || expandFormWord(t) !== null) break;
    if (strengthStarts.has((tokens[end] as Token).start)) break;
    end++;
  }
  for (let stop = end; stop > start; stop--) {
    const text = folded.slice((tokens[start] as Token).start, (tokens[stop - 1] as Token).end);
    let edits = 0;
    const keys: string[] = [];
    let ok = true;
    for (const w of substanceWords(text)) {
      if (skip(w)) continue;
      const c = index.substanceVocabulary.correct(skeleton(w));
      if (c === null) {
        ok = false;
        break;
      }
      if (c.distance > 0) edits++;
      keys.push(c.word);
    }
    if (!ok || keys.length === 0) continue;
    const ids = index.bySubstanceKey.get([...new Set(keys)].sort().join(' '));
    if (ids === undefined) continue;
    return {
      ids,
      start,
      end: stop,
      quality: 1 - 0.04 * edits,
      edits,
      kind: 'substance',
      extraWords: end - stop,
    };
  }
  return null;
}

/**
 * All name matches starting at a token.
 * @param index - the drug index
 * @param folded - folded line
 * @param tokens - its tokens
 * @param start - token index
 * @param strengthStarts - offsets where a strength begins (a substance list stops there)
 */
export function matchNamesAt(
  index: DrugIndex,
  folded: string,
  tokens: Token[],
  start: number,
  strengthStarts: Set<number>,
): NameMatch[] {
  const brands = brandMatches(index, tokens, start);
  const substance = substanceMatch(index, folded, tokens, start, strengthStarts);
  const full = brands.filter((b) => b.kind === 'brand' || b.kind === 'truncated-brand');
  if (substance !== null) full.push(substance);
  if (full.length > 0) {
    const longest = Math.max(...full.map((m) => m.end));
    for (const m of full) m.extraWords = Math.max(m.extraWords, nameWordsBetween(tokens, m.end, longest));
    return full;
  }
  return brands.filter((b) => b.end > b.start + 0 && b.quality >= 0.25);
}

function nameWordsBetween(tokens: Token[], from: number, to: number): number {
  let n = 0;
  for (let j = from; j < to; j++) if (!isNumericToken((tokens[j] as Token).text)) n++;
  return n;
}
