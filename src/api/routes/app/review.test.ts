import { describe, expect, it } from 'vitest';
import { assertValidatable, isFlagged } from './review.js';
import type { AppLine } from './wire.js';

const sure: AppLine = {
  id: 'e1',
  origin: 'engine',
  text: 'DOLIPRANE 1000 mg cp 1 cp le soir',
  drugText: 'DOLIPRANE 1000 mg cp',
  drug: {
    cis: '60234100',
    name: 'DOLIPRANE 1000 mg, comprimé',
    form: 'comprimé',
    strength: '1000 mg',
    substances: ['PARACÉTAMOL'],
    marketed: true,
    atc: 'N02BE01',
  },
  alternatives: [],
  posologyText: '1 cp le soir',
  dosages: [{ sequence: 1, text: '1 cp le soir' }],
  renewals: null,
  ald: false,
  reliability: 'high',
  issues: [],
  boxes: [],
  review: 'none',
};

describe('review rules', () => {
  it.each<[string, Partial<AppLine>, boolean]>([
    ['a sure line', {}, false],
    ['medium reliability', { reliability: 'medium' }, true],
    ['an unknown drug', { drug: null }, true],
    ['an ambiguous match', { alternatives: [sure.drug!] }, true],
    ['no structured dosage', { dosages: [] }, true],
    ['a warning issue', { issues: [{ severity: 'warning', code: 'x', message: 'm' }] }, true],
    ['an information issue only', { issues: [{ severity: 'information', code: 'x', message: 'm' }] }, false],
  ])('flags %s: %s', (_l, over, flagged) => expect(isFlagged({ ...sure, ...over })).toBe(flagged));

  it('refuses to validate with no line or an unchecked line, naming the lines', () => {
    expect(() => assertValidatable([])).toThrow(/no line/);
    expect(() => assertValidatable([sure, { ...sure, id: 'e2', review: 'required' }])).toThrow(/1 line/);
    expect(() => assertValidatable([sure, { ...sure, id: 'e2', review: 'acknowledged' }])).not.toThrow();
  });
});
