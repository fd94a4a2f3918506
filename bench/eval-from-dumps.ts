/**
 * @module Hand-run end-to-end measure of layout + drugs + posology + FHIR on the OCR dumps:
 * for each `/work/cache/ocr/<id>.json` (`{pages}`, written by `bench/ocr-dump.ts`),
 * `readPrescription` + `toRequestGroup` → `<out>/<id>.json`, then the eval scorer.
 *
 *   npx tsx bench/eval-from-dumps.ts [dumpDir] [outDir] [--details]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadDrugIndex } from '../src/drugs/index.js';
import { toRequestGroup } from '../src/fhir/index.js';
import { readPrescription } from '../src/scan/pipeline.js';
import type { PageText } from '../src/scan/types.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const dumpDir = args[0] ?? '/work/cache/ocr';
const outDir = args[1] ?? '/tmp/ordoscan-eval-out';
const truthDir = '/work/shared/eval/dev';
const scorer = '/work/shared/eval/score.mjs';

mkdirSync(outDir, { recursive: true });
const drugs = await loadDrugIndex();
const started = Date.now();
let n = 0;
for (const file of readdirSync(dumpDir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const id = file.replace(/\.json$/, '');
  const { pages } = JSON.parse(readFileSync(path.join(dumpDir, file), 'utf8')) as { pages: PageText[] };
  const read = readPrescription({ drugs }, pages);
  const group = toRequestGroup(read, {
    prescriptionId: id,
    patientId: 'bench-patient',
    practitioner: { name: 'Bench User', rpps: null },
  });
  writeFileSync(path.join(outDir, `${id}.json`), JSON.stringify(group, null, 1));
  n++;
}
console.log(`${n} documents read in ${Date.now() - started} ms → ${outDir}`);
const extra = process.argv.includes('--details') ? ['--json', '--details'] : [];
console.log(
  execFileSync('node', [scorer, '--truth', truthDir, '--pred', outDir, ...extra], { encoding: 'utf8' }),
);
