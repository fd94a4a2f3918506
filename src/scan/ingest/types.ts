/**
 * @module What ingest produces per page, before OCR: either a raster to read, or the lines of a
 * PDF text layer with the rendered page for display.
 */
import type { OcrLine } from '../types.js';
import type { GrayImage } from './gray-image.js';

/** Where a page raster came from; drives preprocessing (photos need the page found and flattened). */
export type RasterOrigin = 'jpeg' | 'png' | 'webp' | 'tiff' | 'pdf-scan';

/** One page out of ingest. Line boxes of `text` pages are in pixels of `image` (page 0 until numbered). */
export type IngestedPage =
  | { kind: 'raster'; origin: RasterOrigin; image: GrayImage }
  | { kind: 'text'; image: GrayImage; lines: OcrLine[] };
