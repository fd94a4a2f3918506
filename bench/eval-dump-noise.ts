/**
 * @module Hand-run trust check of the whole reading (layout + drugs + posology + reliability) under
 * OCR-like damage: the words of the OCR dumps are damaged with the confusions the dev OCR shows (1 read
 * as l, |, ! or I; ½ as %, 12 or 72; j as | or ); 5 as $ or S; a letter dropped, doubled or swapped…),
 * their confidences left as they were (the worst case: the OCR is sure of its mistake), for several
 * seeds; each damaged set is scored with the eval scorer. Silent errors are the number to watch.
 *
 *   npx tsx bench/eval-dump-noise.ts [dumpDir] [--rate 0.05] [--seeds 3]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDrugIndex } from '../src/drugs/index.js';
import { toRequestGroup } from '../src/fhir/index.js';
import { readPrescription } from '../src/scan/pipeline.js';
import type { PageText } from '../src/scan/types.js';
import { seededRandom } from './drug-noise.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const dumpDir = args.find((a) => !a.startsWith('--') && Number.isNaN(Number(a))) ?? '/work/cache/ocr';
const rate = opt('rate', 0.05);
const seeds = opt('seeds', 3);

const TOKEN_SWAPS: [RegExp, string[]][] = [
  [/^1$/, ['l', '|', '!', 'I']],
  [/^½$/, ['%', '72']],
  [/^j$/, ['|', ')']],
  [/^5$/, ['$', 'S']],
];
const CHAR_SWAPS: Record<string, string[]> = {
  m: ['rn'],
  i: ['l'],
  l: ['1', 'I'],
  o: ['0'],
  e: ['c'],
  c: ['o'],
  r: ['n'],
  u: ['v'],
  '0': ['O'],
  '1': ['l'],
  '5': ['S', '3'],
  '8': ['B', '6'],
  '3': ['8'],
};

function damage(word: string, next: () => number): string {
  if (next() >= rate) return word;
  const swap = TOKEN_SWAPS.find(([re]) => re.test(word));
  if (swap && next() < 0.7) return swap[1][Math.floor(next() * swap[1].length)] ?? word;
  const chars = [...word];
  const i = Math.floor(next() * chars.length);
  const ch = chars[i] ?? '';
  const r = next();
  if (r < 0.2 && chars.length > 1) chars.splice(i, 1);
  else if (r < 0.3) chars.splice(i, 0, ch);
  else {
    const options = CHAR_SWAPS[ch.toLowerCase()];
    if (options) chars[i] = options[Math.floor(next() * options.length)] ?? ch;
  }
  return chars.join('');
}

const drugs = await loadDrugIndex();
const files = readdirSync(dumpDir)
  .filter((f) => f.endsWith('.json'))
  .sort();
for (let seed = 1; seed <= seeds; seed++) {
  const next = seededRandom(seed);
  const out = path.join(os.tmpdir(), `ordoscan-dump-noise-${seed}`);
  mkdirSync(out, { recursive: true });
  for (const file of files) {
    const id = file.replace(/\.json$/, '');
    const { pages } = JSON.parse(readFileSync(path.join(dumpDir, file), 'utf8')) as { pages: PageText[] };
    for (const page of pages) {
      if (page.source !== 'ocr') continue;
      for (const line of page.lines) {
        for (const w of line.words) w.text = damage(w.text, next);
        line.text = line.words.map((w) => w.text).join(' ');
      }
    }
    const read = readPrescription({ drugs }, pages);
    const group = toRequestGroup(read, {
      prescriptionId: id,
      patientId: 'bench-patient',
      practitioner: { name: 'Bench User', rpps: null },
    });
    writeFileSync(path.join(out, `${id}.json`), JSON.stringify(group));
  }
  const res = JSON.parse(
    execFileSync(
      'node',
      ['/work/shared/eval/score.mjs', '--truth', '/work/shared/eval/dev', '--pred', out, '--json'],
      { encoding: 'utf8' },
    ),
  ) as { overall: { f1: number; cisAccuracy: number; posoExact: number; silentErrors: number } };
  const o = res.overall;
  console.log(
    `seed ${seed} (word damage rate ${rate}): F1=${o.f1.toFixed(3)} CIS=${o.cisAccuracy.toFixed(3)} ` +
      `POSO_EXACT=${o.posoExact.toFixed(3)} silent errors ${o.silentErrors}`,
  );
}
