/**
 * @module Character error rate of a printed string against OCR output, for the OCR benchmarks:
 * the best approximate substring match (Sellers' edit distance with a free start and end in the
 * page text), divided by the length of the printed string.
 */

/** Folds what OCR scoring should not count: Unicode form, runs of spaces, look-alike micro signs. */
export function normaliseForCer(s: string): string {
  return s.normalize('NFC').replace(/μ/g, 'µ').replace(/[–—]/g, '-').replace(/\s+/g, ' ').trim();
}

/**
 * @param needle - the printed text (truth)
 * @param haystack - the OCR text of the page
 * @returns edit distance of the best match of `needle` anywhere in `haystack`, over `needle`'s length
 */
export function substringCer(needle: string, haystack: string): number {
  const a = normaliseForCer(needle);
  const b = normaliseForCer(haystack);
  if (a.length === 0) return 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j - 1]! + cost, prev[j]! + 1, cur[j - 1]! + 1);
    }
    prev = cur;
  }
  return Math.min(...prev) / a.length;
}
