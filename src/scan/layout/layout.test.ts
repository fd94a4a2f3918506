import { describe, expect, it } from 'vitest';
import { layoutPrescription } from './index.js';
import { buildPage } from './page-builder.test-helper.js';

const summary = (pages: Parameters<typeof layoutPrescription>[0]) =>
  layoutPrescription(pages).items.map((i) => ({
    drug: i.drugText,
    posology: i.posologyText,
    ald: i.ald,
    route: i.routeText,
  }));

describe('layoutPrescription', () => {
  it('reads a GP letterhead: header fields, drug lines with their indented dosage, noise left out', () => {
    const page = buildPage([
      [100, 100, 'Docteur Claire MARTIN'],
      [100, 130, 'Médecin généraliste'],
      [100, 160, 'N° RPPS : 10101010101'],
      [100, 190, '12 rue de la Paix, 69000 Lyon'],
      [800, 250, 'Lyon, le 3 mars 2025'],
      [100, 300, 'Madame Julie DURAND — née le 01/02/1960'],
      [100, 330, 'Poids : 70 kg'],
      [100, 360, 'Allergies : Amoxicilline 500 mg'],
      [500, 420, 'ORDONNANCE'],
      [100, 480, '1) DOLIPRANE 1000 mg cp'],
      [180, 505, '1 cp matin et soir pendant 5 jours'],
      [100, 560, '2) Amlodipine 5 mg'],
      [180, 585, '1 comprimé le soir,'],
      [180, 610, 'au long cours'],
      [100, 680, 'Ne pas substituer'],
      [100, 720, 'Bilan sanguin : NFS, CRP dans 1 mois'],
      [100, 760, 'Régime pauvre en sel'],
    ]);
    const layout = layoutPrescription([page]);
    expect(layout.header).toEqual({
      prescriber: { name: 'Claire MARTIN', rpps: '10101010101' },
      patient: { name: 'Julie DURAND', birthDate: '1960-02-01' },
      date: '2025-03-03',
    });
    expect(summary([page])).toEqual([
      {
        drug: 'DOLIPRANE 1000 mg cp',
        posology: '1 cp matin et soir pendant 5 jours',
        ald: false,
        route: null,
      },
      { drug: 'Amlodipine 5 mg', posology: '1 comprimé le soir, au long cours', ald: false, route: null },
    ]);
  });

  it('reads a hospital table: posology + duration columns joined, route from the Voie column, wrapped cells', () => {
    const page = buildPage([
      [100, 100, 'Centre Hospitalier de Lyon'],
      [100, 300, 'Médicament'],
      [500, 300, 'Posologie'],
      [850, 300, 'Durée'],
      [1050, 300, 'Voie'],
      [100, 350, 'XARELTO 10 mg comprimé'],
      [500, 350, '1 cp chaque matin'],
      [850, 350, 'pendant 3'],
      [1050, 350, 'per os'],
      [850, 375, 'mois'],
      [100, 430, 'Vitamine B12 1000'],
      [500, 430, '1 inj par mois'],
      [850, 430, 'pdt 2 mois'],
      [1050, 430, 'IM'],
      [100, 455, 'µg/ml sol inj'],
      [100, 600, 'IDE à domicile pour les injections'],
    ]);
    expect(summary([page])).toEqual([
      {
        drug: 'XARELTO 10 mg comprimé',
        posology: '1 cp chaque matin pendant 3 mois',
        ald: false,
        route: 'per os',
      },
      {
        drug: 'Vitamine B12 1000 µg/ml sol inj',
        posology: '1 inj par mois pdt 2 mois',
        ald: false,
        route: 'IM',
      },
    ]);
  });

  it('keeps words at normal spacing in one cell when the OCR merged a row into one line', () => {
    const page = buildPage([
      [100, 300, 'Médicament'],
      [500, 300, 'Posologie'],
      [800, 300, 'Durée'],
      [1050, 300, 'Voie'],
      [100, 350, 'SPASFON'],
      [500, 350, '1 cpr si douleur, sans dépasser 4'],
      [1050, 350, 'Orale'],
    ]);
    expect(summary([page])).toEqual([
      { drug: 'SPASFON', posology: '1 cpr si douleur, sans dépasser 4', ald: false, route: 'Orale' },
    ]);
  });

  it('reads a pharmacy copy table: a name running up to the posology column, wrapped names and durations', () => {
    const page = buildPage([
      [100, 300, 'Désignation'],
      [500, 300, 'Posologie'],
      [950, 300, 'Qté Code'],
      [100, 350, 'Prégabaline 75 mg gél'],
      [500, 350, '1 gélule le soir'],
      [950, 350, '2'],
      // the OCR read the drug cell and the posology cell as one line, at word spacing
      [280, 420, 'MIANSERINE ZENTIVA 30 2 cp au dîner'],
      [950, 420, '3'],
      [100, 445, 'mg cp'],
      [100, 500, 'OFLOXACINE 200 mg'],
      [500, 500, '1 comprimé toutes les 12 h, qsp'],
      [950, 500, '1'],
      [100, 525, 'comprimé'],
      [500, 525, '10 jours'],
      [100, 580, 'DOXY 100 mg cpr'],
      [500, 580, '| cp au dîner pendant 7 |'],
    ]);
    expect(summary([page]).map((r) => `${r.drug} | ${r.posology}`)).toEqual([
      'Prégabaline 75 mg gél | 1 gélule le soir',
      'MIANSERINE ZENTIVA 30 mg cp | 2 cp au dîner',
      'OFLOXACINE 200 mg comprimé | 1 comprimé toutes les 12 h, qsp 10 jours',
      'DOXY 100 mg cpr | | cp au dîner pendant 7 |',
    ]);
  });

  it('finds a table whose header row could not be read from the aligned cells', () => {
    const rows: [number, number, string][] = [];
    const drugs = ['TAHOR 10 mg', 'AMLOR 5 mg', 'KARDEGIC 75 mg'];
    drugs.forEach((d, i) => {
      const y = 300 + i * 60;
      rows.push([100, y, d], [500, y, '1 cp le soir'], [850, y, 'pendant 1 mois'], [1050, y, 'Orale']);
    });
    expect(summary([buildPage(rows)]).map((r) => [r.drug, r.posology, r.route])).toEqual(
      drugs.map((d) => [d, '1 cp le soir pendant 1 mois', 'Orale']),
    );
  });

  it('flags the lines of the ALD zone of a bizone form', () => {
    const page = buildPage([
      [100, 100, 'ORDONNANCE BIZONE'],
      [100, 200, "Prescriptions relatives au traitement de l'affection de longue durée reconnue"],
      [400, 225, '(AFFECTION EXONÉRANTE)'],
      [100, 280, '- KARDEGIC 75 mg'],
      [160, 305, 'un sachet par jour'],
      [100, 400, "Prescriptions SANS RAPPORT avec l'affection de longue durée"],
      [400, 425, '(MALADIES INTERCURRENTES)'],
      [100, 480, '- DOLIPRANE 500 mg'],
      [160, 505, '1 gélule si douleur'],
    ]);
    expect(summary([page]).map((r) => [r.drug, r.ald])).toEqual([
      ['KARDEGIC 75 mg', true],
      ['DOLIPRANE 500 mg', false],
    ]);
  });

  it('reads a two-column body column by column', () => {
    const page = buildPage([
      [80, 100, 'Dr Paul BERTRAND — Pneumologue'],
      [80, 200, 'TAHOR 10 mg'],
      [650, 200, 'COVERSYL 10 mg cp'],
      [100, 225, '1 cp au dîner'],
      [670, 225, '1 cp /j, pendant 3 mois'],
      [80, 260, 'Metformine 1000 mg'],
      [650, 260, 'Eliquis 5 mg'],
      [100, 285, '2 cp matin, midi et soir'],
      [670, 285, '1 cp le soir'],
      [80, 320, 'DAFALGAN 500 mg'],
      [650, 320, 'SALBUTAMOL 100 µg/dose'],
      [100, 345, '1 cp si douleur'],
      [670, 345, '2 bouffées en cas de crise'],
    ]);
    expect(summary([page]).map((r) => `${r.drug} | ${r.posology}`)).toEqual([
      'TAHOR 10 mg | 1 cp au dîner',
      'Metformine 1000 mg | 2 cp matin, midi et soir',
      'DAFALGAN 500 mg | 1 cp si douleur',
      'COVERSYL 10 mg cp | 1 cp /j, pendant 3 mois',
      'Eliquis 5 mg | 1 cp le soir',
      'SALBUTAMOL 100 µg/dose | 2 bouffées en cas de crise',
    ]);
  });

  it('splits a merged OCR line at the gutter between two cells', () => {
    const page = buildPage([[100, 200, 'Identification du prescripteur']]);
    page.lines.push({
      ...buildPage([[100, 240, 'Dr Anne PETIT']]).lines[0]!,
    });
    const merged = buildPage([[700, 240, 'DUPONT Marc']]).lines[0]!;
    const line = page.lines[1]!;
    line.words.push(...merged.words);
    line.text = `${line.text} ${merged.text}`;
    line.box.width = 700 + merged.box.width - 100;
    const { lines } = layoutPrescription([page]);
    expect(lines.map((l) => l.text)).toEqual([
      'Identification du prescripteur',
      'Dr Anne PETIT',
      'DUPONT Marc',
    ]);
  });

  it.each([
    [
      'EHR labels',
      [
        'Médicament 1 : SEROPLEX 5 mg',
        'Posologie : un comprimé le matin',
        'Durée : pendant 6 mois',
        'Quantité : 2 boîte(s)',
      ],
      'SEROPLEX 5 mg',
      'un comprimé le matin pendant 6 mois',
    ],
    [
      'inline colon',
      ['• Diltiazem LP 200 mg : 1 gél au petit-déjeuner pendant 15 j'],
      'Diltiazem LP 200 mg',
      '1 gél au petit-déjeuner pendant 15 j',
    ],
    [
      'drug and dosage on one line',
      ['Kardegic 75 mg un sachet 2 fois par jour'],
      'Kardegic 75 mg',
      'un sachet 2 fois par jour',
    ],
    [
      'form words kept with the drug',
      ['3) Anastrozole 1 mg cp pelliculé 2 cp x 3/j'],
      'Anastrozole 1 mg cp pelliculé',
      '2 cp x 3/j',
    ],
    [
      'wrapped dosage at the same x',
      ['- NUROFEN 200 mg', 'Posologie : 1 cp toutes les 6 h sans dépasser 4 cp par', 'jour'],
      'NUROFEN 200 mg',
      '1 cp toutes les 6 h sans dépasser 4 cp par jour',
    ],
    [
      'OCR-garbled marker and unit',
      ['4), Nébivolol 5 MZ 1 cpr par jour'],
      'Nébivolol 5 MZ',
      '1 cpr par jour',
    ],
  ])('joins a drug line with its dosage (%s)', (_case, texts, drug, posology) => {
    const page = buildPage(texts.map((t, i) => [100, 300 + i * 25, t] as [number, number, string]));
    expect(summary([page])).toEqual([{ drug, posology, ald: false, route: null }]);
  });

  it.each([
    ['FORXIGA10mgcp', 'FORXIGA 10 mg cp'],
    ['Diclofenac Teva Classics 1 % tube gel', 'Diclofenac Teva Classics 1 % tube gel'],
  ])('opens an item on the drug line "%s" without a marker', (text, drug) => {
    const page = buildPage([
      [100, 300, text],
      [180, 325, '1 application le soir'],
    ]);
    expect(summary([page])).toEqual([{ drug, posology: '1 application le soir', ald: false, route: null }]);
  });

  it('keeps an advice line printed after a gap out of the last dosage', () => {
    const page = buildPage([
      [100, 300, '1. LEVOTHYROX 75 µg'],
      [180, 325, '1 cp le matin à jeun'],
      [100, 420, 'Prochain rendez-vous dans 3 mois'],
      [100, 460, 'Patient(e) sous anticoagulant'],
    ]);
    expect(summary([page])).toEqual([
      { drug: 'LEVOTHYROX 75 µg', posology: '1 cp le matin à jeun', ald: false, route: null },
    ]);
  });

  it('reads the items of every page of a multipage prescription, in order', () => {
    const p1 = buildPage(
      [
        [100, 300, '• ATORVASTATINE 20 mg : 0-1-1 pendant 3 mois'],
        [900, 700, '… suite page suivante'],
        [500, 1700, 'Page 1/2'],
      ],
      1,
    );
    const p2 = buildPage(
      [
        [100, 100, 'Dr Léa MULLER — ordonnance du 02/10/2025 (suite)'],
        [100, 200, '• TEMESTA 1 mg : 1-0-0, pendant 7 jours'],
        [500, 1700, 'Page 2/2'],
      ],
      2,
    );
    const layout = layoutPrescription([p2, p1]);
    expect(layout.items.map((i) => [i.index, i.drugText, i.boxes[0]?.page])).toEqual([
      [1, 'ATORVASTATINE 20 mg', 1],
      [2, 'TEMESTA 1 mg', 2],
    ]);
    expect(layout.header.date).toBe('2025-10-02');
  });

  it('gives each item its boxes and mean OCR confidence', () => {
    const [item] = layoutPrescription([
      buildPage(
        [
          [100, 300, '- TAHOR 10 mg'],
          [180, 325, '1 cp le soir'],
        ],
        1,
        80,
      ),
    ]).items;
    expect(item?.boxes).toHaveLength(2);
    expect(item?.ocrConfidence).toBe(80);
  });

  it.each([
    ['COVERSYL 5 mg : | cp deux fois par jour', 'COVERSYL 5 mg', '| cp deux fois par jour'],
    ['ELIQUIS 2 mg : [ sach | fois par jour', 'ELIQUIS 2 mg', '| sach | fois par jour'],
    [
      'Amoxicilline 500 mg : 1 gél matin et soir pdt 7 |',
      'Amoxicilline 500 mg',
      '1 gél matin et soir pdt 7 |',
    ],
    [
      'Amoxicilline 500 mg : 1 gél le soir pdt 7 |, au repas',
      'Amoxicilline 500 mg',
      '1 gél le soir pdt 7 |, au repas',
    ],
  ])('keeps a stroke read at word spacing for the posology reader: "%s"', (text, drug, posology) => {
    expect(summary([buildPage([[100, 300, text]])])).toEqual([{ drug, posology, ald: false, route: null }]);
  });

  it('drops a stroke standing alone far from the text (a table rule)', () => {
    const page = buildPage([[100, 300, 'TAHOR 10 mg : 1 cp le soir']]);
    const rule = buildPage([[900, 300, '|']]).lines[0]!.words[0]!;
    page.lines[0]!.words.push(rule);
    page.lines[0]!.text += ' |';
    expect(summary([page])).toEqual([
      { drug: 'TAHOR 10 mg', posology: '1 cp le soir', ald: false, route: null },
    ]);
  });

  it('joins an EHR duration line whose label the OCR garbled, not a dosage word', () => {
    const page = buildPage([
      [100, 300, 'Médicament : RAMIPRIL 5 mg'],
      [100, 325, 'Posologie : 1 cp chaque'],
      [100, 350, 'Dwrée pendant 3 mois'],
      [100, 420, 'Médicament : TAHOR 10 mg'],
      [100, 445, 'Posologie : 1 cp chaque'],
      [100, 470, 'soir pendant 2 semaines'],
    ]);
    expect(summary([page]).map((r) => `${r.drug} | ${r.posology}`)).toEqual([
      'RAMIPRIL 5 mg | 1 cp chaque pendant 3 mois',
      'TAHOR 10 mg | 1 cp chaque soir pendant 2 semaines',
    ]);
  });

  it('notes an unreadable line just under an item, not joined to it', () => {
    const garbage = buildPage([
      [100, 300, '- RAMIPRIL 5 mg'],
      [180, 325, '1 cp le soir'],
    ]);
    garbage.lines.push({ ...buildPage([[20, 347, 'Ee eee ee']], 1, 30).lines[0]! });
    const clean = buildPage([
      [100, 300, '- RAMIPRIL 5 mg'],
      [180, 325, '1 cp le soir'],
    ]);
    const unjoined = (p: typeof clean) => layoutPrescription([p]).items[0]?.unjoinedText;
    expect(unjoined(garbage)).toBe('Ee eee ee');
    expect(unjoined(clean)).toBeUndefined();
  });

  it.each([
    ['PREDNISOLONE TEVA20 mg : 1 cp le matin', 'PREDNISOLONE TEVA 20 mg'],
    ['FORXIGA10mgcp : 1 cp le matin', 'FORXIGA 10 mg cp'],
    ['COLCHICINE 1 mgcp : 1 cp le matin', 'COLCHICINE 1 mg cp'],
    ['VITAMINE B12 1000 µg : 1 cp le matin', 'VITAMINE B12 1000 µg'],
  ])('splits a name the OCR glued to its strength: "%s"', (text, drug) => {
    expect(summary([buildPage([[100, 300, text]])])[0]?.drug).toBe(drug);
  });

  it('opens an item on a drug line whose µg the OCR read as "ug"', () => {
    const page = buildPage([
      [100, 300, 'RELVAR ELLIPTA 184 ug/22 pg poudre p inhal'],
      [140, 325, 'deux bouffées par jour'],
    ]);
    expect(summary([page]).map((r) => r.posology)).toEqual(['deux bouffées par jour']);
  });

  it('reads EHR items: one Posologie and one Durée label each, unreadable lines passed over but noted', () => {
    const page = buildPage([
      [100, 300, 'Médicament 1 : RAMIPRIL 5 mg'],
      [110, 325, 'Posologie ; 1 cp le soir'],
      [110, 350, 'Durée : pendant 2 semaines'],
      // the next item's drug line, unreadable; its labels must not be joined to the item above
      [20, 380, 'ce | Mlii Oupeod0n'],
      [110, 405, 'Posologie : 1 cp matin et soir'],
      [110, 430, 'Durée : pendant 10 jours'],
    ]);
    page.lines[3]!.confidence = 30;
    for (const w of page.lines[3]!.words) w.confidence = 30;
    const [item, ...rest] = layoutPrescription([page]).items;
    expect(rest).toEqual([]);
    expect(item?.posologyText).toBe('1 cp le soir pendant 2 semaines');
    expect(item?.unjoinedText).toBeDefined();
  });

  it('passes over an unreadable line inside an item and keeps reading its dosage', () => {
    const page = buildPage([
      [100, 300, '- RAMIPRIL 5 mg'],
      [140, 325, '1 cp le soir'],
      [140, 345, 'ÿ Quand ét. Subuoicn'],
      [140, 365, 'pendant 2 semaines'],
    ]);
    page.lines[2]!.confidence = 30;
    for (const w of page.lines[2]!.words) w.confidence = 30;
    const [item] = layoutPrescription([page]).items;
    expect(item?.posologyText).toBe('1 cp le soir pendant 2 semaines');
    expect(item?.unjoinedText).toBe('ÿ Quand ét. Subuoicn');
  });

  it('untangles two printed lines the OCR read as lines holding words of both (skewed page)', () => {
    const word = (text: string, x: number, y: number) => ({
      text,
      confidence: 90,
      box: { page: 1, x, y, width: text.length * 10, height: 20 },
    });
    const tangled = [
      word('RAMIPRIL', 100, 300),
      word('5', 190, 302),
      word('mg', 210, 302),
      word('et', 330, 331),
      word('le', 360, 332),
      word('soir', 390, 332),
    ];
    const page = buildPage([[140, 330, '1 cp le matin']]);
    page.lines.push({
      text: tangled.map((w) => w.text).join(' '),
      confidence: 90,
      box: { page: 1, x: 100, y: 300, width: 330, height: 52 },
      words: tangled,
    });
    expect(summary([page]).map((r) => `${r.drug} | ${r.posology}`)).toEqual([
      'RAMIPRIL 5 mg | 1 cp le matin et le soir',
    ]);
  });
});
