/**
 * Runs `ordoscan scan` over the eval dev set and scores it (hand-run; the eval data is not in CI):
 *
 *   npx tsx bench/eval-scan.ts [--out DIR] [--only dev-001,dev-008] [--workers N] [--dev DIR]
 *
 * Each document's `files` (from its truth) become one prescription: a single file directly, several
 * pages through a folder of symlinks in page order. Writes DIR/<id>.json, then calls
 * `node /work/shared/eval/score.mjs --truth /work/shared/eval/dev --pred DIR`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const EVAL = '/work/shared/eval';
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
/** The documents and truths: the dev set, or another folder of the same shape (`--dev`, e.g. bench/perturb-devset.ts). */
const DEV = path.resolve(opt('--dev') ?? path.join(EVAL, 'dev'));
const out = path.resolve(opt('--out') ?? path.join(os.tmpdir(), 'ordoscan-eval-scan'));
const only = opt('--only')?.split(',');
const workers = opt('--workers');

const truths = fs
  .readdirSync(DEV)
  .filter((f) => f.endsWith('.truth.json'))
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(DEV, f), 'utf8')) as { id: string; files: string[] })
  .filter((t) => only === undefined || only.includes(t.id));

const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'ordoscan-eval-inputs-'));
const inputs = truths.map((t) => {
  if (t.files.length === 1) return path.join(DEV, t.files[0] ?? '');
  const folder = path.join(staging, t.id);
  fs.mkdirSync(folder);
  t.files.forEach((f, i) =>
    fs.symlinkSync(
      path.join(DEV, f),
      path.join(folder, `p${String(i + 1).padStart(3, '0')}${path.extname(f)}`),
    ),
  );
  return folder;
});

fs.rmSync(out, { recursive: true, force: true });
const started = Date.now();
const scan = spawnSync(
  process.execPath,
  [
    'bin/ordoscan.js',
    'scan',
    '--out',
    out,
    ...(workers === undefined ? [] : ['--workers', workers]),
    ...inputs,
  ],
  { stdio: 'inherit' },
);
const seconds = (Date.now() - started) / 1000;
fs.rmSync(staging, { recursive: true, force: true });
console.log(
  `scanned ${truths.length} documents in ${seconds.toFixed(1)} s (exit ${scan.status ?? 'signal'}) → ${out}`,
);

// With --only, score against just those truths (a folder of links), not the whole dev set.
let truthDir = DEV;
if (only !== undefined) {
  truthDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordoscan-eval-truth-'));
  for (const t of truths) {
    fs.symlinkSync(path.join(DEV, `${t.id}.truth.json`), path.join(truthDir, `${t.id}.truth.json`));
  }
}
const scoreArgs = [path.join(EVAL, 'score.mjs'), '--truth', truthDir, '--pred', out];
const score = spawnSync(process.execPath, scoreArgs, { stdio: 'inherit' });
if (truthDir !== DEV) fs.rmSync(truthDir, { recursive: true, force: true });
process.exitCode = score.status ?? 1;
