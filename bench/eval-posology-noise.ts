/**
 * @module Hand-run trust check of the posology engine under OCR-like damage: every string of a
 * posology JSONL file (eval format) is damaged with the confusions the dev OCR dumps show (1 read
 * as l, |, ! or I; ½ as %, 12 or 72; j as | or ); 5 as $ or S; 0 as O; a letter dropped or
 * doubled; rn for m; o for c…), several seeds, then parsed. Reports how often a damaged string is
 * still read exactly, and the silent errors: `high` reliability on a reading that is not exact.
 * Exactness uses the eval scorer's own comparison; nothing from the truth is kept.
 *
 *   npx tsx bench/eval-posology-noise.ts [posology.jsonl] [--rate 0.08] [--seeds 5] [--show]
 */
import { readFileSync } from 'node:fs';
import type { Dosage } from '@medplum/fhirtypes';
import { parsePosology } from '../src/scan/posology/index.js';
import { seededRandom } from './drug-noise.js';

interface Entry {
  id: string;
  drug?: string;
  text: string;
  dosage: unknown[];
  impliedRoutes?: string[];
}
type Scorer = {
  compareDosage: (t: unknown[], p: Dosage[], routes: string[]) => { exact: boolean };
};

const args = process.argv.slice(2);
const opt = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const file = args.find((a) => a.endsWith('.jsonl')) ?? '/work/shared/eval/posology-dev.jsonl';
const rate = opt('rate', 0.08);
const seeds = opt('seeds', 5);
const show = args.includes('--show');
const scorerPath: string = '/work/shared/eval/score.mjs';
const scorer = (await import(scorerPath)) as Scorer;

/** Whole-token confusions seen in the OCR dumps. */
const TOKEN_SWAPS: [RegExp, string[]][] = [
  [/^1$/, ['l', '|', '!', 'I', '[']],
  [/^½$/, ['%', '12', '72', 'V2']],
  [/^1\/2$/, ['12', '%']],
  [/^j$/, ['|', ')', 'l']],
  [/^5$/, ['$', 'S']],
  [/^cp$/, ['op', 'ep']],
];
/** Character confusions inside words. */
const CHAR_SWAPS: Record<string, string[]> = {
  m: ['rn'],
  i: ['l', '1'],
  l: ['1', 'i', 'I'],
  o: ['0', 'a'],
  e: ['c', 'é'],
  c: ['o', 'e'],
  r: ['n'],
  s: ['5'],
  u: ['v'],
  '0': ['O', 'o'],
  '1': ['l', 'I'],
  '5': ['S', '3'],
  '8': ['B', '6'],
  '3': ['8', '5'],
};

function damage(text: string, next: () => number): string {
  return text
    .split(' ')
    .map((tok) => {
      if (next() >= rate) return tok;
      const swap = TOKEN_SWAPS.find(([re]) => re.test(tok));
      if (swap && next() < 0.7) return swap[1][Math.floor(next() * swap[1].length)] ?? tok;
      const chars = [...tok];
      const i = Math.floor(next() * chars.length);
      const ch = chars[i] ?? '';
      const r = next();
      if (r < 0.2) chars.splice(i, 1);
      else if (r < 0.3) chars.splice(i, 0, ch);
      else {
        const options = CHAR_SWAPS[ch.toLowerCase()];
        if (options) chars[i] = options[Math.floor(next() * options.length)] ?? ch;
      }
      return chars.join('');
    })
    .join(' ');
}

const entries = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Entry);
let total = 0;
let damaged = 0;
let exact = 0;
let high = 0;
let silent = 0;
for (let seed = 1; seed <= seeds; seed++) {
  const next = seededRandom(seed);
  for (const e of entries) {
    const text = damage(e.text, next);
    const r = parsePosology(text, { drug: e.drug });
    const ok = scorer.compareDosage(e.dosage, r.dosages, e.impliedRoutes ?? []).exact;
    total++;
    if (text !== e.text) damaged++;
    if (ok) exact++;
    if (r.reliability === 'high') high++;
    if (r.reliability === 'high' && !ok) {
      silent++;
      if (show) console.log(`SILENT ${e.id}: ${JSON.stringify(text)} (printed ${JSON.stringify(e.text)})`);
    }
  }
}
const pct = (n: number): string => `${((100 * n) / total).toFixed(1)} %`;
console.log(
  `${total} readings (${seeds} seeds, token damage rate ${rate}); damaged ${damaged} (${pct(damaged)})`,
);
console.log(
  `exact ${exact} (${pct(exact)}); high ${high} (${pct(high)}); silent errors ${silent} (${pct(silent)})`,
);
