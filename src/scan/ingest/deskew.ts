/**
 * @module Small-angle deskew by projection profile: the angle at which the rows of dark pixels
 * line up best (highest variance of the row sums) is the text's skew.
 */
import { grayFromSharp, sharpFromGray, type GrayImage } from './gray-image.js';
import { otsuThreshold } from './photo/find-page.js';

/** Angles tried, in degrees either side of level. */
const MAX_ANGLE = 4;
const STEP = 0.2;
/** Width of the copy the angle is measured on. */
const MEASURE_WIDTH = 1000;
/** Skews smaller than this are left alone (rotating resamples the page). */
const MIN_CORRECTION = 0.3;

/** @returns a copy of `image` at most {@link MEASURE_WIDTH} pixels wide, to measure the page on. */
export async function measureCopy(image: GrayImage): Promise<GrayImage> {
  if (image.width <= MEASURE_WIDTH) return image;
  return grayFromSharp(sharpFromGray(image).resize({ width: MEASURE_WIDTH }));
}

/** @returns the text's skew in degrees (clockwise positive), measured on `image`. */
export async function measureSkew(image: GrayImage): Promise<number> {
  return skewOf(await measureCopy(image));
}

/**
 * @param small - a page copy from {@link measureCopy}
 * @returns the text's skew in degrees (clockwise positive)
 */
export function skewOf(small: GrayImage): number {
  const t = otsuThreshold(small.data);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < small.data.length; i++) {
    if (small.data[i]! < t) {
      xs.push(i % small.width);
      ys.push(Math.floor(i / small.width));
    }
  }
  if (xs.length < 100) return 0;
  let best = { angle: 0, score: -1 };
  const bins = new Float64Array(small.height * 2 + small.width);
  for (let a = -MAX_ANGLE; a <= MAX_ANGLE + 1e-9; a += STEP) {
    const tan = Math.tan((a * Math.PI) / 180);
    bins.fill(0);
    for (let k = 0; k < xs.length; k++) {
      const row = Math.round(ys[k]! - xs[k]! * tan) + small.width;
      bins[row]!++;
    }
    let score = 0;
    for (const b of bins) score += b * b;
    if (score > best.score) best = { angle: a, score };
  }
  return best.angle;
}

/**
 * @param image - a grayscale page
 * @returns the page rotated level (white corners), or the page itself when its skew is negligible
 */
export async function deskew(image: GrayImage): Promise<GrayImage> {
  return rotateLevel(image, await measureSkew(image));
}

/**
 * @param image - a grayscale page
 * @param angle - its skew (from {@link skewOf})
 * @returns the page rotated level (white corners), or the page itself when the skew is negligible
 */
export async function rotateLevel(image: GrayImage, angle: number): Promise<GrayImage> {
  if (Math.abs(angle) < MIN_CORRECTION) return image;
  return grayFromSharp(sharpFromGray(image).rotate(-angle, { background: '#ffffff' }));
}
