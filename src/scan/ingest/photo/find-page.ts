/**
 * @module Finds the sheet of paper in a phone photo: on a downscaled copy, the paper is the
 * largest bright region (Otsu threshold on a smoothed image); its corners are the extreme points
 * along the two diagonals. Returns null when no plausible sheet stands out (e.g. a flat scan that
 * is all paper), so that the caller keeps the image as it is.
 */
import { grayFromSharp, sharpFromGray, type GrayImage } from '../gray-image.js';
import type { Point } from './homography.js';

/** Side of the downscaled copy used for detection. */
const DETECT_SIDE = 400;
/** The sheet must cover this share of the photo, but not all of it (then there is nothing to crop). */
const MIN_AREA = 0.2;
const MAX_AREA = 0.97;
/** Gradient (gray levels per pixel, Sobel / 4) that counts as a sharp edge on the detection copy. */
const EDGE_STEP = 12;
/** Mean gray of the sheet minus mean gray of the background, at least. */
const MIN_PAPER_CONTRAST = 20;

/** @returns Otsu's threshold of an 8-bit histogram. */
export function otsuThreshold(data: Uint8Array): number {
  const hist = new Array<number>(256).fill(0);
  for (const v of data) hist[v]!++;
  const total = data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** @returns the pixel indices of the largest 4-connected region where `mask` is set. */
function largestRegion(mask: Uint8Array, width: number, height: number): number[] {
  const seen = new Uint8Array(mask.length);
  let best: number[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    const region: number[] = [];
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      region.push(i);
      const x = i % width;
      const neighbours = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width];
      for (const n of neighbours) {
        if (n >= 0 && n < mask.length && mask[n] && !seen[n]) {
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    if (region.length > best.length) best = region;
  }
  void height;
  return best;
}

/** Corners of a quadrilateral, clockwise from top-left. */
export type Quad = [Point, Point, Point, Point];

/** @returns the Sobel gradient magnitude of a small gray image. */
function gradient(img: GrayImage): Float32Array {
  const { data, width: w, height: h } = img;
  const g = new Float32Array(w * h);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const gx =
        data[i - w + 1]! +
        2 * data[i + 1]! +
        data[i + w + 1]! -
        data[i - w - 1]! -
        2 * data[i - 1]! -
        data[i + w - 1]!;
      const gy =
        data[i + w - 1]! +
        2 * data[i + w]! +
        data[i + w + 1]! -
        data[i - w - 1]! -
        2 * data[i - w]! -
        data[i - w + 1]!;
      g[i] = Math.hypot(gx, gy) / 4;
    }
  }
  return g;
}

/**
 * The background is what can be reached from the photo's border without crossing a sharp edge;
 * soft shadows and light gradients do not stop the fill, the paper's edge does.
 * @returns a mask of the background pixels
 */
function backgroundMask(img: GrayImage): Uint8Array {
  const { width: w, height: h } = img;
  const g = gradient(img);
  const wall = new Uint8Array(w * h);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      // Dilate edges by one pixel to seal small gaps in a blurred paper edge.
      if (g[y * w + x]! > EDGE_STEP) {
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) wall[(y + dy) * w + x + dx] = 1;
      }
    }
  }
  const bg = new Uint8Array(w * h);
  const stack: number[] = [];
  const seed = (i: number): void => {
    if (!wall[i] && !bg[i]) {
      bg[i] = 1;
      stack.push(i);
    }
  };
  for (let x = 0; x < w; x++) {
    seed(x);
    seed((h - 1) * w + x);
  }
  for (let y = 0; y < h; y++) {
    seed(y * w);
    seed(y * w + w - 1);
  }
  while (stack.length > 0) {
    const i = stack.pop()!;
    const x = i % w;
    if (x > 0) seed(i - 1);
    if (x < w - 1) seed(i + 1);
    if (i >= w) seed(i - w);
    if (i < w * (h - 1)) seed(i + w);
  }
  return bg;
}

/**
 * @param image - an upright grayscale photo
 * @returns the sheet's corners in `image` pixels (TL, TR, BR, BL), or null if no sheet stands out
 */
export async function findPage(image: GrayImage): Promise<Quad | null> {
  const small = await grayFromSharp(
    sharpFromGray(image).resize({ width: DETECT_SIDE, height: DETECT_SIDE, fit: 'inside' }).blur(1),
  );
  const bg = backgroundMask(small);
  const mask = new Uint8Array(bg.length);
  for (let i = 0; i < mask.length; i++) mask[i] = bg[i] ? 0 : 1;
  const region = largestRegion(mask, small.width, small.height);
  const area = region.length / mask.length;
  if (area < MIN_AREA || area > MAX_AREA) return null;
  let tl = { s: Infinity, i: 0 };
  let br = { s: -Infinity, i: 0 };
  let tr = { s: -Infinity, i: 0 };
  let bl = { s: Infinity, i: 0 };
  for (const i of region) {
    const x = i % small.width;
    const y = Math.floor(i / small.width);
    if (x + y < tl.s) tl = { s: x + y, i };
    if (x + y > br.s) br = { s: x + y, i };
    if (x - y > tr.s) tr = { s: x - y, i };
    if (x - y < bl.s) bl = { s: x - y, i };
  }
  // The sheet must be brighter than what surrounds it (a framed table on a scan is not a sheet).
  let inside = 0;
  for (const i of region) inside += small.data[i]!;
  let outside = 0;
  let outsideCount = 0;
  for (let i = 0; i < bg.length; i++) {
    if (bg[i]) {
      outside += small.data[i]!;
      outsideCount++;
    }
  }
  if (outsideCount === 0 || inside / region.length - outside / outsideCount < MIN_PAPER_CONTRAST) return null;
  const fx = image.width / small.width;
  const fy = image.height / small.height;
  const point = (i: number): Point => ({
    x: ((i % small.width) + 0.5) * fx,
    y: (Math.floor(i / small.width) + 0.5) * fy,
  });
  const quad: Quad = [point(tl.i), point(tr.i), point(br.i), point(bl.i)];
  // The quad must hold most of the region (a blob-shaped region is not a sheet).
  if (quadArea(quad) / (fx * fy) < region.length * 0.9) return null;
  return quad;
}

/** @returns the area of a quadrilateral (shoelace formula). */
export function quadArea(q: Quad): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[i]!;
    const b = q[(i + 1) % 4]!;
    s += a.x * b.y - b.x * a.y;
  }
  return Math.abs(s) / 2;
}
