/**
 * @module Autocomplete search over the drug index: typed prefixes ("dolipr", "amox 1g") → ranked
 * specialties. Every name word of the query must begin a word of the dénomination, form or
 * substances; a typed strength must equal (best) or be part of the specialty's strength.
 */
import type { DrugIndex, IndexedSpecialty } from './drug-index.js';
import { foldText, tokenize } from './fold.js';
import { findStrengths } from './strength.js';

/** One autocomplete answer. */
export interface DrugSearchHit {
  cis: string;
  name: string;
  form: string;
  substances: string[];
  strength: string | null;
  marketed: boolean;
  /** 0..1 */
  score: number;
}

interface WordIndex {
  words: string[];
  ids: number[][];
  /** Folded first word of each specialty's brand, by entry id ('' when it has none). */
  firstBrandWord: string[];
  /** Entry ids by the first character of their brand: a one-letter query matches names, not every word. */
  byInitial: Map<string, Set<number>>;
}

const wordIndexes = new WeakMap<DrugIndex, WordIndex>();

function wordIndexOf(index: DrugIndex): WordIndex {
  const cached = wordIndexes.get(index);
  if (cached !== undefined) return cached;
  const map = new Map<string, number[]>();
  for (const e of index.entries) {
    for (const w of e.searchWords) {
      const list = map.get(w);
      if (list === undefined) map.set(w, [e.id]);
      else list.push(e.id);
    }
  }
  const words = [...map.keys()].sort();
  const firstBrandWord = index.entries.map((e) =>
    e.brandWords.length > 0 ? (foldText(e.specialty.brand).split(/\s+/)[0] ?? '') : '',
  );
  const byInitial = new Map<string, Set<number>>();
  firstBrandWord.forEach((w, id) => {
    const c = w.charAt(0);
    if (c === '') return;
    const set = byInitial.get(c) ?? new Set<number>();
    set.add(id);
    byInitial.set(c, set);
  });
  const built = { words, ids: words.map((w) => map.get(w) as number[]), firstBrandWord, byInitial };
  wordIndexes.set(index, built);
  return built;
}

function idsWithPrefix(wi: WordIndex, prefix: string): Set<number> {
  let lo = 0;
  let hi = wi.words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((wi.words[mid] as string) < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out = new Set<number>();
  for (let i = lo; i < wi.words.length && (wi.words[i] as string).startsWith(prefix); i++) {
    for (const id of wi.ids[i] as number[]) out.add(id);
  }
  return out;
}

function wordScore(entry: IndexedSpecialty, q: string): number {
  let best = 0;
  for (const w of entry.searchWords) {
    if (w === q) return 1;
    if (w.startsWith(q)) best = Math.max(best, 0.6 + (0.3 * q.length) / w.length);
  }
  return best;
}

/**
 * Searches specialties by typed prefixes, best first.
 * @param index - drug index
 * @param query - what the user typed ("dolipr", "amox 1g", "paracétamol 500")
 * @param k - how many results (1..100)
 */
export function searchDrugs(index: DrugIndex, query: string, k = 10): DrugSearchHit[] {
  const folded = foldText(query);
  const strength = findStrengths(folded)[0];
  const words = tokenize(folded)
    .filter((t) => strength === undefined || t.end <= strength.start || t.start >= strength.end)
    .map((t) => t.text);
  if (words.length === 0) return [];
  const wi = wordIndexOf(index);
  const sets = words
    .map((w) =>
      words.length === 1 && w.length === 1
        ? (wi.byInitial.get(w) ?? new Set<number>())
        : idsWithPrefix(wi, w),
    )
    .sort((a, b) => a.size - b.size);
  const [smallest, ...others] = sets;
  const ids = [...(smallest ?? [])].filter((id) => others.every((s) => s.has(id)));
  const scored: { entry: IndexedSpecialty; score: number }[] = [];
  for (const id of ids) {
    const entry = index.entries[id] as IndexedSpecialty;
    let score = words.reduce((sum, w) => sum + wordScore(entry, w), 0) / words.length;
    if (strength !== undefined) {
      const key = entry.strengthKey ?? entry.compoStrengthKey;
      if (key === strength.key) score *= 1;
      else if (key !== null && key.split('+').includes(strength.key)) score *= 0.8;
      else continue;
    }
    const firstWord = wi.firstBrandWord[id] ?? '';
    if (words[0] !== undefined && firstWord.startsWith(words[0])) score *= 1;
    else score *= 0.9;
    if (!entry.specialty.marketed) score *= 0.7;
    scored.push({ entry, score });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      a.entry.specialty.name.length - b.entry.specialty.name.length ||
      a.entry.specialty.name.localeCompare(b.entry.specialty.name),
  );
  return scored.slice(0, Math.max(1, Math.min(100, k))).map(({ entry, score }) => ({
    cis: entry.specialty.cis,
    name: entry.specialty.name,
    form: entry.specialty.form,
    substances: entry.specialty.substances.map((s) => s.name),
    strength: entry.specialty.strength ?? null,
    marketed: entry.specialty.marketed,
    score: Number(score.toFixed(4)),
  }));
}
