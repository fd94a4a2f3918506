/**
 * @module Preprocessing of a page raster before OCR. Returns the normalised page image (what the
 * user sees, and what boxes refer to) and the image actually given to OCR, with the scale between
 * them. Steps are chosen by measurement on the dev set (see `bench/ocr-quality.ts`).
 */
import type { GrayImage } from '../ingest/gray-image.js';
import type { RasterOrigin } from '../ingest/types.js';
import type { OcrOptions } from './engine.js';

/** A page ready for OCR. */
export interface PreparedPage {
  /** The normalised page: boxes are returned in its pixels. */
  display: GrayImage;
  /** The image handed to OCR. */
  ocr: GrayImage;
  /** OCR pixels per display pixel (boxes are divided by it). */
  scale: number;
  options: OcrOptions;
}

/**
 * @param image - the upright grayscale page from ingest
 * @param origin - where it came from
 * @returns the display and OCR images
 */
export function preparePage(image: GrayImage, origin: RasterOrigin): Promise<PreparedPage> {
  void origin;
  return Promise.resolve({ display: image, ocr: image, scale: 1, options: {} });
}
