import { describe, expect, it } from 'vitest';
import { foldText } from './fold.js';
import { findStrengths } from './strength.js';

const read = (s: string): { key: string; text: string; span: string } | null => {
  const m = findStrengths(foldText(s))[0];
  return m === undefined ? null : { key: m.key, text: m.text, span: s.slice(m.start, m.end) };
};

describe('findStrengths', () => {
  it.each([
    ['DOLIPRANE 1000 mg', '1000mg', '1000 mg'],
    ['Paracétamol 1 g', '1000mg', '1 g'],
    ['LEVOTHYROX 63 µg', '0.063mg', '63 µg'],
    ['LEVOTHYROX 63 mcg', '0.063mg', '63 mcg'],
    ['LEVOTHYROX 63 microgrammes', '0.063mg', '63 microgrammes'],
    ['UVEDOSE 50 000 UI', '50000ui', '50 000 UI'],
    ['HUMALOG 100 UI/ml', '100ui/ml', '100 UI/ml'],
    ['NOVORAPID 100 unités/ml', '100ui/ml', '100 unités/ml'],
    ['BETADINE 10 %', '10%', '10 %'],
    ['CLAMOXYL 250 mg/5 ml', '50mg/ml', '250 mg/5 ml'],
    ['AUGMENTIN 875 mg/125 mg', '125mg+875mg', '875 mg/125 mg'],
    ['AUGMENTIN 1 g/125 mg', '1000mg+125mg', '1 g/125 mg'],
    ['IXPRIM 37,5/325 mg', '325mg+37.5mg', '37,5/325 mg'],
    ['CO-TAREG 80 mg + 12,5 mg', '12.5mg+80mg', '80 mg + 12,5 mg'],
    ['DUROGESIC 25 µg/h', '0.025mg/h', '25 µg/h'],
    ['AUGMENTIN 100 mg/12,50 mg par ml', '100mg+12.5mg/ml', '100 mg/12,50 mg par ml'],
    ['VENTOLINE 100 µg par dose', '0.1mg/dose', '100 µg par dose'],
  ])('reads %s', (text, key, span) => {
    expect(read(text)).toMatchObject({ key, span });
  });

  it('keeps the amount of an amount in a volume apart, "4000 UI/0,4 ml" also being 4000 UI', () => {
    expect(findStrengths(foldText('LOVENOX 4000 UI/0,4 ml'))[0]).toMatchObject({
      key: '10000ui/ml',
      wholeKey: '4000ui',
    });
    expect(findStrengths(foldText('HUMALOG 100 UI/ml'))[0]?.wholeKey).toBeUndefined();
    expect(findStrengths(foldText('PARACETAMOL 500 mg par jour'))[0]?.key).toBe('500mg');
  });

  it.each([
    ['D0LIPRANE 1OOO m9', '1000mg'],
    ['DOLIPRANE l000 rng', '1000mg'],
    ['LEVOTHYROX 75 jg', '0.075mg'],
    ['LEVOTHYROX 75 Hg', '0.075mg'],
    ['LEVOTHYROX 75 ug', '0.075mg'],
    ['AMOXICILLINE I g', '1000mg'],
    ['ESCITALOPRAM 20 mg/m|', '20mg/ml'],
    ['INSULINE 100 Ul/ml', '100ui/ml'],
    ['VITAMINE D3 100000 Ul', '100000ui'],
    ['OXYCODONE LP $ mg', '5mg'],
    ['TAHOR 1$ mg', '15mg'],
  ])('reads OCR-damaged %s', (text, key) => {
    expect(read(text)?.key).toBe(key);
  });

  it('finds no strength in a posology count or a plain word', () => {
    expect(read('2 cp matin et soir')).toBeNull();
    expect(read('Ne pas substituer')).toBeNull();
  });
});
