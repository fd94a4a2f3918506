import { describe, expect, it } from 'vitest';
import { cutIntoBands } from './bands.js';

/** A white page with black "text lines" 20 px tall every 50 px from y = 100 to `last`. */
function page(width: number, height: number, last: number) {
  const data = Buffer.alloc(width * height, 255);
  for (let y = 100; y + 20 <= last; y += 50) {
    for (let r = y; r < y + 20; r++) data.fill(0, r * width + 50, r * width + width - 50);
  }
  return { data, width, height };
}

describe('cutIntoBands', () => {
  it('cuts through a gap between lines, near the middle of the ink', () => {
    const img = page(400, 2000, 1900);
    const bands = cutIntoBands(img, 2);
    expect(bands).toHaveLength(2);
    const cut = bands[1]!.offset + 32;
    expect(cut).toBeGreaterThan(800);
    expect(cut).toBeLessThan(1200);
    // No line is cut: the row at the cut is blank.
    expect(img.data.subarray(cut * 400, (cut + 1) * 400).every((v) => v === 255)).toBe(true);
    // White margins of 32 rows around each band; the page's rows in between, once each.
    expect(bands[0]!.offset).toBe(-32);
    expect(bands[0]!.image.height + bands[1]!.image.height).toBe(2000 + 4 * 32);
    expect(bands[1]!.image.data[31 * 400 + 100]).toBe(255);
    const rows = bands[1]!.image.data.subarray(32 * 400, (32 + 2000 - cut) * 400);
    expect(rows.equals(img.data.subarray(cut * 400))).toBe(true);
  });

  it('balances the ink, not the paper', () => {
    const bands = cutIntoBands(page(400, 2000, 900), 2);
    expect(bands[1]!.offset + 32).toBeLessThan(700);
  });

  it('keeps a short page, or one worker, whole', () => {
    expect(cutIntoBands(page(400, 1000, 900), 2)).toHaveLength(1);
    expect(cutIntoBands(page(400, 2000, 1900), 1)).toHaveLength(1);
  });

  it('does not cut where there is no gap', () => {
    const img = { data: Buffer.alloc(400 * 2000, 255), width: 400, height: 2000 };
    for (let y = 0; y < 2000; y += 5) img.data.fill(0, y * 400 + 50, y * 400 + 350); // 4-px gaps
    expect(cutIntoBands(img, 2)).toHaveLength(1);
  });
});
