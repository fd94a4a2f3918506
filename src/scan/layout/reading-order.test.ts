import { describe, expect, it } from 'vitest';
import type { OcrLine, PageText } from '../types.js';
import { buildPage } from './page-builder.test-helper.js';
import { orderPageLines, toLayoutLines } from './reading-order.js';

/** Two OCR lines read as one (their words kept), as tesseract does across a narrow gutter. */
function glued(a: OcrLine, b: OcrLine): OcrLine {
  const words = [...a.words, ...b.words];
  const x1 = Math.max(...words.map((w) => w.box.x + w.box.width));
  return {
    text: `${a.text} ${b.text}`,
    confidence: a.confidence,
    box: { ...a.box, width: x1 - a.box.x },
    words,
  };
}

describe('orderPageLines', () => {
  // Left column from x = 60, right column from x = 640; the first left line ends at x = 610, so
  // the gap to the right column (30 px, 1.5 line heights) is too narrow to be cut as cells.
  const left = 'ZOLPIDEM 10 mg : 1 cp le soir pendant 1 mois avec un'.padEnd(55, '.');
  const rows = buildPage([
    [60, 100, left],
    [640, 100, 'PARACETAMOL 1000 mg : 1 cp si douleur'],
    [60, 130, 'grand verre d eau'],
    [640, 130, 'BAUME : 1 application 2 fois par jour'],
    [60, 160, 'MIRTAZAPINE 15 mg : 1 cp le soir'],
    [640, 160, 'LEVOTHYROX 125 : 1 cp le matin'],
    [60, 190, 'ELIQUIS 2 mg : 1 sachet un jour sur deux'],
    [640, 190, 'SERTRALINE 50 mg : 2 le matin'],
  ]);

  it('reads a two-column body column by column', () => {
    const ordered = orderPageLines(toLayoutLines(rows), rows.width).map((l) => l.text);
    expect(ordered.indexOf('grand verre d eau')).toBe(ordered.indexOf(left) + 1);
    expect(ordered.indexOf('PARACETAMOL 1000 mg : 1 cp si douleur')).toBeGreaterThan(
      ordered.indexOf('ELIQUIS 2 mg : 1 sachet un jour sur deux'),
    );
  });

  it('cuts a line the OCR ran across a narrow gutter, so the columns stay apart', () => {
    const page: PageText = {
      ...rows,
      lines: [glued(rows.lines[0] as OcrLine, rows.lines[1] as OcrLine), ...rows.lines.slice(2)],
    };
    const layout = toLayoutLines(page);
    expect(layout.some((l) => l.text.includes('PARACETAMOL') && l.text.includes('ZOLPIDEM'))).toBe(true);
    const ordered = orderPageLines(layout, page.width).map((l) => l.text);
    expect(ordered).toContain(left);
    expect(ordered).toContain('PARACETAMOL 1000 mg : 1 cp si douleur');
    expect(ordered.indexOf('grand verre d eau')).toBe(ordered.indexOf(left) + 1);
    expect(ordered.indexOf('PARACETAMOL 1000 mg : 1 cp si douleur')).toBeGreaterThan(
      ordered.indexOf('ELIQUIS 2 mg : 1 sachet un jour sur deux'),
    );
  });

  it('leaves a single-column line with wide word spaces whole', () => {
    const page = buildPage([
      [60, 100, 'AMOXICILLINE 1 g : 1 cp matin et soir pendant 7 jours'],
      [60, 130, 'DOLIPRANE 1000 mg : 1 cp si douleur'],
    ]);
    const ordered = orderPageLines(toLayoutLines(page), page.width).map((l) => l.text);
    expect(ordered).toEqual([
      'AMOXICILLINE 1 g : 1 cp matin et soir pendant 7 jours',
      'DOLIPRANE 1000 mg : 1 cp si douleur',
    ]);
  });
});
