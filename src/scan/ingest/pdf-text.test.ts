import { describe, expect, it } from 'vitest';
import { linesFromTextItems, type PdfTextItem } from './pdf-text.js';

const item = (str: string, x: number, y: number, size = 10, charWidth = 5): PdfTextItem => ({
  str,
  transform: [size, 0, 0, size, x, y],
  width: str.length * charWidth,
});

describe('linesFromTextItems', () => {
  it('joins items on one baseline into a line, in x order, with spaces from gaps', () => {
    const lines = linesFromTextItems(
      [item('mg', 160, 700), item('TAREG', 100, 700), item('80', 140, 700)],
      800,
      1,
      2,
    );
    expect(lines.map((l) => l.text)).toEqual(['TAREG 80 mg']);
    expect(lines[0]!.box).toMatchObject({ page: 2, x: 100 });
  });

  it('keeps adjacent items of one word together (font change inside a word)', () => {
    const lines = linesFromTextItems([item('Parac', 100, 700), item('étamol', 125, 700)], 800, 1, 1);
    expect(lines[0]!.words.map((w) => w.text)).toEqual(['Paracétamol']);
  });

  it('splits a row at a column gap and orders lines top to bottom', () => {
    const lines = linesFromTextItems(
      [item('soir', 100, 680), item('1 cp matin', 100, 700), item('ELIQUIS 2 mg', 400, 700)],
      800,
      1,
      1,
    );
    expect(lines.map((l) => l.text)).toEqual(['1 cp matin', 'ELIQUIS 2 mg', 'soir']);
  });

  it('scales to the page space and flips y (PDF origin is bottom-left)', () => {
    const [line] = linesFromTextItems([item('X', 72, 792 - 72)], 792, 150 / 72, 1);
    // Baseline at 72 pt from the top = 150 px; the box spans the ascent above it.
    expect(line!.box.x).toBe(150);
    expect(line!.box.y).toBeLessThan(150);
    expect(line!.box.y + line!.box.height).toBeGreaterThan(150);
  });

  it('ignores whitespace-only items and returns nothing for an empty layer', () => {
    expect(linesFromTextItems([item('   ', 100, 700)], 800, 1, 1)).toEqual([]);
  });
});
