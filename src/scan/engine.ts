/**
 * @module The scan engine as one injectable dependency: files of one prescription in, the engine's
 * reading, the FHIR R4 RequestGroup and the normalised page images out. The queue's scan task, the
 * CLI and the benchmarks depend on this interface only; `createScanEngine` composes the stages.
 */
import type { RequestGroup } from '@medplum/fhirtypes';
import { draftRequestGroup } from './draft-request-group.js';
import { layoutPrescription } from './layout/index.js';
import type { OcrEngine } from './ocr/engine.js';
import { createTesseractEngine } from './ocr/tesseract.js';
import { readPages } from './read-pages.js';

/** One normalised page image, for display with the boxes of the reading. */
export interface ScanPageImage {
  page: number;
  mime: 'image/png' | 'image/jpeg';
  bytes: Buffer;
  width: number;
  height: number;
}

/** Identifiers written into the RequestGroup. */
export interface ScanMeta {
  /** Our prescription id (`RequestGroup.identifier`), when the scan is stored. */
  prescriptionId?: string;
  /** The partner's patient key (`subject`), when known. */
  patientId?: string;
}

/** What the engine returns for one prescription. */
export interface ScanOutput {
  /** The engine's full reading (pages, header, lines with issues and reliabilities), as JSON. */
  read: object;
  requestGroup: RequestGroup;
  pageImages: ScanPageImage[];
}

/** The whole engine behind one call. Holds OCR workers: `close()` once done. */
export interface ScanEngine {
  /**
   * Reads one prescription.
   * @param files - its files in page order (images or PDFs; the type is read from the content)
   * @param meta - identifiers for the RequestGroup
   * @throws AppError `invalid`, `unsupported-media` or `too-large` for a bad file (never retried)
   */
  scan(files: readonly { bytes: Buffer }[], meta?: ScanMeta): Promise<ScanOutput>;
  close(): Promise<void>;
}

/** Options of {@link createScanEngine}. */
export interface ScanEngineOptions {
  /** OCR engine to use (tests: the fake engine); by default a tesseract.js pool is started and owned. */
  ocr?: OcrEngine;
  /** Size of the tesseract.js pool when `ocr` is not given (default: cores, at most 2). */
  ocrWorkers?: number;
}

/**
 * Starts the scan engine: ingest + OCR (`readPages`) → layout → RequestGroup.
 * @param opts - OCR engine or pool size
 * @returns the engine; `close()` stops the OCR pool it started
 */
export async function createScanEngine(opts: ScanEngineOptions = {}): Promise<ScanEngine> {
  const owned = opts.ocr === undefined;
  const ocr =
    opts.ocr ??
    (await createTesseractEngine(opts.ocrWorkers === undefined ? {} : { workers: opts.ocrWorkers }));
  return {
    async scan(files, meta = {}) {
      const { pages, images } = await readPages([...files], { ocr });
      const layout = layoutPrescription(pages);
      const read = { pages, header: layout.header, items: layout.items };
      return { read, requestGroup: draftRequestGroup(layout, meta), pageImages: images };
    },
    close: () => (owned ? ocr.close() : Promise.resolve()),
  };
}
