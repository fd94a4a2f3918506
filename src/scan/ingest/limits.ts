/**
 * @module Ingest limits: named constants checked before any decoding, so that hostile files
 * (decompression bombs, endless PDFs) are refused early with a clear `too-large` error.
 * Later made configurable through `config.ts`.
 */

/** Largest accepted input file. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;
/** Largest accepted image, in pixels, checked from the header before decoding (sharp `limitInputPixels`). */
export const MAX_INPUT_PIXELS = 50_000_000;
/** Most pages read from one PDF (or multi-page TIFF). */
export const MAX_FILE_PAGES = 20;
/** Most pages in one `readPages` call, all files together. */
export const MAX_TOTAL_PAGES = 40;
/** Longest side of a normalised page image handed to OCR; larger images are scaled down. */
export const MAX_PAGE_SIDE = 3600;
/** Resolution of the page space of PDF pages (text layer boxes and rendered page images). */
export const PDF_PAGE_DPI = 150;
/** Rasterisation bounds for image-only PDF pages (the embedded scan's resolution, clamped). */
export const PDF_SCAN_MIN_DPI = 150;
export const PDF_SCAN_MAX_DPI = 300;
