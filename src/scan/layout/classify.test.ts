import { describe, expect, it } from 'vitest';
import { classifyNoise, zoneMarkerOf } from './classify.js';
import { splitDrugAndPosology } from './drug-text.js';
import { splitItemMarker } from './fold.js';
import { parseFrenchDate } from './header.js';

describe('classifyNoise', () => {
  it.each([
    ['Poids : 71 kg', 'weight'],
    ['Allergies : Amoxicilline', 'allergy'],
    ['TA : 145/72 mmHg', 'clinical'],
    ['Patient(e) sous anticoagulant', 'clinical'],
    ['Ne pas substituer', 'substitution'],
    ['Mention « non substituable » : néant', 'substitution'],
    ['À renouveler 2 fois', 'renewal'],
    ['Ordonnance renouvelable 3 mois', 'renewal'],
    ['Bilan sanguin : NFS, CRP, ionogramme', 'lab'],
    ['INR à contrôler dans 5 jours', 'lab'],
    ['Bas de contention classe 2, 1 paire', 'device'],
    ['Aiguilles pour stylo 4 mm, 1 boîte de 100', 'device'],
    ['IDE à domicile pour injections', 'care'],
    ['Kinésithérapie : 10 séances de rééducation', 'care'],
    ["Éviter l'exposition au soleil", 'advice'],
    ['Prochain rendez-vous dans 3 mois', 'advice'],
    ['41 rue Pasteur', 'header'],
    ['42000 Saint-Étienne', 'header'],
    ['Page 1/3', 'page'],
    ['Quantité : 2 boîte(s)', 'page'],
  ])('classifies "%s" as %s', (text, kind) => {
    expect(classifyNoise(text)).toBe(kind);
  });

  it.each(['TAHOR 10 mg', 'DAFALGAN 1000 mg', '1) Paracétamol 500 mg', 'SPASFON', 'Bisoprolol 10 mg'])(
    'leaves the drug line "%s" alone',
    (text) => {
      expect(classifyNoise(text)).toBeNull();
    },
  );
});

describe('zoneMarkerOf', () => {
  it.each([
    ["Prescriptions relatives au traitement de l'affection de longue durée reconnue", 'ald'],
    ["Prescriptions SANS RAPPORT avec l'affection de longue durée", 'non-ald'],
    ['(MALADIES INTERCURRENTES)', 'non-ald'],
    ['TAHOR 10 mg', null],
  ])('reads "%s" as %s', (text, zone) => {
    expect(zoneMarkerOf(text)).toBe(zone);
  });
});

describe('splitDrugAndPosology', () => {
  it.each([
    ['Kardegic 75 mg un sachet 2 fois par jour', 'Kardegic 75 mg', 'un sachet 2 fois par jour'],
    ['RELVAR ELLIPTA 184 µg/22 µg poudre p inhal', 'RELVAR ELLIPTA 184 µg/22 µg poudre p inhal', ''],
    [
      'Amoxicilline / Acide clavulanique 1 g/125 mg sachet-dose : 2 sach le midi',
      'Amoxicilline / Acide clavulanique 1 g/125 mg sachet-dose',
      '2 sach le midi',
    ],
    ['SPASFON 1 cpr si douleur', 'SPASFON', '1 cpr si douleur'],
    ['Colécalciférol 100000 UI', 'Colécalciférol 100000 UI', ''],
    [
      'Diclofenac Teva Classics 1 % tube gel 1 application 2 fois/jour',
      'Diclofenac Teva Classics 1 % tube gel',
      '1 application 2 fois/jour',
    ],
    [
      'RELVAR ELLIPTA 184 pg/22 pg poudre p inhal deux bouffées par jour',
      'RELVAR ELLIPTA 184 pg/22 pg poudre p inhal',
      'deux bouffées par jour',
    ],
  ])('splits "%s"', (text, drug, posology) => {
    expect(splitDrugAndPosology(text)).toEqual({ drug, posology });
  });

  it.each([
    ['Valsartan 80 mg/l2,5 mg 1 cp le matin', 'Valsartan 80 mg', 'Valsartan 80 mg/l2,5 mg', '1 cp le matin'],
    [
      'Symbicort 200 µg/6 jug 2 inhalations le soir',
      'Symbicort 200 µg',
      'Symbicort 200 µg/6 jug',
      '2 inhalations le soir',
    ],
    [
      'Fostair 100 jug/6 pg 1 bouffée matin et soir',
      'Fostair 100',
      'Fostair 100 jug/6 pg',
      '1 bouffée matin et soir',
    ],
  ])(
    'keeps the OCR-damaged second part of a combined strength with the drug: "%s"',
    (text, known, drug, posology) => {
      expect(splitDrugAndPosology(text, known.length)).toEqual({ drug, posology });
    },
  );

  it('keeps a unit behind a stroke glued to the strength with the drug', () => {
    expect(splitDrugAndPosology('OZEMPIC 1! mg inj : 1 inj par semaine', 'OZEMPIC 1'.length)).toEqual({
      drug: 'OZEMPIC 1! mg inj',
      posology: '1 inj par semaine',
    });
  });

  it('takes in a strength printed after a name the recogniser knew without it', () => {
    expect(splitDrugAndPosology('HUMALOG KWIKPEN 200 Ul/ml stylo : 30 UI matin et soir', 15)).toEqual({
      drug: 'HUMALOG KWIKPEN 200 Ul/ml stylo',
      posology: '30 UI matin et soir',
    });
  });

  it('uses the drug span of the recogniser when given', () => {
    expect(splitDrugAndPosology('BAUME AROMA 2 applications par jour', 11)).toEqual({
      drug: 'BAUME AROMA',
      posology: '2 applications par jour',
    });
  });
});

describe('splitItemMarker', () => {
  it.each([
    ['Médicament | Ramipril 5 mg', 'Ramipril 5 mg'],
    ['Medicamenr 3 Ramipril 5 mg', 'Ramipril 5 mg'],
    ['Madicament + Ramipril 5 mg', 'Ramipril 5 mg'],
    ['“ Médicamens: | RAMIPRIL 5 mg', 'RAMIPRIL 5 mg'],
    ['- Médicament à Ramipril 5 mg', 'Ramipril 5 mg'],
    ['Médicament ® Ramipril 5 mg', 'Ramipril 5 mg'],
  ])('takes a garbled EHR label off "%s"', (text, rest) => {
    expect(splitItemMarker(text)).toMatchObject({ rest, weak: false });
  });

  it.each(['Metformine 1000 mg', 'Medikinet 10 mg 1 cp le matin', 'Mediatensyl 60 mg'])(
    'leaves a drug name alone: "%s"',
    (text) => {
      expect(splitItemMarker(text).rest).toBe(text);
    },
  );
});

describe('parseFrenchDate', () => {
  it.each([
    ['Lyon, le 20 octobre 2024', '2024-10-20'],
    ['Date : 02/10/2025', '2025-10-02'],
    ['le 1er mai 2025', '2025-05-01'],
    ['12.09.59', '1959-09-12'],
    ['31/02/2025', null],
    ['sans date', null],
  ])('parses "%s"', (text, iso) => {
    expect(parseFrenchDate(text)).toBe(iso);
  });
});
