/**
 * @module Hand-run: `npx tsx bench/ocr-dump.ts [id|kind ...]` reads every dev document with
 * `readPages` (tesseract) and writes `{ pages: PageText[] }` to `/work/cache/ocr/<id>.json`
 * (outside the repository) for the layout work, which needs real OCR output to build on.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readPages } from '../src/scan/read-pages.js';
import { createTesseractEngine } from '../src/scan/ocr/tesseract.js';
import { loadDevSet, readDevFiles } from './ocr-devset.js';

const OUT_DIR = process.env.ORDOSCAN_OCR_CACHE ?? '/work/cache/ocr';

await mkdir(OUT_DIR, { recursive: true });
const ocr = await createTesseractEngine();
try {
  for (const doc of await loadDevSet(process.argv.slice(2))) {
    const started = Date.now();
    const { pages } = await readPages(await readDevFiles(doc), { ocr });
    await writeFile(join(OUT_DIR, `${doc.id}.json`), JSON.stringify({ pages }, null, 1));
    const lines = pages.reduce((n, p) => n + p.lines.length, 0);
    console.log(
      `${doc.id} ${doc.kind.padEnd(8)} ${pages.length} page(s) ${lines} lines ${Date.now() - started} ms`,
    );
  }
} finally {
  await ocr.close();
}
