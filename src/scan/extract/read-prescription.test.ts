import { beforeAll, describe, expect, it } from 'vitest';
import { loadDrugIndex, type DrugIndex } from '../../drugs/index.js';
import { buildPage } from '../layout/page-builder.test-helper.js';
import { readPrescription } from './read-prescription.js';
import { lineReliability, lowest } from './reliability.js';
import { routeFromOcrText, routeFromText } from './route.js';

let drugs: DrugIndex;
beforeAll(async () => {
  drugs = await loadDrugIndex();
}, 60_000);

describe('readPrescription (real BDPM index)', () => {
  it('recognises the drug, structures the dosage and stands behind a clear line', () => {
    const read = readPrescription({ drugs }, [
      buildPage([
        [100, 100, 'Dr Claire MARTIN — RPPS 10101010101'],
        [100, 300, 'Allergies : Amoxicilline'],
        [100, 400, '1) KARDEGIC 75 mg'],
        [180, 425, '1 sachet par jour pendant 1 mois'],
      ]),
    ]);
    expect(read.lines).toHaveLength(1);
    const [line] = read.lines;
    expect(line?.drug.chosen?.specialty.name).toMatch(/^KARDEGIC 75 mg/);
    expect(line?.dosages[0]?.timing?.repeat).toMatchObject({ frequency: 1, period: 1, periodUnit: 'd' });
    expect(line?.reliability).toBe('high');
    expect(line?.issues).toEqual([]);
  });

  it('never marks high a line the OCR read with low confidence', () => {
    const read = readPrescription({ drugs }, [
      buildPage(
        [
          [100, 400, '1) KARDEGIC 75 mg'],
          [180, 425, '1 sachet par jour'],
        ],
        1,
        60,
      ),
    ]);
    expect(read.lines[0]?.reliability).toBe('medium');
  });

  it.each([
    ['a dose', 1, 40],
    ['a strength', 0, 40],
  ])(
    'never marks high a line whose number (%s) the OCR barely read, however sure the rest',
    (_what, line, conf) => {
      const page = buildPage([
        [100, 400, '1) KARDEGIC 75 mg'],
        [180, 425, '1 sachet par jour'],
      ]);
      const word = page.lines[line]!.words.find((w) => /\d/.test(w.text) && w.text !== '1)')!;
      word.confidence = conf;
      const read = readPrescription({ drugs }, [page]);
      expect(read.lines[0]?.reliability).not.toBe('high');
      expect(read.lines[0]?.issues.map((i) => i.code)).toContain('ocr-digit-doubt');
    },
  );

  it.each([
    ['| cp matin et soir pendant 7 |', 'a stroke for 1 and for j'],
    ['% cp le soir', '% for ½'],
    ['12 cp le soir', '12 for ½'],
  ])('reads "%s" (%s) but never as high', (posology) => {
    const read = readPrescription({ drugs }, [
      buildPage([
        [100, 400, '1) TAHOR 10 mg'],
        [180, 425, posology],
      ]),
    ]);
    expect(read.lines[0]?.dosages[0]?.doseAndRate?.[0]?.doseQuantity?.value).toBeLessThanOrEqual(1);
    expect(read.lines[0]?.reliability).not.toBe('high');
  });

  it('never marks high a line with an unreadable line just under it', () => {
    const page = buildPage([
      [100, 400, '1) KARDEGIC 75 mg'],
      [180, 425, '1 sachet par jour'],
    ]);
    page.lines.push(buildPage([[20, 447, 'Ee eee ee']], 1, 30).lines[0]!);
    const read = readPrescription({ drugs }, [page]);
    expect(read.lines[0]?.reliability).toBe('medium');
    expect(read.lines[0]?.issues.map((i) => i.code)).toContain('layout-unjoined-line');
  });

  it('prefers a split name joined again to a weak reading of its pieces', () => {
    const read = readPrescription({ drugs }, [
      buildPage([
        [100, 400, '1) Am oxicilline 500 mg'],
        [180, 425, '1 gélule matin et soir'],
      ]),
    ]);
    expect(read.lines[0]?.drug.chosen?.specialty.name).toMatch(/^AMOXICILLINE/);
    expect(read.lines[0]?.reliability).not.toBe('high');
  });

  it('recognises a drug name the OCR split in two, but not as sure', () => {
    const read = readPrescription({ drugs }, [
      buildPage([
        [100, 400, '1) KAR DEGIC 75 mg'],
        [180, 425, '1 sachet par jour'],
      ]),
    ]);
    expect(read.lines[0]?.drug.chosen?.specialty.name).toMatch(/^KARDEGIC 75 mg/);
    expect(read.lines[0]?.reliability).not.toBe('high');
  });

  it('keeps a line naming an unknown drug with a strength, low and with an issue', () => {
    const read = readPrescription({ drugs }, [
      buildPage([
        [100, 400, '1) ZZYXOLAM 15 mg'],
        [180, 425, '1 cp le soir'],
      ]),
    ]);
    expect(read.lines[0]?.drug.chosen).toBeNull();
    expect(read.lines[0]?.reliability).toBe('low');
    expect(read.lines[0]?.issues.map((i) => i.code)).toContain('drug-not-found');
  });

  it('flags a line without a dosage as low', () => {
    const read = readPrescription({ drugs }, [buildPage([[100, 400, '- TAHOR 10 mg']])]);
    expect(read.lines[0]?.reliability).toBe('low');
    expect(read.lines[0]?.issues.map((i) => i.code)).toContain('posology-missing');
  });

  it('sets the route printed in a table column on every dosage, and flags an unread or unknown one', () => {
    const read = readPrescription({ drugs }, [
      buildPage([
        [100, 300, 'Médicament'],
        [500, 300, 'Posologie'],
        [850, 300, 'Durée'],
        [1050, 300, 'Voie'],
        [100, 350, 'TAHOR 10 mg'],
        [500, 350, '1 cp le soir'],
        [850, 350, 'pendant 1 mois'],
        [1050, 350, 'per os'],
        [100, 420, 'AMLOR 5 mg'],
        [500, 420, '1 gél le matin'],
        [850, 420, 'pendant 1 mois'],
        [100, 490, 'XARELTO 10 mg comprimé'],
        [500, 490, '1 cp chaque matin'],
        [850, 490, 'pendant 3 mois'],
        [1050, 490, 'zqwv'],
      ]),
    ]);
    expect(read.lines[0]?.dosages[0]?.route?.coding?.[0]?.code).toBe('20053000');
    expect(read.lines[1]?.issues.map((i) => i.code)).toContain('route-not-read');
    expect(read.lines[1]?.reliability).not.toBe('high');
    // A printed route not understood is named in its issue.
    const unread = read.lines[2]?.issues.find((i) => i.code === 'route-unreadable');
    expect(unread?.details).toEqual(['zqwv']);
  });

  it('reports a document without any drug line', () => {
    const read = readPrescription({ drugs }, [buildPage([[100, 100, 'Régime pauvre en sel']])]);
    expect(read.lines).toEqual([]);
    expect(read.issues.map((i) => i.code)).toEqual(['no-drug-line']);
  });
});

describe('lineReliability', () => {
  const sure = { drug: 'high', posology: 'high', hasDosage: true, ocrConfidence: 95, issues: [] } as const;
  it.each([
    ['everything sure', sure, 'high'],
    ['no drug', { ...sure, drug: null }, 'low'],
    ['doubtful drug', { ...sure, drug: 'medium' }, 'medium'],
    ['doubtful posology', { ...sure, posology: 'medium' }, 'medium'],
    ['no dosage', { ...sure, hasDosage: false }, 'low'],
    ['middling OCR', { ...sure, ocrConfidence: 70 }, 'medium'],
    ['bad OCR', { ...sure, ocrConfidence: 40 }, 'low'],
    ['a warning', { ...sure, issues: [{ severity: 'warning', code: 'x', message: 'x' }] }, 'medium'],
  ] as const)('%s → %s', (_case, inputs, expected) => {
    expect(lineReliability({ ...inputs, issues: [...inputs.issues] })).toBe(expected);
  });

  it('takes the lowest level', () => {
    expect(lowest('high', 'low', 'medium')).toBe('low');
  });
});

describe('routeFromText', () => {
  it.each([
    ['per os', '20053000'],
    ['PO', '20053000'],
    ['Orale', '20053000'],
    ['SC', '20066000'],
    ['Intramusculaire', '20035000'],
    ['inhalée', '20020000'],
  ])('maps "%s" to EDQM %s', (text, code) => {
    expect(routeFromText(text)?.coding?.[0]?.code).toBe(code);
  });

  it('returns null for an unknown route', () => {
    expect(routeFromText('Pers')).toBeNull();
  });

  it.each([
    ['per 0s', '20053000'],
    ['0rale', '20053000'],
    ['5C', '20066000'],
  ])('reads "%s", a route with a digit for a letter, only through the OCR fallback', (text, code) => {
    expect(routeFromText(text)).toBeNull();
    expect(routeFromOcrText(text)?.coding?.[0]?.code).toBe(code);
  });
});
