/**
 * @module Bounded edit distance and vocabulary correction for OCR-damaged words (a dropped, added or
 * misread letter that the skeleton folding of `fold.ts` does not cover).
 */

/**
 * Levenshtein distance between two strings, or `max + 1` as soon as it exceeds `max`.
 * @param a - first word
 * @param b - second word
 * @param max - largest distance of interest
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** Edits tolerated for a word of this length: none under 5 letters, 1 up to 8, then 2. */
export function allowedEdits(length: number): number {
  return length < 5 ? 0 : length < 9 ? 1 : 2;
}

/** Single-deletion variants of a word, the word itself included (SymSpell-style keys). */
function deletions(word: string): string[] {
  const out = [word];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/**
 * A vocabulary of skeleton words with near-match lookups. Candidates come from a single-deletion
 * index (any word within one edit shares a deletion key; most within two do), then are checked with
 * the bounded edit distance; answers are memoised.
 */
export class Vocabulary {
  private readonly words = new Set<string>();
  private readonly byDeletion = new Map<string, string[]>();
  private readonly memo = new Map<string, { word: string; distance: number } | null>();

  /**
   * Adds a word.
   * @param word - a skeleton word
   */
  add(word: string): void {
    if (word === '' || this.words.has(word)) return;
    this.words.add(word);
    this.memo.clear();
    if (allowedEdits(word.length + 1) === 0) return;
    for (const d of deletions(word)) {
      const list = this.byDeletion.get(d);
      if (list === undefined) this.byDeletion.set(d, [word]);
      else list.push(word);
    }
  }

  /**
   * Tells whether the exact word is known.
   * @param word - a skeleton word
   */
  has(word: string): boolean {
    return this.words.has(word);
  }

  /**
   * The known word itself, else the nearest known word within the allowed edits, with its distance.
   * @param word - a skeleton word
   */
  correct(word: string): { word: string; distance: number } | null {
    if (this.words.has(word)) return { word, distance: 0 };
    const max = allowedEdits(word.length);
    if (max === 0) return null;
    const cached = this.memo.get(word);
    if (cached !== undefined) return cached;
    let best: { word: string; distance: number } | null = null;
    for (const d of deletions(word)) {
      for (const w of this.byDeletion.get(d) ?? []) {
        const dist = boundedDistance(word, w, best === null ? max : best.distance - 1);
        if (dist <= max && (best === null || dist < best.distance)) best = { word: w, distance: dist };
      }
    }
    if (this.memo.size > 50_000) this.memo.clear();
    this.memo.set(word, best);
    return best;
  }
}
