/**
 * @module Hand-run: `npx tsx bench/ocr-speed.ts [docsPerKind=4]`. Median seconds per page of
 * `readPages` for photos, scans (PNG scans and image-only PDFs) and text PDFs, read one document
 * at a time; then pages per second with every worker busy (all documents of the sample at once);
 * peak RSS of the process (tesseract workers are threads of it). Plain tesseract.js on the same
 * ingested images (no preprocessing, one image per page) is timed alongside, to show the
 * preprocessing overhead. Besides wall seconds, CPU seconds per page (every thread of the process)
 * are reported: they do not depend on the other load of a shared machine, and they show what the
 * bands cost (`readPages` cuts one page into bands read by both workers together, which lowers
 * its wall time but not its CPU time; plain reads each page as one image).
 */
import { readPages } from '../src/scan/read-pages.js';
import { encodePng } from '../src/scan/ingest/gray-image.js';
import { decodeImagePages } from '../src/scan/ingest/image.js';
import { detectMediaType } from '../src/scan/ingest/media-type.js';
import { readPdfPages } from '../src/scan/ingest/pdf.js';
import { createTesseractEngine } from '../src/scan/ocr/tesseract.js';
import { loadDevSet, readDevFiles, type DevDoc } from './ocr-devset.js';

const perKind = Number(process.argv[2] ?? 4);
/** Groups of media kinds; `photo+bands` reads the photos with `photoBands` (opt-in, see read-pages). */
const GROUPS: Record<string, { kinds: string[]; photoBands?: boolean }> = {
  photo: { kinds: ['photo'] },
  'photo+bands': { kinds: ['photo'], photoBands: true },
  scan: { kinds: ['scan', 'pdf-scan'] },
  'pdf-text': { kinds: ['pdf-text'] },
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : s.length % 2
      ? s[(s.length - 1) / 2]!
      : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const ocr = await createTesseractEngine();
const all = await loadDevSet();
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const pct = (ours: number, plain: number): string => `${(((ours - plain) / plain) * 100).toFixed(0)}%`;
try {
  console.log(
    'group       docs pages | s/page  plain  overhead | cpu s/page  plain  overhead | pages/s (all workers)',
  );
  for (const [group, { kinds, photoBands }] of Object.entries(GROUPS)) {
    const docs: DevDoc[] = kinds.flatMap((k) =>
      all.filter((d) => d.kind === k).slice(0, Math.ceil(perKind / kinds.length)),
    );
    const inputs = await Promise.all(docs.map((d) => readDevFiles(d)));
    const wall: number[] = [];
    const cpu: number[] = [];
    const plainWall: number[] = [];
    const plainCpu: number[] = [];
    let pages = 0;
    for (const files of inputs) {
      let t0 = performance.now();
      let c0 = cpuSeconds();
      const r = await readPages(files, { ocr, photoBands });
      wall.push((performance.now() - t0) / 1000 / r.pages.length);
      cpu.push((cpuSeconds() - c0) / r.pages.length);
      pages += r.pages.length;
      // Plain: tesseract.js straight on the ingested images (PDF text layers are not OCR'd by readPages,
      // so their plain time is the OCR of the rendered page).
      t0 = performance.now();
      c0 = cpuSeconds();
      let n = 0;
      for (const f of files) {
        const type = detectMediaType(f.bytes);
        const images =
          type === 'pdf'
            ? (await readPdfPages(f.bytes)).map((p) => p.image)
            : await decodeImagePages(f.bytes, type);
        for (const image of images) {
          await ocr.recognize({
            bytes: await encodePng(image),
            width: image.width,
            height: image.height,
            page: ++n,
          });
        }
      }
      plainWall.push((performance.now() - t0) / 1000 / n);
      plainCpu.push((cpuSeconds() - c0) / n);
    }
    const t0 = performance.now();
    const results = await Promise.all(inputs.map((files) => readPages(files, { ocr, photoBands })));
    const throughput = results.reduce((s, r) => s + r.pages.length, 0) / ((performance.now() - t0) / 1000);
    const [m, p, mc, pc] = [median(wall), median(plainWall), median(cpu), median(plainCpu)];
    console.log(
      `${group.padEnd(11)} ${String(docs.length).padStart(4)} ${String(pages).padStart(5)} | ${m.toFixed(2).padStart(6)} ${p.toFixed(2).padStart(6)} ${pct(m, p).padStart(9)} | ${mc.toFixed(2).padStart(10)} ${pc.toFixed(2).padStart(6)} ${pct(mc, pc).padStart(9)} | ${throughput.toFixed(2).padStart(8)}`,
    );
  }
} finally {
  await ocr.close();
}
console.log(
  `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
