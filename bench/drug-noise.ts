/**
 * @module Seeded OCR-noise simulation for the drug benchmarks (not used by the product).
 *
 * Model, applied to a line in this order:
 * 1. case: with probability 1/3 upper-case the line, 1/3 lower-case it, 1/3 keep it;
 * 2. accents: with probability 1/2 drop all diacritics (é → e, µ is kept);
 * 3. unit confusions, each occurrence with probability `rate`: "mg" → "m9", "µg" → "ug" or "Hg",
 *    "microgrammes" → "ug";
 * 4. character confusions, each eligible character with probability `rate`: O↔0, o→0, l→1/I/|,
 *    I→l/1, 1→l/I, m→rn, rn→m.
 */

/** Deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONFUSIONS: Record<string, string[]> = {
  O: ['0'],
  o: ['0'],
  '0': ['O'],
  l: ['1', 'I', '|'],
  I: ['l', '1'],
  '1': ['l', 'I'],
  m: ['rn'],
};

/**
 * Adds simulated OCR noise to a line.
 * @param line - clean text
 * @param rand - seeded random source
 * @param rate - per-occurrence confusion probability
 */
export function addOcrNoise(line: string, rand: () => number, rate: number): string {
  let s = line;
  const c = rand();
  if (c < 1 / 3) s = s.toUpperCase();
  else if (c < 2 / 3) s = s.toLowerCase();
  if (rand() < 0.5) s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  s = s.replace(/mg|MG|µg|µG|microgrammes/g, (u) => {
    if (rand() >= rate) return u;
    if (/^m/i.test(u) && u.length === 2) return u[0] + '9';
    return rand() < 0.5 ? 'ug' : 'Hg';
  });
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === 'r' && s[i + 1] === 'n' && rand() < rate) {
      out += 'm';
      i++;
      continue;
    }
    const alts = CONFUSIONS[ch];
    if (alts !== undefined && rand() < rate) out += alts[Math.floor(rand() * alts.length)];
    else out += ch;
  }
  return out;
}
