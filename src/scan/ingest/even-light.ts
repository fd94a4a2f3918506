/**
 * @module Evens out uneven light (shadows, vignetting, a lamp on one side) by background division:
 * the paper's brightness is estimated on a coarse grid with the dark text removed (max filter),
 * smoothed, and every pixel is divided by it, so that paper becomes white everywhere and ink keeps
 * its contrast to the paper around it.
 */
import { grayFromSharp, sharpFromGray, type GrayImage } from './gray-image.js';

/** Size of a cell of the coarse grid, in pixels of the page. */
const CELL = 16;

/**
 * @param image - a grayscale page
 * @returns the page with its background brought to white
 */
export async function evenLight(image: GrayImage): Promise<GrayImage> {
  const w = Math.max(3, Math.round(image.width / CELL));
  const h = Math.max(3, Math.round(image.height / CELL));
  const coarse = await grayFromSharp(sharpFromGray(image).resize(w, h, { kernel: 'cubic', fit: 'fill' }));
  // Max filter (radius 2 cells): a text line is dark over a few cells, the paper between lines is not.
  const maxed = Buffer.alloc(w * h);
  const r = 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let m = 0;
      for (let dy = -r; dy <= r; dy++) {
        const yy = Math.min(h - 1, Math.max(0, y + dy));
        for (let dx = -r; dx <= r; dx++) {
          const v = coarse.data[yy * w + Math.min(w - 1, Math.max(0, x + dx))]!;
          if (v > m) m = v;
        }
      }
      maxed[y * w + x] = m;
    }
  }
  const smooth = await grayFromSharp(sharpFromGray({ data: maxed, width: w, height: h }).blur(2));
  // Bilinear interpolation of the coarse background at each pixel (cheaper than a full-size resize).
  const { data, width, height } = image;
  const out = Buffer.alloc(data.length);
  const sx = w / width;
  const sy = h / height;
  const x0s = new Int32Array(width);
  const fxs = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(w - 1, Math.max(0, (x + 0.5) * sx - 0.5));
    x0s[x] = Math.min(w - 2, Math.floor(fx));
    fxs[x] = fx - x0s[x]!;
  }
  const bg = smooth.data;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(h - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.min(h - 2, Math.floor(fy));
    const ty = fy - y0;
    const r0 = y0 * w;
    const r1 = r0 + w;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const x0 = x0s[x]!;
      const tx = fxs[x]!;
      const top = bg[r0 + x0]! + tx * (bg[r0 + x0 + 1]! - bg[r0 + x0]!);
      const bottom = bg[r1 + x0]! + tx * (bg[r1 + x0 + 1]! - bg[r1 + x0]!);
      const b = Math.max(1, top + ty * (bottom - top));
      const v = (255 * data[row + x]!) / b + 0.5;
      out[row + x] = v > 255 ? 255 : v;
    }
  }
  return { data: out, width: image.width, height: image.height };
}
