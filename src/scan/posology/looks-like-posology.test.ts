import { describe, expect, it } from 'vitest';
import { looksLikePosology } from './looks-like-posology.js';

describe('looksLikePosology', () => {
  it.each([
    '1 cp matin et soir pendant 7 jours',
    '1-0-1',
    '2 gélules 3 fois par jour',
    '1 sachet si douleur, sans dépasser 3 par jour',
    'un comprimé le soir au coucher',
    '40 mg le matin puis 20 mg',
  ])('scores a dosage high: "%s"', (text) => {
    expect(looksLikePosology(text)).toBeGreaterThanOrEqual(0.7);
  });

  it.each([
    'DOLIPRANE 1000 mg comprimé',
    'Amoxicilline',
    'Allergies : pénicilline',
    'Dr Jean Martin, 12 rue des Lilas, 75011 Paris',
    'Ne pas substituer',
    '',
  ])('scores a non-dosage low: "%s"', (text) => {
    expect(looksLikePosology(text)).toBeLessThan(0.4);
  });

  it('ranks a continuation line above a drug line', () => {
    expect(looksLikePosology('pendant 10 jours')).toBeGreaterThan(looksLikePosology('KARDEGIC 75 mg sachet'));
  });
});
