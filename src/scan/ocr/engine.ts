/**
 * @module The OCR port of the scan engine: an image in, printed lines with words, boxes and
 * confidences out. Implementations: `tesseract.ts` (the real one) and `fake.ts` (tests). Both pass
 * the one conformance suite in `engine-conformance.ts`.
 */
import type { OcrLine } from '../types.js';

/** One page image handed to an OCR engine. */
export interface OcrImage {
  /** Encoded image (PNG or JPEG), already normalised (upright, grayscale). */
  bytes: Buffer;
  width: number;
  height: number;
  /** 1-based page number written into every returned box. */
  page: number;
}

/** Engine-specific knobs chosen by the preprocessing (all optional). */
export interface OcrOptions {
  /**
   * Tesseract's binarisation: 0 Otsu (default), 1 LeptonicaOtsu, 2 Sauvola (local, for uneven
   * light: phone photos). Engines that do not binarise ignore it.
   */
  thresholding?: 0 | 1 | 2;
}

/** What an engine read on one image; boxes in pixels of that image. */
export interface OcrResult {
  lines: OcrLine[];
  /** Mean word confidence 0..100 (0 when nothing was read). */
  confidence: number;
}

/** An OCR engine. Engines may hold workers: call `close()` once done. */
export interface OcrEngine {
  /** Short name for logs and benchmarks (`tesseract`, `fake`). */
  readonly name: string;
  /**
   * Images the engine reads at the same time (its workers); callers may cut a page into that many
   * bands so that one page keeps every worker busy. Absent: one (never cut).
   */
  readonly parallelism?: number;
  /**
   * Reads the printed lines of an image, top to bottom.
   * @param image - the page image and its page number
   * @param options - engine knobs chosen by the preprocessing
   */
  recognize(image: OcrImage, options?: OcrOptions): Promise<OcrResult>;
  /** Releases workers; the engine may not be used afterwards. */
  close(): Promise<void>;
}
