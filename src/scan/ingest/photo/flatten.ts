/**
 * @module Flattens the sheet found in a phone photo onto an upright rectangle (perspective
 * correction), scaled to a chosen width.
 */
import type { GrayImage } from '../gray-image.js';
import { findPage, type Quad } from './find-page.js';
import { homography, warpGray, type Point } from './homography.js';

const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * @param image - an upright grayscale photo
 * @param targetWidth - width of the flattened sheet; null keeps the sheet's own width in the photo
 * @returns the flattened sheet and its corners in the photo, or null when no sheet was found
 */
export async function flattenPage(
  image: GrayImage,
  targetWidth: number | null,
): Promise<{ image: GrayImage; quad: Quad } | null> {
  const quad = await findPage(image);
  if (!quad) return null;
  const [tl, tr, br, bl] = quad;
  const naturalW = (dist(tl, tr) + dist(bl, br)) / 2;
  const naturalH = (dist(tl, bl) + dist(tr, br)) / 2;
  const scale = targetWidth === null ? 1 : targetWidth / naturalW;
  const width = Math.round(naturalW * scale);
  const height = Math.round(naturalH * scale);
  const out: Point[] = [
    { x: 0, y: 0 },
    { x: width - 1, y: 0 },
    { x: width - 1, y: height - 1 },
    { x: 0, y: height - 1 },
  ];
  const h = homography(out, quad);
  if (!h) return null;
  return { image: warpGray(image, h, width, height), quad };
}
