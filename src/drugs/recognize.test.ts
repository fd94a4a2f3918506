import { beforeAll, describe, expect, it } from 'vitest';
import { detectDrug, loadDrugIndex, recognizeDrug, type DrugIndex } from './index.js';

let index: DrugIndex;
beforeAll(async () => {
  index = await loadDrugIndex();
}, 60_000);

const top = (text: string): string => recognizeDrug(index, text).candidates[0]?.specialty.name ?? '';

describe('recognizeDrug on brand names', () => {
  it.each([
    ['DOLIPRANE 1000 mg cp', /^DOLIPRANE 1000 mg, comprimé$/],
    ['Doliprane 1 g comprimé', /^DOLIPRANE 1000 mg, comprimé$/],
    ['LEVOTHYROX 63 µg', /^LEVOTHYROX 63 microgrammes/],
    ['LEVOTHYROX 63 mcg', /^LEVOTHYROX 63 microgrammes/],
    ['Levothyrox 63 microgrammes', /^LEVOTHYROX 63 microgrammes/],
    ['AUGMENTIN 1 g/125 mg sachet', /^AUGMENTIN 1 g\/125 mg, poudre pour suspension buvable en sachet/],
    ['Entresto 49 mg/51 mg', /^ENTRESTO 49 mg\/51 mg/],
    ['UVEDOSE 50 000 UI amp buv', /^UVEDOSE 50 000 UI, solution buvable en ampoule/],
    ['DEXPANTHENOL ZENTIVA CONSEIL 5 % pommade', /^DEXPANTHENOL ZENTIVA CONSEIL 5 %, pommade/],
    ['HUMALOG KWIKPEN 200 UI/ml stylo', /^HUMALOG 200 UI\/ml KWIKPEN/],
    ['SMECTA FRAISE 3 g sachet', /^SMECTA 3 g FRAISE/],
    ['EFFERALGAN 80 mg sachet', /^EFFERALGAN 80 mg, poudre effervescente/],
    ['TRAMADOL ZENTIVA LP 50 mg', /^TRAMADOL ZENTIVA LP 50 mg/],
    // An amount in a stated volume: the catalogue names the syringe with words in between.
    ['Lovenox 4000 UI/0,4 ml', /^LOVENOX 4 000 UI \(40 mg\)\/0,4 ml/],
    ['INNOHEP 10000 UI/0,5 ml', /^INNOHEP 10 000 UI anti-Xa\/0,5 ml/],
    ['Augmentin 100 mg/12,5 mg/ml', /^AUGMENTIN 100 mg\/12,50 mg par ml/],
    // The strength printed after the form
    ['DOLIPRANE cp 1000 mg', /^DOLIPRANE 1000 mg, comprimé$/],
    ['Nicotine patch 21 mg/24 h', /21 mg\/24 h/],
  ])('reads %s', (text, expected) => {
    expect(top(text)).toMatch(expected);
  });
});

describe('recognizeDrug on substance (INN) names', () => {
  it.each([
    ['Paracétamol 1 g cp', /PARACETAMOL|PARACÉTAMOL|DOLIPRANE|DAFALGAN|EFFERALGAN/, 'tablet'],
    ['Amoxicilline / Acide clavulanique 1 g/125 mg', /1 g\/125 mg/, 'sachet'],
    ['Amoxicilline 500 mg gél', /500 mg, gélule/, 'capsule'],
    ['Mélatonine LP 1 mg', /LP 1 mg|1 mg, comprimé à libération prolongée/, 'tablet'],
    ['TRAMADOL/PARACÉTAMOL 37.5 mg/325 mg', /37[.,]5 mg\/325 mg/, 'tablet'],
    ['Losartan 100 mg cp pelliculé', /100 mg, comprimé pelliculé/, 'tablet'],
  ])('reads %s', (text, expected, family) => {
    const r = recognizeDrug(index, text);
    const best = r.candidates[0]?.specialty;
    expect(best?.name).toMatch(expected);
    expect(best?.formFamily).toBe(family);
    expect(best?.marketed).toBe(true);
  });

  it('keeps the substance set: paracetamol alone never yields a codeine combination', () => {
    const r = recognizeDrug(index, 'Paracétamol 500 mg');
    const tier = r.candidates.filter((c) => c.score === r.candidates[0]?.score);
    for (const c of tier) expect(c.specialty.substances.map((s) => s.name)).toEqual(['PARACÉTAMOL']);
  });
});

describe('recognizeDrug with OCR noise', () => {
  it.each([
    ['D0LIPRANE 1OOO m9 cp', /^DOLIPRANE 1000 mg, comprimé$/],
    ['DOLlPRANE l000 rng', /^DOLIPRANE 1000 mg/],
    ['LEVOTHYROX 63 jg', /^LEVOTHYROX 63 microgrammes/],
    ['LEVOTHYROX 63 Hg', /^LEVOTHYROX 63 microgrammes/],
    ['LEVOTHYROX 63 ug', /^LEVOTHYROX 63 microgrammes/],
    ['AML0D|PINE 5 MG CP', /AMLODIPINE|AMLOR/],
    ['ibuprofene 400 rng', /400 mg/],
    ['Am0xici1line / Acide clavu|anique I g/125 mg', /1 g\/125 mg/],
    ['mé1atonine |p 1 m9', /LP 1 mg|1 mg, comprimé à libération prolongée/],
  ])('reads %s', (text, expected) => {
    expect(top(text)).toMatch(expected);
  });
});

describe('recognizeDrug strength and form', () => {
  it('treats 1 g and 1000 mg as the same strength', () => {
    const a = recognizeDrug(index, 'DOLIPRANE 1 g cp').candidates[0]?.specialty.cis;
    const b = recognizeDrug(index, 'DOLIPRANE 1000 mg cp').candidates[0]?.specialty.cis;
    expect(a).toBe(b);
    expect(recognizeDrug(index, 'DOLIPRANE 1 g cp').strength).toBe('1000 mg');
  });

  it('ranks a wrong strength below the printed one', () => {
    const r = recognizeDrug(index, 'LEVOTHYROX 75 µg');
    expect(r.candidates[0]?.specialty.name).toMatch(/LEVOTHYROX 75 microgrammes/);
    expect(r.candidates[1]?.score ?? 0).toBeLessThan(r.candidates[0]?.score ?? 0);
  });

  it('follows the printed form: a suppository line does not give tablets', () => {
    const r = recognizeDrug(index, 'DOLIPRANE 1000 mg suppo');
    expect(r.candidates[0]?.specialty.formFamily).toBe('suppository');
  });
});

describe('recognizeDrug ambiguity and reliability', () => {
  it('returns every form and flags ambiguity when the form is omitted', () => {
    const r = recognizeDrug(index, 'SPASFON');
    expect(r.ambiguous).toBe(true);
    expect(r.reliability).not.toBe('high');
    const families = new Set(
      r.candidates.filter((c) => c.score === r.candidates[0]?.score).map((c) => c.specialty.formFamily),
    );
    expect(families.size).toBeGreaterThan(1);
  });

  it('matches the strength of a syringe printed as an amount in a volume', () => {
    for (const text of ['Lovenox 4000 UI/0,4 ml', 'INNOHEP 10000 UI/0,5 ml']) {
      const r = recognizeDrug(index, text);
      expect(r.reliability).toBe('high');
      // The other syringes of the brand rank well below (their strength differs).
      expect(r.candidates[1]!.score).toBeLessThan(r.candidates[0]!.score * 0.5);
    }
  });

  it('is sure of an exact brand, strength and form', () => {
    const r = recognizeDrug(index, 'LEVOTHYROX 63 microgrammes comprimé');
    expect(r.reliability).toBe('high');
    expect(r.ambiguous).toBe(false);
  });

  it('lists the several brands of one generic, best first, as equivalent', () => {
    const r = recognizeDrug(index, 'Paracétamol 500 mg cp');
    expect(r.ambiguous).toBe(true);
    expect(r.candidates.length).toBeGreaterThan(5);
    expect(r.reliability).toBe('high');
  });

  it.each([
    'D0LIPRANE 1OOO m9 cp',
    'DOLIPRANE 1000 rng cp',
    'LEVOTHYROX 63 jg comprimé',
    'LEVOTHYR0X 63 µg comprimé',
  ])('is not sure of a line read through OCR corrections: %s', (text) => {
    const r = recognizeDrug(index, text);
    expect(r.candidates.length).toBeGreaterThan(0);
    expect(r.reliability).toBe('medium');
  });

  it('finds nothing in a line that names no drug', () => {
    const r = recognizeDrug(index, 'Ne pas substituer');
    expect(r.candidates).toEqual([]);
    expect(r.span).toBeNull();
    expect(r.reliability).toBe('low');
  });
});

describe('recognizeDrug span (drug part only, posology left out)', () => {
  it.each([
    ['DOLIPRANE 1000 mg cp 1 cp matin et soir pendant 7 jours', 'DOLIPRANE 1000 mg cp'],
    ['Amoxicilline 500 mg gél. 2 gélules matin et soir', 'Amoxicilline 500 mg gél.'],
    ['TRAMADOL/PARACÉTAMOL 37.5 mg/325 mg comprimés : 2-1-1', 'TRAMADOL/PARACÉTAMOL 37.5 mg/325 mg'],
    ['Nébivolol 5 mg cpr ½ cp le soir', 'Nébivolol 5 mg cpr'],
    ['SMECTA FRAISE 3 g sachet 1 sachet 3 fois par jour', 'SMECTA FRAISE 3 g sachet'],
    [
      'Acide acétylsalicylique 250 mg sachet-dose 1 sachet par jour',
      'Acide acétylsalicylique 250 mg sachet-dose',
    ],
    ['SPASFON 2 cp si douleur', 'SPASFON'],
    // An amount after the form that ends the drug part is its strength; followed by more words, a dose.
    ['DOLIPRANE cp 1000 mg', 'DOLIPRANE cp 1000 mg'],
    ['MOVIPREP sol buv 5 mL matin et soir', 'MOVIPREP sol buv'],
  ])('%s', (text, span) => {
    expect(recognizeDrug(index, text).span?.text).toBe(span);
  });

  it('uses the dose unit of the posology to choose the form', () => {
    const caps = recognizeDrug(index, 'Amoxicilline 500 mg 1 gélule matin et soir');
    expect(caps.candidates[0]?.specialty.formFamily).toBe('capsule');
  });
});

describe('detectDrug', () => {
  it.each([
    ['DOLIPRANE 1000 mg cp 1 cp x 3/j', true, true],
    ['1) Amoxicilline 500 mg', true, true],
    ['Allergies : Amoxicilline', true, false],
    ['Ne pas substituer', false, false],
    ['Bilan sanguin : NFS, ionogramme', false, false],
  ])('%s', (text, contains, starts) => {
    const d = detectDrug(index, text);
    expect(d.score > 0.5).toBe(contains);
    expect(d.startsWithDrug).toBe(starts);
  });
});
