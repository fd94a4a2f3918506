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
  const background = await grayFromSharp(
    sharpFromGray({ data: maxed, width: w, height: h })
      .blur(2)
      .resize(image.width, image.height, { kernel: 'cubic', fit: 'fill' }),
  );
  const out = Buffer.alloc(image.data.length);
  for (let i = 0; i < out.length; i++) {
    const bg = Math.max(1, background.data[i]!);
    out[i] = Math.min(255, Math.round((255 * image.data[i]!) / bg));
  }
  return { data: out, width: image.width, height: image.height };
}
