/**
 * @module Perspective (homography) between four point pairs, and a bilinear warp of a gray image
 * through it: flattens a photographed page onto an upright rectangle.
 */
import type { GrayImage } from '../gray-image.js';

/** A point in pixels. */
export interface Point {
  x: number;
  y: number;
}

/** Solves A·x = b (n×n, Gaussian elimination with partial pivoting); null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    if (Math.abs(m[pivot]![c]!) < 1e-12) return null;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * @param from - four source points
 * @param to - the four points they map to
 * @returns the 3×3 matrix (row-major, h33 = 1) mapping `from` onto `to`, or null if degenerate
 */
export function homography(from: Point[], to: Point[]): number[] | null {
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const { x, y } = from[i]!;
    const { x: u, y: v } = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  const h = solve(a, b);
  return h ? [...h, 1] : null;
}

/**
 * Samples `src` through `h` (output pixel → source pixel) with bilinear interpolation.
 * @param src - the photo
 * @param h - homography from output coordinates to source coordinates
 * @param width - output width
 * @param height - output height
 * @returns the warped image; pixels falling outside `src` are white
 */
export function warpGray(src: GrayImage, h: number[], width: number, height: number): GrayImage {
  const out = Buffer.alloc(width * height);
  const { data, width: sw, height: sh } = src;
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const w = h6 * x + h7 * y + h8;
      const sx = (h0 * x + h1 * y + h2) / w;
      const sy = (h3 * x + h4 * y + h5) / w;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= sw - 1 || y0 >= sh - 1) {
        out[y * width + x] = 255;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * sw + x0;
      const top = data[i]! + (data[i + 1]! - data[i]!) * fx;
      const bottom = data[i + sw]! + (data[i + sw + 1]! - data[i + sw]!) * fx;
      out[y * width + x] = Math.round(top + (bottom - top) * fy);
    }
  }
  return { data: out, width, height };
}
