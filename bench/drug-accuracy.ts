/**
 * @module Drug recognition accuracy on the eval dev set (`/work/shared/eval/dev/*.truth.json`, not
 * shipped): top-1 CIS in `acceptableCis` for (a) the printed drug text, (b) the same with seeded OCR
 * noise (see `drug-noise.ts`), (c) printed drug + " " + posology, where the span must also end at
 * the drug part. Run: `npx tsx bench/drug-accuracy.ts [evalDir] [--rate 0.1] [--seeds 5] [--misses]`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadDrugIndex, recognizeDrug } from '../src/drugs/index.js';
import { addOcrNoise, seededRandom } from './drug-noise.js';

interface TruthLine {
  printedDrug: string;
  posologyText: string;
  acceptableCis: string[];
  drugMode: string;
}

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const dir = args.find((a) => !a.startsWith('--') && !/^[0-9.]+$/.test(a)) ?? '/work/shared/eval/dev';
const rate = opt('--rate', 0.1);
const seeds = opt('--seeds', 5);
const showMisses = args.includes('--misses');

const lines: TruthLine[] = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.truth.json'))
  .sort()
  .flatMap((f) => (JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { lines: TruthLine[] }).lines);

const index = await loadDrugIndex();

function top1(text: string, acceptable: string[]): boolean {
  const cis = recognizeDrug(index, text).candidates[0]?.specialty.cis;
  return cis !== undefined && acceptable.includes(cis);
}

function report(label: string, ok: number, total: number): void {
  console.log(`${label.padEnd(34)} ${ok}/${total} = ${((100 * ok) / total).toFixed(2)} %`);
}

let clean = 0;
for (const l of lines) {
  if (top1(l.printedDrug, l.acceptableCis)) clean++;
  else if (showMisses) miss('clean', l.printedDrug, l);
}
report('clean printedDrug', clean, lines.length);

let noisy = 0;
for (let seed = 1; seed <= seeds; seed++) {
  const rand = seededRandom(seed);
  for (const l of lines) {
    const text = addOcrNoise(l.printedDrug, rand, rate);
    if (top1(text, l.acceptableCis)) noisy++;
    else if (showMisses) miss(`noisy s${seed}`, text, l);
  }
}
report(`OCR noise rate ${rate}, ${seeds} seeds`, noisy, lines.length * seeds);

let full = 0;
let spanOk = 0;
for (const l of lines) {
  const text = `${l.printedDrug} ${l.posologyText}`;
  const r = recognizeDrug(index, text);
  const cis = r.candidates[0]?.specialty.cis;
  if (cis !== undefined && l.acceptableCis.includes(cis)) full++;
  else if (showMisses) miss('full', text, l);
  if (r.span !== null && r.span.start === 0 && r.span.end === l.printedDrug.length) spanOk++;
  else if (showMisses) {
    console.log(`  span   ${JSON.stringify(r.span?.text)} ≠ ${JSON.stringify(l.printedDrug)}`);
  }
}
report('printedDrug + posology', full, lines.length);
report('  span = printedDrug exactly', spanOk, lines.length);

function miss(kind: string, text: string, l: TruthLine): void {
  const r = recognizeDrug(index, text);
  const top = r.candidates.slice(0, 2).map((c) => `${c.specialty.cis} ${c.specialty.name} (${c.score})`);
  console.log(
    `  ${kind.padEnd(8)} ${JSON.stringify(text)} [${l.drugMode}] → ${top.join(' | ') || 'nothing'}`,
  );
  console.log(
    `           acceptable: ${l.acceptableCis.slice(0, 4).join(' ')}${l.acceptableCis.length > 4 ? ' …' : ''}`,
  );
}
