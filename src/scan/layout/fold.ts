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
  const label = garbledLabel(text);
  if (label > 0) return { marker: text.slice(0, label), rest: text.slice(label), weak: false };
  const m = ITEM_MARKER.exec(text);
  if (m && m[0].length < text.length) return { marker: m[0], rest: text.slice(m[0].length), weak: false };
  const w = WEAK_MARKER.exec(text);
  if (w && w[0].length < text.length) return { marker: w[0], rest: text.slice(w[0].length), weak: true };
  return { marker: '', rest: text, weak: false };
}

/**
 * An EHR "Médicament" label the OCR garbled ("Medicamem 2", "Modicament +", "Médicarmes: |",
 * "Médicament ©"): a word a few edits from the label, then an item number and/or a mark, before the
 * drug name. Returns the label's length, 0 when there is none.
 */
function garbledLabel(text: string): number {
  const m = LABEL.exec(text);
  if (!m?.[1]) return 0;
  const word = foldText(m[1]);
  const d = Math.min(editDistance(word, 'medicament'), editDistance(word, 'medicaments'));
  const separated = m[2] !== undefined || (m[3] ?? '').trim() !== '';
  return d === 0 || (d <= 1 && !separated) || (d <= 3 && separated) ? m[0].length : 0;
}

const LABEL =
  /^[\s\p{P}\p{S}]{0,3}(\p{L}{7,12})\s*(?:n[°o]\s*)?(\d{1,2}(?![\d.,]|\s*(?:mg|g|µg|ml|ui|%)(?!\p{L})))?((?:\s*(?:[^\p{L}\p{N}\s]{1,2}|[àa](?=\s)))*)\s+(?=\p{L})/u;

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
