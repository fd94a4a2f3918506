/**
 * @module Hand-run: `npx tsx bench/ocr-stages.ts [id|kind ...]`. Time per stage of `readPages` for
 * each page of the chosen dev documents (default: two of each kind): ingest (decode / pdf.js),
 * each preprocessing step, PNG hand-off, tesseract, display encoding. One document at a time.
 */
import { performance } from 'node:perf_hooks';
import { encodeJpeg, encodePng } from '../src/scan/ingest/gray-image.js';
import { decodeImagePages } from '../src/scan/ingest/image.js';
import { detectMediaType } from '../src/scan/ingest/media-type.js';
import { readPdfPages } from '../src/scan/ingest/pdf.js';
import type { IngestedPage } from '../src/scan/ingest/types.js';
import { preparePage, type PrepareOptions } from '../src/scan/ocr/prepare-page.js';
import { createTesseractEngine } from '../src/scan/ocr/tesseract.js';
import { loadDevSet, readDevFiles } from './ocr-devset.js';

const ocr = await createTesseractEngine({ workers: 1 });
const args = process.argv.slice(2);
/** `--prep={"textHeight":20}` switches preprocessing steps from their defaults. */
const prepare = JSON.parse(
  args.find((a) => a.startsWith('--prep='))?.slice(7) ?? '{}',
) as Partial<PrepareOptions>;
const only = args.filter((a) => !a.startsWith('--'));
let docs = await loadDevSet(only);
if (only.length === 0) {
  const byKind = new Map<string, number>();
  docs = docs.filter((d) => {
    const n = byKind.get(d.kind) ?? 0;
    byKind.set(d.kind, n + 1);
    return n < 2;
  });
}
const totals = new Map<string, Map<string, number[]>>();
const add = (kind: string, stage: string, ms: number): void => {
  const k = totals.get(kind) ?? new Map<string, number[]>();
  totals.set(kind, k);
  k.set(stage, [...(k.get(stage) ?? []), ms]);
};
try {
  for (const doc of docs) {
    for (const f of await readDevFiles(doc)) {
      let t = performance.now();
      const type = detectMediaType(f.bytes);
      const pages: IngestedPage[] =
        type === 'pdf'
          ? await readPdfPages(f.bytes)
          : (await decodeImagePages(f.bytes, type)).map((image) => ({ kind: 'raster', origin: type, image }));
      const ingestMs = (performance.now() - t) / pages.length;
      for (const p of pages) {
        add(doc.kind, 'ingest', ingestMs);
        if (p.kind === 'text') {
          t = performance.now();
          await encodePng(p.image);
          add(doc.kind, 'display-png', performance.now() - t);
          continue;
        }
        const prepared = await preparePage(p.image, p.origin, prepare);
        for (const [stage, ms] of Object.entries(prepared.timings)) add(doc.kind, stage, ms);
        t = performance.now();
        const png = await encodePng(prepared.ocr, 0);
        add(doc.kind, 'ocr-png', performance.now() - t);
        t = performance.now();
        const cpu = process.cpuUsage();
        const r = await ocr.recognize(
          { bytes: png, width: prepared.ocr.width, height: prepared.ocr.height, page: 1 },
          prepared.options,
        );
        add(doc.kind, 'tesseract', performance.now() - t);
        const used = process.cpuUsage(cpu);
        add(doc.kind, 'tesseract-cpu', (used.user + used.system) / 1000);
        t = performance.now();
        await (p.origin === 'jpeg' ? encodeJpeg(prepared.display) : encodePng(prepared.display));
        add(doc.kind, 'display-enc', performance.now() - t);
        console.log(
          `${doc.id} ${doc.kind} ${p.image.width}x${p.image.height} → ocr ${prepared.ocr.width}x${prepared.ocr.height} ${prepared.steps.join(' ')} conf ${r.confidence.toFixed(0)}`,
        );
      }
    }
  }
} finally {
  await ocr.close();
}
for (const [kind, stages] of totals) {
  const parts = [...stages].map(
    ([s, ms]) => `${s} ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(0)}`,
  );
  console.log(`${kind.padEnd(8)} mean ms/page: ${parts.join(', ')}`);
}
