/**
 * @module Preprocessing of a page raster before OCR, chosen by measurement on the dev set (see
 * `bench/ocr-quality.ts` and `src/scan/ocr/README.md`): a phone photo's sheet is found and
 * flattened, light is evened out, the page skew corrected, speckle and table rules removed, and
 * the page scaled from its measured text size into the range tesseract reads well (photos
 * enlarged about 2× and sharpened, scans mostly read as they are). Returns the normalised page
 * image (what the user sees and what boxes refer to) and the image given to OCR, with the scale
 * between them.
 */
import sharp from 'sharp';
import { measureCopy, rotateLevel, skewOf } from '../ingest/deskew.js';
import { evenLight } from '../ingest/even-light.js';
import { removeRules } from '../ingest/remove-rules.js';
import { edgeSharpness } from '../ingest/sharpness.js';
import { measureTextHeight } from '../ingest/text-size.js';
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
  /** Whether the page was a photo (its sheet was found and flattened). */
  photo: boolean;
  /** Steps applied, for logs and benchmarks. */
  steps: string[];
  /**
   * CPU milliseconds of each step, process-wide (benchmarks, which prepare one page at a time;
   * wall time is meaningless on a shared machine).
   */
  timings: Record<string, number>;
}

/** Bounds of the OCR scale factor (a mis-measure must not blow up or crush the page). */
const MIN_FACTOR = 0.5;
const MAX_FACTOR = 3.5;
/** Scalings closer to 1 than this are skipped (resampling costs time and sharpness). */
const MIN_SCALING = 0.1;
/** Thickest rule erased, as a share of the text height. */
const RULE_THICKNESS = 0.4;
/** Unsharp mask of the photos' OCR image: Gaussian radius (pixels of the OCR image) and gain. */
const SHARPEN = { sigma: 1.5, amount: 1.5 };
/**
 * A photo whose print is more blurred than this ({@link edgeSharpness} of its OCR image) gets a
 * wider, stronger unsharp mask. The dev photos measure 0.175–0.44; re-photographed copies that are
 * smaller and blurred (`bench/perturb-devset.ts`) 0.11–0.39, and those under 0.16 read 3–6 more
 * lines exactly (of 24) with σ 2–3 and gains 2–3, while the focused photos lost lines to it.
 */
const BLURRED_EDGES = 0.16;
const SHARPEN_BLURRED = { sigma: 2.5, amount: 2 };

/** @returns CPU milliseconds used by the process so far (every thread, libvips' included). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Unsharp mask (`image + amount × (image − blurred)`): libvips' `sharpen` works in LAB and costs
 * ten times more on a gray page.
 */
async function unsharpMask(
  image: GrayImage,
  { sigma, amount: a }: { sigma: number; amount: number },
): Promise<GrayImage> {
  const blurred = await grayFromSharp(sharpFromGray(image).blur(sigma));
  const out = Buffer.alloc(image.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = image.data[i]!;
    const s = v + a * (v - blurred.data[i]!);
    out[i] = s < 0 ? 0 : s > 255 ? 255 : s;
  }
  return { data: out, width: image.width, height: image.height };
}

/** Which steps run; the defaults are the measured best (benchmarks switch them one by one). */
export interface PrepareOptions {
  /** Find and flatten the sheet of a photo (any raster where a sheet stands out from a background). */
  flatten: boolean;
  /** Background division. */
  evenLight: boolean;
  /** 3×3 median against scan speckle (not on photos). */
  denoise: boolean;
  deskew: boolean;
  /** Erase table rules and frames (thin long runs) on the OCR image. */
  removeRules: boolean;
  /**
   * Median glyph height (pixels, see `measureTextHeight`) under which the OCR image is enlarged to
   * it; null: the page is never scaled.
   */
  textHeight: number | null;
  /** The same for a photo (blurred strokes need more pixels); null: as `textHeight`. */
  photoTextHeight: number | null;
  /**
   * Median glyph height over which the OCR image is reduced to it (tesseract's time grows with the
   * pixels, its accuracy does not); between the two the page is read at its own scale (resampling
   * a scan loses detail: reducing 200-dpi scans by 12 % lost a posology in the dev eval).
   * Null: never.
   */
  maxTextHeight: number | null;
  /** Width (pixels) a page is enlarged to when its text height cannot be measured; null: kept. */
  ocrWidth: number | null;
  /** Unsharp mask on the OCR image of a photo (photos are blurred). */
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
  textHeight: 16,
  photoTextHeight: 20,
  maxTextHeight: 24,
  ocrWidth: 2400,
  sharpen: true,
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
  const timings: Record<string, number> = {};
  let clock = cpuMs();
  const lap = (stage: string): void => {
    const now = cpuMs();
    timings[stage] = now - clock;
    clock = now;
  };
  let page = image;
  let photo = false;
  if (opts.flatten && origin !== 'pdf-scan') {
    const flat = await flattenPage(page, null);
    if (flat) {
      page = flat.image;
      photo = true;
      steps.push('flatten');
    }
    lap('flatten');
  }
  if (opts.evenLight) {
    page = await evenLight(page);
    steps.push('even-light');
    lap('even-light');
  }
  // Skew and text size are measured on one small copy.
  const small = opts.deskew || opts.textHeight !== null ? await measureCopy(page) : page;
  const measured = opts.textHeight !== null ? measureTextHeight(small, page.width) : null;
  let factor = 1;
  if (opts.textHeight !== null) {
    const low = photo ? (opts.photoTextHeight ?? opts.textHeight) : opts.textHeight;
    const high = Math.max(low, opts.maxTextHeight ?? Infinity);
    if (measured !== null) factor = measured < low ? low / measured : measured > high ? high / measured : 1;
    else if (opts.ocrWidth !== null) factor = Math.max(1, opts.ocrWidth / page.width);
    factor = Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, factor));
  }
  lap('measure');
  if (opts.deskew) {
    const level = await rotateLevel(page, skewOf(small));
    if (level !== page) steps.push('deskew');
    page = level;
    lap('deskew');
  }
  let ocr = page;
  // Scan speckle is pixel-sized: removed at the scan's own resolution. Not on photos: at their
  // ~100 dpi a 3×3 median erases the thin strokes of digits ("1", "½"; posology read 43 % → 81 %).
  if (opts.denoise && !photo) {
    ocr = await grayFromSharp(sharpFromGray(ocr).median(3));
    steps.push('denoise');
    lap('denoise');
  }
  if (opts.removeRules) {
    // Thin runs only: a blurred text line in a photo is a long gray run too, but as thick as its
    // glyphs (erasing every long run: drug names read 85 % → 36 % on photos).
    ocr = removeRules(ocr, measured === null ? Infinity : measured * RULE_THICKNESS);
    steps.push('remove-rules');
    lap('remove-rules');
  }
  if (Math.abs(factor - 1) > MIN_SCALING) {
    const width = Math.round(page.width * factor);
    ocr = await grayFromSharp(sharpFromGray(ocr).resize({ width, kernel: sharp.kernel.lanczos3 }));
    steps.push(`scale×${(ocr.width / page.width).toFixed(2)}`);
    lap('scale');
  }
  if (opts.sharpen && photo) {
    const blurred = (edgeSharpness(ocr) ?? 1) < BLURRED_EDGES;
    ocr = await unsharpMask(ocr, blurred ? SHARPEN_BLURRED : SHARPEN);
    steps.push(blurred ? 'sharpen-blurred' : 'sharpen');
    lap('sharpen');
  }
  return {
    display: page,
    ocr,
    scale: ocr.width / page.width,
    options: { thresholding: opts.thresholding },
    photo,
    steps,
    timings,
  };
}
