/**
 * @module Repairs an unknown word that is one OCR slip away from a posology word ("rnatin" → "matin",
 * "pendnat" → "pendant", "comprirné" → "comprime"). Only words of 5+ letters, only a unique nearest candidate
 * (edit distance 1, or 2 from 8 letters); the caller flags the repair so the result is never `high`.
 */

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

/**
 * The known word an unknown word most likely is, or undefined.
 * @param word - normalised unknown word
 * @param vocabulary - known words (5+ letters)
 */
export function repairWord(word: string, vocabulary: Set<string>): string | undefined {
  if (word.length < 5 || vocabulary.has(word) || !/^[a-z0-9]+$/.test(word)) return undefined;
  const w = word.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/0/g, 'o').replace(/1/g, 'l');
  if (w !== word && vocabulary.has(w)) return w;
  const max = w.length >= 8 ? 2 : 1;
  let found: string | undefined;
  let foundD = max + 1;
  let ties = 0;
  for (const v of vocabulary) {
    const d = distance(w, v, max);
    if (d < foundD) {
      found = v;
      foundD = d;
      ties = 0;
    } else if (d === foundD) ties++;
  }
  return foundD <= max && ties === 0 ? found : undefined;
}
