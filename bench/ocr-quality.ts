/**
 * @module Hand-run: `npx tsx bench/ocr-quality.ts [id|kind ...] [--details]`. For each dev document,
 * reads its files with `readPages` (preprocessing + tesseract) and with plain tesseract.js on the
 * ingested images (no preprocessing), then scores, per media kind, how well the printed drug names
 * and posologies were read: share of truth lines with CER ≤ 5 %, mean CER, seconds per page.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readPages } from '../src/scan/read-pages.js';
import { encodePng } from '../src/scan/ingest/gray-image.js';
import { decodeImagePages } from '../src/scan/ingest/image.js';
import { detectMediaType } from '../src/scan/ingest/media-type.js';
import { readPdfPages } from '../src/scan/ingest/pdf.js';
import { createTesseractEngine } from '../src/scan/ocr/tesseract.js';
import type { OcrEngine } from '../src/scan/ocr/engine.js';
import type { PrepareOptions } from '../src/scan/ocr/prepare-page.js';
import type { OcrLine, PageText } from '../src/scan/types.js';
import { substringCer } from './ocr-cer.js';
import { loadDevSet, readDevFiles, type DevDoc } from './ocr-devset.js';

const GOOD_CER = 0.05;
const args = process.argv.slice(2);
const details = args.includes('--details');
const skipPlain = args.includes('--no-plain');
/** `--dump=DIR` also writes `{ pages }` per document, as `ocr-dump.ts` does. */
const dumpDir = args.find((a) => a.startsWith('--dump='))?.slice(7);
/** `--prep=flatten:0,ocrWidth:null,thresholding:2` switches preprocessing steps from their defaults. */
const prepare: Partial<PrepareOptions> = Object.fromEntries(
  (args.find((a) => a.startsWith('--prep='))?.slice(7) ?? '')
    .split(',')
    .filter(Boolean)
    .map((kv) => {
      const [k, v] = kv.split(':') as [keyof PrepareOptions, string];
      return [
        k,
        v === 'null'
          ? null
          : ['ocrWidth', 'textHeight', 'photoTextHeight', 'maxTextHeight', 'thresholding'].includes(k)
            ? Number(v)
            : v === '1',
      ];
    }),
);

/** Plain tesseract.js on the ingested page images: no preprocessing, default parameters. */
async function readPlain(files: { bytes: Buffer }[], ocr: OcrEngine): Promise<PageText[]> {
  const texts: PageText[] = [];
  for (const f of files) {
    const type = detectMediaType(f.bytes);
    const images =
      type === 'pdf'
        ? (await readPdfPages(f.bytes)).map((p) => p.image)
        : await decodeImagePages(f.bytes, type);
    for (const image of images) {
      const page = texts.length + 1;
      const r = await ocr.recognize({
        bytes: await encodePng(image),
        width: image.width,
        height: image.height,
        page,
      });
      texts.push({
        page,
        width: image.width,
        height: image.height,
        source: 'ocr',
        lines: r.lines,
        issues: [],
      });
    }
  }
  return texts;
}

interface Tally {
  drugs: number[];
  posos: number[];
  seconds: number;
  pages: number;
}

/**
 * Texts a printed string may be found in: each line alone, continued by up to two lines below it
 * in the same column (wrapped posologies), or by up to two cells to its right (table rows).
 */
function candidates(lines: OcrLine[]): string[] {
  const below = (l: OcrLine): OcrLine | undefined =>
    lines
      .filter((o) => o.box.y > l.box.y + l.box.height * 0.5 && o.box.y < l.box.y + l.box.height * 2.5)
      .filter((o) => o.box.x < l.box.x + l.box.width && o.box.x + o.box.width > l.box.x)
      .sort((a, b) => a.box.y - b.box.y)[0];
  const right = (l: OcrLine): OcrLine | undefined =>
    lines
      .filter((o) => o.box.x > l.box.x + l.box.width && Math.abs(o.box.y - l.box.y) < l.box.height * 0.7)
      .sort((a, b) => a.box.x - b.box.x)[0];
  const out: string[] = [];
  for (const l of lines) {
    out.push(l.text);
    for (const next of [below, right]) {
      const a = next(l);
      if (!a) continue;
      out.push(`${l.text} ${a.text}`);
      const b = next(a);
      if (b) out.push(`${l.text} ${a.text} ${b.text}`);
    }
  }
  return out;
}

function bestCer(needle: string, texts: string[]): number {
  let best = 1;
  for (const t of texts) best = Math.min(best, substringCer(needle, t));
  return best;
}

function score(doc: DevDoc, pages: PageText[], tag: string): { drugs: number[]; posos: number[] } {
  const drugs: number[] = [];
  const posos: number[] = [];
  for (const line of doc.lines) {
    const texts = candidates(pages.filter((p) => p.page === line.page).flatMap((p) => p.lines));
    const d = bestCer(line.printedDrug, texts);
    const p = bestCer(line.posologyText, texts);
    drugs.push(d);
    posos.push(p);
    if (details && (d > GOOD_CER || p > GOOD_CER)) {
      console.log(
        `  ${tag} ${doc.id} drug ${(d * 100).toFixed(0)}% "${line.printedDrug}" poso ${(p * 100).toFixed(0)}% "${line.posologyText}"`,
      );
    }
  }
  return { drugs, posos };
}

function add(
  map: Map<string, Tally>,
  key: string,
  s: { drugs: number[]; posos: number[] },
  sec: number,
  n: number,
) {
  const t = map.get(key) ?? { drugs: [], posos: [], seconds: 0, pages: 0 };
  t.drugs.push(...s.drugs);
  t.posos.push(...s.posos);
  t.seconds += sec;
  t.pages += n;
  map.set(key, t);
}

const pct = (xs: number[], f: (x: number) => boolean): string =>
  `${((100 * xs.filter(f).length) / Math.max(1, xs.length)).toFixed(1)}%`.padStart(6);
const mean = (xs: number[]): string =>
  `${((100 * xs.reduce((s, x) => s + x, 0)) / Math.max(1, xs.length)).toFixed(1)}%`.padStart(6);

function report(title: string, map: Map<string, Tally>): void {
  console.log(`\n${title}`);
  console.log('kind       lines  drug≤5%  drugCER  poso≤5%  posoCER  s/page');
  const all: Tally = { drugs: [], posos: [], seconds: 0, pages: 0 };
  const rows = [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
  for (const [kind, t] of [...rows, ['ALL', all] as [string, Tally]]) {
    if (kind !== 'ALL') {
      all.drugs.push(...t.drugs);
      all.posos.push(...t.posos);
      all.seconds += t.seconds;
      all.pages += t.pages;
    }
    const good = (x: number): boolean => x <= GOOD_CER;
    console.log(
      `${kind.padEnd(9)} ${String(t.drugs.length).padStart(6)}  ${pct(t.drugs, good)}   ${mean(t.drugs)}   ${pct(t.posos, good)}   ${mean(t.posos)}  ${(t.seconds / Math.max(1, t.pages)).toFixed(2).padStart(6)}`,
    );
  }
}

const ocr = await createTesseractEngine();
const pre = new Map<string, Tally>();
const plain = new Map<string, Tally>();
try {
  for (const doc of await loadDevSet(args.filter((a) => !a.startsWith('--')))) {
    const files = await readDevFiles(doc);
    let t0 = performance.now();
    const { pages } = await readPages(files, { ocr, prepare });
    if (dumpDir) await writeFile(join(dumpDir, `${doc.id}.json`), JSON.stringify({ pages }, null, 1));
    add(pre, doc.kind, score(doc, pages, 'pre'), (performance.now() - t0) / 1000, pages.length);
    if (!skipPlain) {
      t0 = performance.now();
      const plainPages = await readPlain(files, ocr);
      add(
        plain,
        doc.kind,
        score(doc, plainPages, 'plain'),
        (performance.now() - t0) / 1000,
        plainPages.length,
      );
    }
  }
} finally {
  await ocr.close();
}
report('readPages (preprocessing + tesseract)', pre);
if (!skipPlain) report('plain tesseract.js (no preprocessing, same images)', plain);
