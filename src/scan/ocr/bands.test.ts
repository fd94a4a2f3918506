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

  describe('photo', () => {
    /** `page()` with dark rims `rim` px wide on every side, as a flattened photo keeps. */
    function photo(last: number, rim: number) {
      const img = page(400, 2000, last);
      for (let r = 0; r < 2000; r++) {
        const edge = r < rim || r >= 2000 - rim;
        img.data.fill(0, r * 400, edge ? (r + 1) * 400 : r * 400 + rim);
        if (!edge) img.data.fill(0, r * 400 + 400 - rim, (r + 1) * 400);
      }
      return img;
    }

    it('measures rows between the rims: a photo is cut near the middle of its ink', () => {
      const img = photo(1900, 10);
      expect(cutIntoBands(img, 2)).toHaveLength(1);
      const bands = cutIntoBands(img, 2, { photo: true });
      expect(bands).toHaveLength(2);
      const cut = bands[1]!.offset + 32;
      expect(Math.abs(cut - 1000)).toBeLessThan(200);
      expect(img.data.subarray(cut * 400 + 10, (cut + 1) * 400 - 10).every((v) => v === 255)).toBe(true);
    });

    it('does not cut a photo where the ink would split unevenly', () => {
      // Wide lines from y = 100 to 700 (20-px gaps), a 140-px gap, then narrow lines to 1900: the gap holds
      // nearly all the ink above it.
      const img = { data: Buffer.alloc(400 * 2000, 255), width: 400, height: 2000 };
      for (let y = 100; y + 20 <= 1900; y += 40) {
        if (y + 20 > 700 && y < 800) continue;
        const right = y < 700 ? 350 : 70;
        for (let r = y; r < y + 20; r++) img.data.fill(0, r * 400 + 50, r * 400 + right);
      }
      expect(cutIntoBands(img, 2)).toHaveLength(2);
      expect(cutIntoBands(img, 2, { photo: true })).toHaveLength(1);
    });
  });
});
