/**
 * The line editor's dosage helpers on a single dose ("1 sachet en prise unique": `timing.repeat.count`
 * 1, no frequency): the summary says it, and a frequency the clinician types replaces it.
 */
import { describe, expect, it } from 'vitest';
import { parsePosology } from '../../src/scan/posology/parse-posology.js';
import { fromFields, summarize, toFields } from '../../web/src/dosage.js';

describe('dosage helpers on a single dose', () => {
  const single = parsePosology('1 sachet en prise unique').dosages[0]!;

  it('summarises it as taken once', () => {
    expect(summarize(single)).toBe('1 sachet · une seule fois');
  });

  it('drops the single dose once the clinician gives a frequency', () => {
    const edited = fromFields(
      single,
      { ...toFields(single), frequency: '2', period: '1', periodUnit: 'd' },
      1,
    );
    expect(edited.timing?.repeat).toMatchObject({ frequency: 2, period: 1, periodUnit: 'd' });
    expect(edited.timing?.repeat?.count).toBeUndefined();
    // Left as it is, it stays a single dose.
    expect(fromFields(single, toFields(single), 1).timing?.repeat?.count).toBe(1);
  });
});

describe('dosage helpers on a clock time', () => {
  it('keeps "à 20 h" until the clinician ticks a moment of the day, which replaces it (tim-10)', () => {
    const clock = parsePosology('1 cp le soir à 20h').dosages[0]!;
    expect(fromFields(clock, toFields(clock), 1).timing?.repeat?.timeOfDay).toEqual(['20:00:00']);
    const ticked = fromFields(clock, { ...toFields(clock), evening: true }, 1).timing?.repeat;
    expect(ticked?.when).toEqual(['EVE']);
    expect(ticked?.timeOfDay).toBeUndefined();
  });
});
