/**
 * @module OCR with tesseract.js 7, French + English, fully offline: the trained data is read from
 * the installed `@tesseract.js-data/{fra,eng}` packages (never a CDN) and a pool of workers sized to
 * the machine is started once, reused for every page, and terminated by `close()`.
 */
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Tesseract from 'tesseract.js';
import { AppError } from '../../errors.js';
import type { OcrEngine, OcrImage, OcrOptions, OcrResult } from './engine.js';
import { linesFromBlocks, meanConfidence } from './tesseract-lines.js';

/** Languages loaded in every worker; French first (prescriptions), English for drug/lab words. */
const LANGUAGES = ['fra', 'eng'] as const;
/** Folder of the trained data inside each `@tesseract.js-data/<lang>` package (legacy + LSTM, gzipped). */
const DATA_VERSION = '4.0.0';
/** Default upper bound on workers; the pool is min(cores, this). */
export const DEFAULT_MAX_WORKERS = 2;
/**
 * Resolution declared to tesseract: page images are A4-wide at about 200–300 dpi after
 * preprocessing (the PNGs carry no density, and tesseract would otherwise guess 70).
 */
const OCR_DPI = 300;

/** Options of {@link createTesseractEngine}. */
export interface TesseractEngineOptions {
  /** Number of workers; default min(available cores, {@link DEFAULT_MAX_WORKERS}). */
  workers?: number;
}

interface PooledWorker {
  worker: Tesseract.Worker;
  thresholding: number;
}

/**
 * tesseract.js takes one `langPath` for all languages while each language ships in its own
 * package: link both gzipped files into one private temporary folder.
 */
async function linkLanguageData(): Promise<string> {
  const require = createRequire(import.meta.url);
  const dir = await mkdtemp(join(tmpdir(), 'ordoscan-tessdata-'));
  for (const lang of LANGUAGES) {
    const pkg = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    await symlink(join(pkg, DATA_VERSION, `${lang}.traineddata.gz`), join(dir, `${lang}.traineddata.gz`));
  }
  return dir;
}

/**
 * Starts a tesseract.js worker pool.
 * @param options - pool size
 * @returns a ready engine; call `close()` when done
 */
export async function createTesseractEngine(options: TesseractEngineOptions = {}): Promise<OcrEngine> {
  const size = Math.max(1, options.workers ?? Math.min(availableParallelism(), DEFAULT_MAX_WORKERS));
  const langPath = await linkLanguageData();
  let workers: PooledWorker[];
  try {
    workers = await Promise.all(
      Array.from({ length: size }, async () => {
        const worker = await Tesseract.createWorker([...LANGUAGES], Tesseract.OEM.LSTM_ONLY, {
          langPath,
          cacheMethod: 'none',
          gzip: true,
        });
        // Keep spacing between columns so that table cells stay separable by the layout stage.
        await worker.setParameters({
          preserve_interword_spaces: '1',
          user_defined_dpi: String(OCR_DPI),
        });
        return { worker, thresholding: 0 };
      }),
    );
  } catch (cause) {
    await rm(langPath, { recursive: true, force: true });
    throw new AppError(
      'unavailable',
      'The OCR engine could not start (tesseract.js language data not loaded).',
      {
        cause,
      },
    );
  }
  const idle = [...workers];
  const waiting: ((w: PooledWorker) => void)[] = [];
  let closed = false;

  const acquire = (): Promise<PooledWorker> => {
    const w = idle.pop();
    return w ? Promise.resolve(w) : new Promise((resolve) => waiting.push(resolve));
  };
  const release = (w: PooledWorker): void => {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  };

  return {
    name: 'tesseract',
    parallelism: size,
    async recognize(image: OcrImage, opts: OcrOptions = {}): Promise<OcrResult> {
      if (closed) throw new AppError('unavailable', 'The OCR engine is closed.');
      const pooled = await acquire();
      try {
        const thresholding = opts.thresholding ?? 0;
        if (pooled.thresholding !== thresholding) {
          await pooled.worker.setParameters({ thresholding_method: String(thresholding) });
          pooled.thresholding = thresholding;
        }
        const { data } = await pooled.worker.recognize(image.bytes, {}, { blocks: true, text: false });
        const lines = linesFromBlocks(data.blocks, image.page);
        return { lines, confidence: meanConfidence(lines) };
      } finally {
        release(pooled);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all(workers.map((w) => w.worker.terminate()));
      await rm(langPath, { recursive: true, force: true });
    },
  };
}
