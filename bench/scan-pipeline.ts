/**
 * Scan engine speed, hand-run (uses the eval dev set, not available in CI):
 *
 *   npx tsx bench/scan-pipeline.ts [--per-kind 2] [--workers 2]
 *
 * 1. latency: each document alone through `createScanEngine` (1 OCR worker) → median s/page per media kind;
 * 2. throughput: all documents at once with `--workers` OCR workers → pages/s with every worker busy;
 * 3. baseline: plain tesseract.js (fra+eng, one worker, `recognize` on the engine's normalised page
 *    images) on the same pages → median s/page;
 * then the peak RSS of the process (OCR workers are threads of it).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Tesseract from 'tesseract.js';
import { createScanEngine, type ScanPageImage } from '../src/scan/engine.js';

const DEV = '/work/shared/eval/dev';
const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(name);
  return i === -1 ? def : Number(args[i + 1]);
};
const perKind = opt('--per-kind', 2);
const workers = opt('--workers', 2);

interface Doc {
  id: string;
  kind: string;
  files: Buffer[];
}
const byKind = new Map<string, Doc[]>();
for (const f of fs
  .readdirSync(DEV)
  .filter((n) => n.endsWith('.truth.json'))
  .sort()) {
  const t = JSON.parse(fs.readFileSync(path.join(DEV, f), 'utf8')) as {
    id: string;
    files: string[];
    media: { kind: string };
  };
  const list = byKind.get(t.media.kind) ?? [];
  if (list.length < perKind) {
    list.push({
      id: t.id,
      kind: t.media.kind,
      files: t.files.map((x) => fs.readFileSync(path.join(DEV, x))),
    });
  }
  byKind.set(t.media.kind, list);
}
const docs = [...byKind.values()].flat();
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

// 1. Latency, one document at a time, one OCR worker.
const single = await createScanEngine({ ocrWorkers: 1 });
await single.scan(docs[0]?.files.map((bytes) => ({ bytes })) ?? []); // warm-up (tesseract, pdf.js)
const perPage = new Map<string, number[]>();
const images: ScanPageImage[] = [];
for (const d of docs) {
  const t0 = performance.now();
  const out = await single.scan(d.files.map((bytes) => ({ bytes })));
  const s = (performance.now() - t0) / 1000 / out.pageImages.length;
  perPage.set(d.kind, [...(perPage.get(d.kind) ?? []), s]);
  images.push(...out.pageImages);
}
await single.close();

// 2. Throughput with every worker busy.
const pool = await createScanEngine({ ocrWorkers: workers });
await pool.scan(docs[0]?.files.map((bytes) => ({ bytes })) ?? []);
let next = 0;
let pages = 0;
const t1 = performance.now();
await Promise.all(
  Array.from({ length: workers }, async () => {
    for (let i = next++; i < docs.length; i = next++) {
      pages += (await pool.scan(docs[i]?.files.map((bytes) => ({ bytes })) ?? [])).pageImages.length;
    }
  }),
);
const pagesPerSecond = pages / ((performance.now() - t1) / 1000);
await pool.close();

// 3. Plain tesseract.js on the same (normalised) page images.
const require = createRequire(import.meta.url);
const langPath = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-tessdata-'));
for (const lang of ['fra', 'eng']) {
  const pkg = path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
  fs.symlinkSync(
    path.join(pkg, '4.0.0', `${lang}.traineddata.gz`),
    path.join(langPath, `${lang}.traineddata.gz`),
  );
}
const plain = await Tesseract.createWorker(['fra', 'eng'], Tesseract.OEM.LSTM_ONLY, {
  langPath,
  cacheMethod: 'none',
  gzip: true,
});
const plainTimes: number[] = [];
for (const img of images) {
  const t0 = performance.now();
  await plain.recognize(img.bytes);
  plainTimes.push((performance.now() - t0) / 1000);
}
await plain.terminate();
fs.rmSync(langPath, { recursive: true, force: true });

console.log(
  `documents: ${docs.length} (${perKind} per media kind), pages: ${images.length}, cores: ${os.availableParallelism()}, load: ${os.loadavg()[0]?.toFixed(1)}`,
);
for (const [kind, xs] of perPage) {
  console.log(`  ${kind.padEnd(9)} median ${median(xs).toFixed(2)} s/page (n=${xs.length})`);
}
console.log(`engine, 1 worker:          median ${median([...perPage.values()].flat()).toFixed(2)} s/page`);
console.log(`plain tesseract.js:        median ${median(plainTimes).toFixed(2)} s/page (same page images)`);
console.log(`engine, ${workers} workers busy:    ${pagesPerSecond.toFixed(2)} pages/s`);
console.log(`peak RSS:                  ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
