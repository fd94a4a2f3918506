/**
 * @module Preprocessing of a page raster before OCR, chosen by measurement on the dev set (see
 * `bench/ocr-quality.ts` and the OCR notes in the README): a phone photo's sheet is found and
 * flattened, light is evened out, speckle removed, the page skew corrected and small text enlarged.
 * Returns the normalised page image (what the user sees and what boxes refer to) and the image
 * given to OCR, with the scale between them.
 */
import sharp from 'sharp';
import { deskew } from '../ingest/deskew.js';
import { evenLight } from '../ingest/even-light.js';
import { removeRules } from '../ingest/remove-rules.js';
import { grayFromSharp, sharpFromGray, type GrayImage } from '../ingest/gray-image.js';
import { flattenPage } from '../ingest/photo/flatten.js';
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
  /** Steps applied, for logs and benchmarks. */
  steps: string[];
}

/** Which steps run; the defaults are the measured best (benchmarks switch them one by one). */
export interface PrepareOptions {
  /** Find and flatten the sheet of a photo (any raster where a sheet stands out from a background). */
  flatten: boolean;
  /** Background division. */
  evenLight: boolean;
  /** 3×3 median against scan speckle. */
  denoise: boolean;
  deskew: boolean;
  /** Erase table rules and frames on the OCR image. */
  removeRules: boolean;
  /** Width (pixels) an A4-wide page is enlarged to for OCR; null: never enlarged. */
  ocrWidth: number | null;
  /** Unsharp mask on the enlarged OCR image (photos are blurred). */
  sharpen: boolean;
  /** Tesseract binarisation for the page. */
  thresholding: 0 | 1 | 2;
}

/** The measured defaults. */
export const DEFAULT_PREPARE: PrepareOptions = {
  flatten: true,
  evenLight: true,
  denoise: true,
  deskew: true,
  removeRules: true,
  ocrWidth: 2400,
  sharpen: false,
  thresholding: 0,
};

/**
 * @param image - the upright grayscale page from ingest
 * @param origin - where it came from
 * @param options - steps to run (defaults: {@link DEFAULT_PREPARE})
 * @returns the display and OCR images
 */
export async function preparePage(
  image: GrayImage,
  origin: RasterOrigin,
  options: Partial<PrepareOptions> = {},
): Promise<PreparedPage> {
  const opts = { ...DEFAULT_PREPARE, ...options };
  const steps: string[] = [];
  let page = image;
  if (opts.flatten && origin !== 'pdf-scan') {
    const flat = await flattenPage(page, null);
    if (flat) {
      page = flat.image;
      steps.push('flatten');
    }
  }
  if (opts.evenLight) {
    page = await evenLight(page);
    steps.push('even-light');
  }
  if (opts.denoise) {
    page = await grayFromSharp(sharpFromGray(page).median(3));
    steps.push('denoise');
  }
  if (opts.deskew) {
    const level = await deskew(page);
    if (level !== page) steps.push('deskew');
    page = level;
  }
  let ocr = page;
  if (opts.ocrWidth !== null && page.width < opts.ocrWidth * 0.9) {
    const enlarged = sharpFromGray(page).resize({ width: opts.ocrWidth, kernel: sharp.kernel.lanczos3 });
    ocr = await grayFromSharp(opts.sharpen ? enlarged.sharpen({ sigma: 1.5 }) : enlarged);
    steps.push(`upscale×${(ocr.width / page.width).toFixed(2)}`);
  }
  // Not on photos: their blurred text lines are long gray runs too (measured: drug names 85 % → 36 %).
  if (opts.removeRules && !steps.includes('flatten')) {
    ocr = removeRules(ocr);
    steps.push('remove-rules');
  }
  return {
    display: page,
    ocr,
    scale: ocr.width / page.width,
    options: { thresholding: opts.thresholding },
    steps,
  };
}
