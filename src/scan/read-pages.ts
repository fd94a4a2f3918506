/**
 * @module `readPages`: the ingest + OCR stages of the scan engine. Files (photos, scans, PDFs) in,
 * numbered `PageText`s and the normalised page images out; every box is in pixels of the returned
 * image of its page. PDF text layers are used directly; everything else is preprocessed and OCR'd.
 */
import { AppError } from '../errors.js';
import { encodeJpeg, encodePng, type GrayImage } from './ingest/gray-image.js';
import { decodeImagePages } from './ingest/image.js';
import { MAX_FILE_BYTES, MAX_TOTAL_PAGES } from './ingest/limits.js';
import { detectMediaType } from './ingest/media-type.js';
import { readPdfPages } from './ingest/pdf.js';
import type { IngestedPage } from './ingest/types.js';
import { cutIntoBands } from './ocr/bands.js';
import type { OcrEngine } from './ocr/engine.js';
import { preparePage, type PrepareOptions } from './ocr/prepare-page.js';
import type { Issue, OcrLine, PageText } from './types.js';

/** Mean word confidence under which a page is flagged as hard to read. */
const LOW_PAGE_CONFIDENCE = 60;

/** One normalised page image, for display with the boxes of its `PageText`. */
export interface PageImage {
  page: number;
  mime: 'image/png' | 'image/jpeg';
  bytes: Buffer;
  width: number;
  height: number;
}

/** Result of {@link readPages}. */
export interface ReadPagesResult {
  pages: PageText[];
  images: PageImage[];
}

/** Dependencies of {@link readPages}. */
export interface ReadPagesDeps {
  ocr: OcrEngine;
  /** Preprocessing steps to switch from their measured defaults (benchmarks). */
  prepare?: Partial<PrepareOptions>;
  /**
   * Cut a page into as many bands as the engine has workers, read together (default true; false
   * reads each page as one image, for benchmarks).
   */
  bands?: boolean;
  /**
   * Cut photos too (between the dark rims a flattened photo keeps, only where the ink splits about
   * evenly; see `BandOptions.photo`). Default false: measured on the 8 dev photos and their
   * perturbed copies, the cut photos' lines read differently (±1 line of 53), see the OCR README.
   */
  photoBands?: boolean;
  /**
   * Told where each page's reading stands (page numbers from 1 across the files): `preparing` when
   * its image is being prepared, `ocr` when its text is being recognised, `done` once read. A page
   * read from a PDF text layer goes straight to `done`.
   */
  onProgress?: (page: number, stage: PageStage) => void;
}

/** Where a page's reading stands. */
export type PageStage = 'preparing' | 'ocr' | 'done';

async function ingestFile(bytes: Buffer, index: number): Promise<IngestedPage[]> {
  if (bytes.length > MAX_FILE_BYTES) {
    throw new AppError(
      'too-large',
      `File ${index + 1} is ${bytes.length} bytes; at most ${MAX_FILE_BYTES} are accepted.`,
    );
  }
  const type = detectMediaType(bytes);
  if (type === 'pdf') return readPdfPages(bytes);
  const images = await decodeImagePages(bytes, type);
  return images.map((image) => ({ kind: 'raster' as const, origin: type, image }));
}

function scaleLines(lines: OcrLine[], factor: number, page: number, image: GrayImage): OcrLine[] {
  const fit = (b: OcrLine['box']): OcrLine['box'] => {
    const x = Math.max(0, Math.min(image.width - 1, Math.round(b.x / factor)));
    const y = Math.max(0, Math.min(image.height - 1, Math.round(b.y / factor)));
    const width = Math.max(1, Math.min(image.width - x, Math.round(b.width / factor)));
    const height = Math.max(1, Math.min(image.height - y, Math.round(b.height / factor)));
    return { page, x, y, width, height };
  };
  return lines.map((l) => ({
    ...l,
    box: fit(l.box),
    words: l.words.map((w) => ({ ...w, box: fit(w.box) })),
  }));
}

function pageIssues(lines: OcrLine[]): Issue[] {
  const words = lines.flatMap((l) => l.words);
  if (words.length === 0) {
    return [{ severity: 'warning', code: 'page-empty', message: 'No text was read on this page.' }];
  }
  const mean = words.reduce((s, w) => s + w.confidence, 0) / words.length;
  if (mean < LOW_PAGE_CONFIDENCE) {
    return [
      {
        severity: 'warning',
        code: 'ocr-low-confidence',
        message: `The page was hard to read (mean OCR confidence ${Math.round(mean)}/100); check every line.`,
      },
    ];
  }
  return [];
}

async function readPage(ingested: IngestedPage, page: number, deps: ReadPagesDeps): Promise<ReadPagesResult> {
  const result = await readOnePage(ingested, page, deps);
  deps.onProgress?.(page, 'done');
  return result;
}

async function readOnePage(
  ingested: IngestedPage,
  page: number,
  deps: ReadPagesDeps,
): Promise<ReadPagesResult> {
  if (ingested.kind === 'text') {
    const lines = scaleLines(ingested.lines, 1, page, ingested.image);
    const text: PageText = {
      page,
      ...size(ingested.image),
      source: 'pdf-text',
      lines,
      issues: pageIssues(lines),
    };
    return { pages: [text], images: [await toPageImage(ingested.image, page, 'image/png')] };
  }
  deps.onProgress?.(page, 'preparing');
  const prepared = await preparePage(ingested.image, ingested.origin, deps.prepare);
  deps.onProgress?.(page, 'ocr');
  const mime = ingested.origin === 'jpeg' || ingested.origin === 'webp' ? 'image/jpeg' : 'image/png';
  const display = toPageImage(prepared.display, page, mime);
  const bands = cutIntoBands(prepared.ocr, deps.bands === false ? 1 : (deps.ocr.parallelism ?? 1), {
    photo: prepared.photo && deps.photoBands === true,
  });
  const read = await Promise.all(
    bands.map(async (band) => {
      const bytes = await encodePng(band.image, 0);
      const result = await deps.ocr.recognize({ bytes, ...size(band.image), page }, prepared.options);
      return band.offset === 0 ? result.lines : shiftLines(result.lines, band.offset);
    }),
  );
  const lines = scaleLines(read.flat(), prepared.scale, page, prepared.display);
  const text: PageText = { page, ...size(prepared.display), source: 'ocr', lines, issues: pageIssues(lines) };
  return { pages: [text], images: [await display] };
}

/** @returns `lines` moved down by `dy` pixels (a band's lines into its page). */
function shiftLines(lines: OcrLine[], dy: number): OcrLine[] {
  const move = (b: OcrLine['box']): OcrLine['box'] => ({ ...b, y: b.y + dy });
  return lines.map((l) => ({
    ...l,
    box: move(l.box),
    words: l.words.map((w) => ({ ...w, box: move(w.box) })),
  }));
}

function size(image: GrayImage): { width: number; height: number } {
  return { width: image.width, height: image.height };
}

async function toPageImage(image: GrayImage, page: number, mime: PageImage['mime']): Promise<PageImage> {
  const bytes = mime === 'image/jpeg' ? await encodeJpeg(image) : await encodePng(image);
  return { page, mime, bytes, ...size(image) };
}

/**
 * Reads every page of every file, in order (pages numbered from 1 across files).
 * @param files - images (JPEG, PNG, WebP, TIFF) or PDFs, as bytes; the type is read from the content
 * @param deps - the OCR engine (its worker pool bounds the parallelism)
 * @returns one `PageText` and one normalised image per page
 * @throws AppError `invalid`, `unsupported-media` or `too-large` for a bad or hostile file
 */
export async function readPages(files: { bytes: Buffer }[], deps: ReadPagesDeps): Promise<ReadPagesResult> {
  if (files.length === 0) throw new AppError('invalid', 'No file was given.');
  const ingested: IngestedPage[] = [];
  for (const [i, file] of files.entries()) {
    ingested.push(...(await ingestFile(file.bytes, i)));
    if (ingested.length > MAX_TOTAL_PAGES) {
      throw new AppError('too-large', `More than ${MAX_TOTAL_PAGES} pages were sent; split the document.`);
    }
  }
  const results = await Promise.all(ingested.map((p, i) => readPage(p, i + 1, deps)));
  return { pages: results.flatMap((r) => r.pages), images: results.flatMap((r) => r.images) };
}
