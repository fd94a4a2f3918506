/**
 * @module The scan engine as one injectable dependency: files of one prescription in, the engine's
 * reading, the FHIR R4 RequestGroup and the normalised page images out. The queue's scan task, the
 * CLI and the benchmarks depend on this interface only. `createScanEngine` composes the stages once
 * (OCR worker pool, drug index) and reuses them for every call: `readPages` (ingest + OCR) →
 * `readToRequestGroup` (layout, drugs, posology, reliability → FHIR).
 */
import { randomUUID } from 'node:crypto';
import type { Patient, RequestGroup } from '@medplum/fhirtypes';
import { loadDrugIndex, type DrugIndex } from '../drugs/index.js';
import type { OcrEngine } from './ocr/engine.js';
import { createTesseractEngine } from './ocr/tesseract.js';
import { readToRequestGroup } from './pipeline.js';
import { readPages, type ReadPagesDeps } from './read-pages.js';
import type { ReadResult } from './types.js';

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
  /** Our prescription id (`RequestGroup.identifier`); a random uuid when not given. */
  prescriptionId?: string;
  /** The partner's patient key (`subject`), when known. */
  patientId?: string;
  /** The scanning user (`author`), when known. */
  practitioner?: { name: string; rpps: string | null };
}

/** What the engine returns for one prescription. */
export interface ScanOutput {
  /** The engine's full reading (pages, header, lines with issues and reliabilities). */
  read: ReadResult;
  requestGroup: RequestGroup;
  pageImages: ScanPageImage[];
}

/** The whole engine behind one call. Holds OCR workers: `close()` once done. */
export interface ScanEngine {
  /**
   * Reads one prescription.
   * @param files - its files in page order (images or PDFs; the type is read from the content)
   * @param meta - identifiers for the RequestGroup
   * @param options - `onProgress`: told where each page's reading stands (see `readPages`)
   * @throws AppError `invalid`, `unsupported-media` or `too-large` for a bad file (never retried)
   */
  scan(
    files: readonly { bytes: Buffer }[],
    meta?: ScanMeta,
    options?: Pick<ReadPagesDeps, 'onProgress'>,
  ): Promise<ScanOutput>;
  close(): Promise<void>;
}

/** Options of {@link createScanEngine}. */
export interface ScanEngineOptions {
  /** OCR engine to use (tests: the fake engine); by default a tesseract.js pool is started and owned. */
  ocr?: OcrEngine;
  /** Size of the tesseract.js pool when `ocr` is not given (default: cores, at most 2). */
  ocrWorkers?: number;
  /** Drug index; by default the shipped BDPM snapshot (`loadDrugIndex`). */
  drugIndex?: DrugIndex;
}

/**
 * Starts the scan engine.
 * @param opts - OCR engine or pool size, drug index
 * @returns the engine; `close()` stops the OCR pool it started
 */
export async function createScanEngine(opts: ScanEngineOptions = {}): Promise<ScanEngine> {
  const drugs = opts.drugIndex ?? (await loadDrugIndex());
  const owned = opts.ocr === undefined;
  const ocr =
    opts.ocr ??
    (await createTesseractEngine(opts.ocrWorkers === undefined ? {} : { workers: opts.ocrWorkers }));
  return {
    async scan(files, meta = {}, options = {}) {
      const { pages, images } = await readPages([...files], { ocr, ...options });
      const { read, requestGroup } = readToRequestGroup({ drugs }, pages, {
        prescriptionId: meta.prescriptionId ?? randomUUID(),
        patientId: meta.patientId ?? '',
        practitioner: meta.practitioner ?? { name: '', rpps: null },
      });
      if (meta.patientId === undefined) dropEmptyPatientIdentifier(requestGroup);
      return { read, requestGroup, pageImages: images };
    },
    close: () => (owned ? ocr.close() : Promise.resolve()),
  };
}

/** Without a patient key (CLI, direct scan without patientId) the Patient keeps no empty identifier. */
function dropEmptyPatientIdentifier(group: RequestGroup): void {
  for (const r of group.contained ?? []) {
    if (r.resourceType === 'Patient') {
      const patient: Patient = r;
      patient.identifier = patient.identifier?.filter((i) => i.value !== '');
      if (patient.identifier?.length === 0) delete patient.identifier;
    }
  }
}
