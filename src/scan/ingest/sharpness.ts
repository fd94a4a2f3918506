/**
 * @module How sharp the edges of a page's print are: the steep end (95th percentile) of the
 * brightness gradient over edge pixels, as a share of the contrast between ink and paper. A
 * focused print has edges one or two pixels wide (a high share); a blurred photo spreads them
 * (a low share). Measured on the OCR image (text at a known height), so pages compare.
 */
import type { GrayImage } from './gray-image.js';

/** Gradients weaker than this (gray levels per pixel) are paper texture and noise, not edges. */
const EDGE_MIN_GRADIENT = 8;
/** Pixels sampled (every n-th): the measure needs a sample, not every pixel. */
const ROW_STEP = 4;
const COLUMN_STEP = 2;
/** Stride through the pixels for the ink and paper levels. */
const LEVEL_STEP = 5;

function percentile(hist: Uint32Array, total: number, q: number): number {
  let seen = 0;
  for (let v = 0; v < hist.length; v++) {
    seen += hist[v]!;
    if (seen >= q * total) return v;
  }
  return hist.length - 1;
}

/**
 * @param image - a grayscale page (dark print on light paper)
 * @returns the 95th percentile of edge gradients over the ink–paper contrast (0..1), or null when
 *   the page has too little print or contrast to tell
 */
export function edgeSharpness(image: GrayImage): number | null {
  const { data, width, height } = image;
  const levels = new Uint32Array(256);
  let sampled = 0;
  for (let i = 0; i < data.length; i += LEVEL_STEP, sampled++) levels[data[i]!]!++;
  const ink = percentile(levels, sampled, 0.01);
  const paper = percentile(levels, sampled, 0.5);
  if (paper - ink < 32) return null;
  const grads = new Uint32Array(256);
  let edges = 0;
  for (let y = 1; y < height - 1; y += ROW_STEP) {
    const row = y * width;
    for (let x = 1; x < width - 1; x += COLUMN_STEP) {
      const i = row + x;
      const gx = data[i + 1]! - data[i - 1]!;
      const gy = data[i + width]! - data[i - width]!;
      const g = Math.min(255, Math.round(Math.sqrt(gx * gx + gy * gy) / 2));
      if (g > EDGE_MIN_GRADIENT) {
        grads[g]!++;
        edges++;
      }
    }
  }
  if (edges < 100) return null;
  return percentile(grads, edges, 0.95) / (paper - ink);
}
