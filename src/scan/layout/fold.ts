/**
 * @module Text folding for matching printed French text: accents removed, lower case, typographic
 * quotes and dashes unified, spaces collapsed. Only for comparisons; printed text is kept as is.
 */

/**
 * Folds a text for comparison: `"Née le 12/09/1959 — F"` → `"nee le 12/09/1959 - f"`.
 * @param text - the text as printed or read
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[«»“”]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Item markers that open a prescription line: bullets, dashes, "1)", "2.", "Médicament 3 :". */
const ITEM_MARKER =
  /^[\s\p{P}\p{S}]*?(?:[-•*·▪►■●◦°.‘'«»~—–]\s*(?=\p{L})|\d{1,2}\s*[).]+(?:\s*[^\p{L}\p{N}\s]{1,2})*\s*(?=\p{L})|m[ée]dicament\s*(?:n[°o]\s*)?\d{0,2}\s*:\s*|m[ée]dicament\s*(?:n[°o]\s*)?\d{1,2}\s*[.\-–—]?\s*(?=\p{L}))/iu;

/**
 * Splits a leading item marker off a line: `"2) Colchicine 1 mg"` → `{marker: "2) ", rest: "Colchicine 1 mg"}`.
 * @param text - one printed line
 */
export function splitItemMarker(text: string): { marker: string; rest: string; weak: boolean } {
  const m = ITEM_MARKER.exec(text);
  if (m && m[0].length < text.length) return { marker: m[0], rest: text.slice(m[0].length), weak: false };
  const w = WEAK_MARKER.exec(text);
  if (w && w[0].length < text.length) return { marker: w[0], rest: text.slice(w[0].length), weak: true };
  return { marker: '', rest: text, weak: false };
}

/**
 * Markers that OCR may have garbled ("1 TAREG", "4, Ozempic", "> UVEDOSE"): they open an item only
 * when what follows reads as a drug, since a dosage line may start the same way ("1 Comprimé").
 */
const WEAK_MARKER = /^\s*(?:\d{1,2}\s*[,:]?|[>)}\]|])\s+(?=\p{Lu}\p{L}{2})/u;

/**
 * Levenshtein edit distance, for OCR-tolerant comparison of short words.
 * @param a - first word
 * @param b - second word
 */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
