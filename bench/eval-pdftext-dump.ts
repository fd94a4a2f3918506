/**
 * @module Hand-run bench helper: turns the text layer of the dev set's `pdf-text` documents into
 * `PageText[]` dumps (`{pages}`) under /work/cache/pdftext/<id>.json, in the same shape as the OCR
 * dumps, so the layout can be measured before/without OCR. Not part of the product.
 *
 *   npx tsx bench/eval-pdftext-dump.ts [truthDir] [outDir]
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { OcrLine, OcrWord, PageText } from '../src/scan/types.js';

const truthDir = process.argv[2] ?? '/work/shared/eval/dev';
const outDir = process.argv[3] ?? '/work/cache/pdftext';
const SCALE = 150 / 72;

interface Item {
  str: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

async function pdfPages(file: string): Promise<PageText[]> {
  const data = new Uint8Array(readFileSync(file));
  const doc = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: PageText[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const vp = page.getViewport({ scale: SCALE });
    const content = await page.getTextContent();
    const items: Item[] = [];
    for (const it of content.items) {
      if (!('str' in it) || it.str.trim() === '') continue;
      const [, , , d, e, f] = it.transform as number[];
      const h = Math.abs(d ?? 10) * SCALE;
      items.push({
        str: it.str,
        x: (e ?? 0) * SCALE,
        y: vp.height - (f ?? 0) * SCALE - h,
        w: it.width * SCALE,
        h,
      });
    }
    items.sort((a, b) => a.y - b.y || a.x - b.x);
    const rows: Item[][] = [];
    for (const it of items) {
      const row = rows.find((r) => Math.abs((r[0]?.y ?? 0) - it.y) < it.h * 0.5);
      if (row) row.push(it);
      else rows.push([it]);
    }
    const lines: OcrLine[] = [];
    for (const row of rows) {
      row.sort((a, b) => a.x - b.x);
      // split into segments where there is a wide gap (columns), as OCR would give separate lines
      let seg: Item[] = [];
      const segs: Item[][] = [];
      for (const it of row) {
        const prev = seg[seg.length - 1];
        if (prev && it.x - (prev.x + prev.w) > prev.h * 2.5) {
          segs.push(seg);
          seg = [];
        }
        seg.push(it);
      }
      if (seg.length) segs.push(seg);
      for (const s of segs) {
        const words: OcrWord[] = [];
        for (const it of s) {
          const per = it.w / Math.max(1, it.str.length);
          for (const m of it.str.matchAll(/\S+/g)) {
            const wx = it.x + (m.index ?? 0) * per;
            words.push({
              text: m[0],
              confidence: 100,
              box: {
                page: p,
                x: Math.round(wx),
                y: Math.round(it.y),
                width: Math.round(m[0].length * per),
                height: Math.round(it.h),
              },
            });
          }
        }
        const x0 = Math.min(...s.map((i) => i.x));
        const x1 = Math.max(...s.map((i) => i.x + i.w));
        const y0 = Math.min(...s.map((i) => i.y));
        const y1 = Math.max(...s.map((i) => i.y + i.h));
        lines.push({
          text: words.map((w) => w.text).join(' '),
          confidence: 100,
          box: {
            page: p,
            x: Math.round(x0),
            y: Math.round(y0),
            width: Math.round(x1 - x0),
            height: Math.round(y1 - y0),
          },
          words,
        });
      }
    }
    pages.push({
      page: p,
      width: Math.round(vp.width),
      height: Math.round(vp.height),
      source: 'pdf-text',
      lines,
      issues: [],
    });
  }
  return pages;
}

mkdirSync(outDir, { recursive: true });
for (const f of readdirSync(truthDir)
  .filter((x) => x.endsWith('.truth.json'))
  .sort()) {
  const truth = JSON.parse(readFileSync(path.join(truthDir, f), 'utf8')) as {
    id: string;
    files: string[];
    media: { kind: string };
  };
  if (truth.media.kind !== 'pdf-text') continue;
  const pages = await pdfPages(path.join(truthDir, truth.files[0] ?? ''));
  writeFileSync(path.join(outDir, `${truth.id}.json`), JSON.stringify({ pages }));
  console.log(truth.id, pages.map((p) => p.lines.length).join('+'), 'lines');
}
