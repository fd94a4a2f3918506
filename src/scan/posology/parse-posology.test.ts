import { describe, expect, it } from 'vitest';
import type { PosologyContext, PosologyResult } from '../types.js';
import { r4Errors } from '../../fhir/r4-validators.test-helper.js';
import { parsePosology } from './parse-posology.js';

/** A compact, readable summary of one result: one string per Dosage. */
function summary(r: PosologyResult): string[] {
  return r.dosages.map((d) => {
    const dr = d.doseAndRate?.[0];
    const q = dr?.doseQuantity ?? dr?.doseRange?.low;
    const rp = d.timing?.repeat;
    const parts = [`#${d.sequence}`];
    if (q) parts.push(`${q.value}${dr?.doseRange ? `-${dr.doseRange.high?.value}` : ''} ${q.code ?? '?'}`);
    if (rp?.frequency !== undefined) parts.push(`${rp.frequency}/${rp.period}${rp.periodUnit}`);
    if (rp?.count !== undefined) parts.push(`×${rp.count}`);
    if (rp?.when) parts.push(rp.when.join(','));
    if (rp?.timeOfDay) parts.push(rp.timeOfDay.join(','));
    if (rp?.dayOfWeek) parts.push(rp.dayOfWeek.join(','));
    if (rp?.boundsDuration) parts.push(`for ${rp.boundsDuration.value}${rp.boundsDuration.code}`);
    if (d.asNeededBoolean) parts.push('prn');
    if (d.asNeededCodeableConcept) parts.push(`prn(${d.asNeededCodeableConcept.text})`);
    const m = d.maxDosePerPeriod;
    if (m) {
      parts.push(
        `max ${m.numerator?.value} ${m.numerator?.code ?? '?'}/${m.denominator?.value}${m.denominator?.code}`,
      );
    }
    if (d.route) parts.push(`route ${d.route.coding?.[0]?.code}`);
    return parts.join(' ');
  });
}

const CP: PosologyContext = { drug: 'PARACETAMOL 500 mg cp' };
const run = (text: string, ctx: PosologyContext = CP): { s: string[]; r: PosologyResult } => {
  const r = parsePosology(text, ctx);
  return { s: summary(r), r };
};

describe('parsePosology: doses and units', () => {
  it.each([
    ['1 comprimé par jour', '#1 1 15054000 1/1d'],
    ['2 gélules par jour', '#1 2 15012000 1/1d'],
    ['1 sachet par jour', '#1 1 15045000 1/1d'],
    ['12 gouttes par jour', '#1 12 15022000 1/1d'],
    ['2 bouffées par jour', '#1 2 15001000 1/1d'],
    ['1 suppositoire par jour', '#1 1 15051000 1/1d'],
    ['1 ampoule par jour', '#1 1 15002000 1/1d'],
    ['1 patch par jour', '#1 1 15036000 1/1d'],
    ['1 application par jour', '#1 1 {Appln} 1/1d'],
    ['1 injection par jour', '#1 1 {injection} 1/1d'],
    ['500 mg par jour', '#1 500 mg 1/1d'],
    ['1 g par jour', '#1 1 g 1/1d'],
    ['200 µg par jour', '#1 200 ug 1/1d'],
    ['7,5 ml par jour', '#1 7.5 mL 1/1d'],
    ['12 UI par jour', '#1 12 [iU] 1/1d'],
    ['1 cuillère à café par jour', '#1 5 mL 1/1d'],
    ['2 cuillères-mesure par jour', '#1 2 15047000 1/1d'],
    ['1 cuillère mesure par jour', '#1 1 15047000 1/1d'],
  ])('reads the unit of "%s"', (text, expected) => {
    expect(run(text, {}).s).toEqual([expected]);
  });

  it.each([
    ['½ cp le soir', '#1 0.5 15054000 1/1d EVE'],
    ['1/2 comprimé le soir', '#1 0.5 15054000 1/1d EVE'],
    ['0,5 ml le soir', '#1 0.5 mL 1/1d EVE'],
    ['1 cp ½ le soir', '#1 1.5 15054000 1/1d EVE'],
    ['1 comprimé et demi le soir', '#1 1.5 15054000 1/1d EVE'],
    ['1 cp et 1/2 le soir', '#1 1.5 15054000 1/1d EVE'],
    ['un demi-comprimé le soir', '#1 0.5 15054000 1/1d EVE'],
    ['trois comprimés le soir', '#1 3 15054000 1/1d EVE'],
    ['deux gélules le soir', '#1 2 15012000 1/1d EVE'],
    ['un sachet le soir', '#1 1 15045000 1/1d EVE'],
  ])('reads the fraction, decimal or word number in "%s"', (text, expected) => {
    expect(run(text).s).toEqual([expected]);
  });

  it.each([
    ['15 mg/kg toutes les 6 heures', '#1 15 mg/kg 1/6h'],
    ['50 mg/kg/j en 3 prises pendant 7 jours', '#1 16.666667 mg/kg 3/1d for 7d'],
    ['15mg/kg x 4/j', '#1 15 mg/kg 4/1d'],
    ['100 µg/kg par jour', '#1 100 ug/kg 1/1d'],
    ['0,5 g/kg par jour', '#1 0.5 g/kg 1/1d'],
    ['1 ml/kg le soir', '#1 1 mL/kg 1/1d EVE'],
    ['20 UI/kg par semaine', '#1 20 [iU]/kg 1/1wk'],
  ])('keeps the weight-based dose of "%s" per kilogram, and says so', (text, expected) => {
    const { s, r } = run(text, {});
    expect(s).toEqual([expected]);
    expect(r.issues.map((i) => i.code)).toContain('posology-weight-based');
    expect(r.issues.map((i) => i.code)).not.toContain('posology-unknown-words');
  });

  it('names the words it did not understand in the issue', () => {
    const issue = parsePosology('1 cp le soir zorglub').issues.find(
      (i) => i.code === 'posology-unknown-words',
    );
    expect(issue?.details).toEqual(['zorglub']);
  });

  it('writes EDQM units of presentation with a readable name', () => {
    const q = parsePosology('1 cp le soir').dosages[0]?.doseAndRate?.[0]?.doseQuantity;
    expect(q).toEqual({
      value: 1,
      unit: 'comprimé',
      system: 'http://standardterms.edqm.eu',
      code: '15054000',
    });
  });
});

describe('parsePosology: frequency, slots and meals', () => {
  it.each([
    ['1 cp 3 fois par jour', '#1 1 15054000 3/1d'],
    ['1 cp trois fois par jour', '#1 1 15054000 3/1d'],
    ['1 cp x 3/j', '#1 1 15054000 3/1d'],
    ['1 cp 3x/j', '#1 1 15054000 3/1d'],
    ['1 cp 2 fois/jour', '#1 1 15054000 2/1d'],
    ['1 cp/j', '#1 1 15054000 1/1d'],
    ['1 cp une fois par semaine', '#1 1 15054000 1/1wk'],
    ['1 cp 2 fois par semaine', '#1 1 15054000 2/1wk'],
    ['1 cp par mois', '#1 1 15054000 1/1mo'],
    ['1 cp matin, midi et soir', '#1 1 15054000 3/1d MORN,NOON,EVE'],
    ['1 cp matin et soir', '#1 1 15054000 2/1d MORN,EVE'],
    ['1 cp le midi', '#1 1 15054000 1/1d NOON'],
    ['1 cp au coucher', '#1 1 15054000 1/1d HS'],
    ['1 cp le soir au coucher', '#1 1 15054000 1/1d HS'],
    ['1 cp la nuit', '#1 1 15054000 1/1d NIGHT'],
    ['1 cp le matin à jeun', '#1 1 15054000 1/1d ACM'],
    ['1 cp au petit-déjeuner', '#1 1 15054000 1/1d CM'],
    ['1 cp au déjeuner', '#1 1 15054000 1/1d CD'],
    ['1 cp au dîner', '#1 1 15054000 1/1d CV'],
    ['1 cp matin et soir au cours du repas', '#1 1 15054000 2/1d CM,CV'],
    ['1 cp 3 fois par jour au cours des repas', '#1 1 15054000 3/1d C'],
    ['1 cp 2 fois par jour avant les repas', '#1 1 15054000 2/1d AC'],
    ['1 cp 2 fois par jour après les repas', '#1 1 15054000 2/1d PC'],
    ['1 cp à chaque repas', '#1 1 15054000 3/1d CM,CD,CV'],
    ['1 cp avant chaque repas', '#1 1 15054000 3/1d AC'],
    ['1 cp à 8h et à 20h', '#1 1 15054000 2/1d 08:00:00,20:00:00'],
    ['1 cp le lundi et le jeudi', '#1 1 15054000 2/1wk mon,thu'],
    ['1 cp le matin du lundi au vendredi', '#1 1 15054000 5/1wk MORN mon,tue,wed,thu,fri'],
    ['1 cp 8h-12h-18h', '#1 1 15054000 3/1d 08:00:00,12:00:00,18:00:00'],
    ['1 cp 1 heure avant le coucher', '#1 1 15054000 1/1d HS'],
    ['1 cp de 500 mg matin et soir', '#1 1 15054000 2/1d MORN,EVE'],
    ['1 cp le soir un jour sur deux', '#1 1 15054000 1/2d EVE'],
    ['1 cp le matin sauf le dimanche', '#1 1 15054000 6/1wk MORN mon,tue,wed,thu,fri,sat'],
  ])('reads the timing of "%s"', (text, expected) => {
    expect(run(text).s).toEqual([expected]);
  });

  it.each([
    ['1 cp toutes les 8 heures', '#1 1 15054000 1/8h'],
    ['1 cp toutes les 6h', '#1 1 15054000 1/6h'],
    ['1 cp un jour sur deux', '#1 1 15054000 1/2d'],
    ['1 cp 1 jour sur 2', '#1 1 15054000 1/2d'],
    ['1 cp tous les 3 jours', '#1 1 15054000 1/3d'],
    ['1 patch toutes les 72 h', '#1 1 15036000 1/72h'],
  ])('reads the interval of "%s"', (text, expected) => {
    expect(run(text).s).toEqual([expected]);
  });
});

describe('parsePosology: compact slot notations', () => {
  it.each([
    ['1-0-1', ['#1 1 15054000 2/1d MORN,EVE']],
    ['1/0/1', ['#1 1 15054000 2/1d MORN,EVE']],
    ['1-1-1', ['#1 1 15054000 3/1d MORN,NOON,EVE']],
    ['0-0-1', ['#1 1 15054000 1/1d EVE']],
    ['1-1-1-1', ['#1 1 15054000 4/1d MORN,NOON,EVE,HS']],
    ['2-0-1', ['#1 2 15054000 1/1d MORN', '#1 1 15054000 1/1d EVE']],
    ['½-0-½', ['#1 0.5 15054000 2/1d MORN,EVE']],
    ['gélules : 1-0-1', ['#1 1 15012000 2/1d MORN,EVE']],
  ])('reads "%s"', (text, expected) => {
    expect(run(text).s).toEqual(expected);
  });
});

describe('parsePosology: durations', () => {
  it.each([
    ['1 cp le soir pendant 7 jours', 'for 7d'],
    ['1 cp le soir pdt 7j', 'for 7d'],
    ['1 cp le soir pendant 2 semaines', 'for 2wk'],
    ['1 cp le soir pdt 3 sem', 'for 3wk'],
    ['1 cp le soir QSP 3 mois', 'for 3mo'],
    ['1 cp le soir qsp 28 jours', 'for 28d'],
    ['1 cp le soir pour 1 mois', 'for 1mo'],
    ['1 cp le soir durant un mois', 'for 1mo'],
    ['1 cp le soir la première semaine', 'for 1wk'],
  ])('reads the duration of "%s"', (text, expected) => {
    expect(run(text).s).toEqual([`#1 1 15054000 1/1d EVE ${expected}`]);
  });

  it.each([
    ['1 sachet en prise unique', '#1 1 15045000 ×1'],
    ['1 injection IM dose unique', '#1 1 {injection} ×1 route 20035000'],
    ['2 cp en une seule prise', '#1 2 15054000 ×1'],
    ['1 sachet le soir en prise unique', '#1 1 15045000 ×1 EVE'],
    // With a period, the day's amount in one intake a day
    ['3 cp par jour en prise unique', '#1 3 15054000 1/1d'],
  ])('reads a single dose, not a daily one: "%s"', (text, expected) => {
    const { s, r } = run(text, {});
    expect(s).toEqual([expected]);
    expect(r.reliability).toBe('high');
  });

  it.each([
    '1 cp le soir au long cours',
    '1 cp le soir, traitement au long cours',
    '1 cp le soir en continu',
    "1 cp le soir jusqu'au prochain rendez-vous",
    "1 cp le soir jusqu'au prochain RDV",
  ])('gives no duration for a long-term treatment: "%s"', (text) => {
    const { s, r } = run(text);
    expect(s).toEqual(['#1 1 15054000 1/1d EVE']);
    expect(r.reliability).toBe('high');
  });
});

describe('parsePosology: as needed and maximum doses', () => {
  it.each([
    ['1 cp si douleur', '#1 1 15054000 prn(si douleur)'],
    ['1 cp en cas de fièvre', '#1 1 15054000 prn(en cas de fièvre)'],
    ["2 bouffées en cas de crise d'asthme", "#1 2 15001000 prn(en cas de crise d'asthme)"],
    ['1 cp si besoin', '#1 1 15054000 prn'],
    ['1 cp à la demande', '#1 1 15054000 prn'],
    ['1 sachet si douleur, sans dépasser 3 par jour', '#1 1 15045000 prn(si douleur) max 3 15045000/1d'],
    ['1 cp si besoin, max 4 cp/j', '#1 1 15054000 prn max 4 15054000/1d'],
    ['1 cp si douleur, 4 comprimés maximum par jour', '#1 1 15054000 prn(si douleur) max 4 15054000/1d'],
    ['1 g si douleur, max 4 g/24h', '#1 1 g prn(si douleur) max 4 g/24h'],
    ['1 cp toutes les 6 heures si douleur', '#1 1 15054000 1/6h prn(si douleur)'],
    ['1 cp au coucher si insomnie', '#1 1 15054000 1/1d HS prn(si insomnie)'],
    ['1 cp si douleur ou fièvre', '#1 1 15054000 prn(si douleur ou fièvre)'],
  ])('reads "%s"', (text, expected) => {
    expect(run(text).s).toEqual([expected]);
  });
});

describe('parsePosology: routes and renewals', () => {
  it.each([
    ['1 cp par jour par voie orale', '20053000'],
    ['1 injection par jour en sous-cutané', '20066000'],
    ['1 inj SC par jour', '20066000'],
    ['1 injection IM par mois', '20035000'],
    ['1 injection par jour en intraveineuse', '20045000'],
    ['2 bouffées par jour en inhalation', '20020000'],
    ['1 application par jour sur les lésions', '20003000'],
    ['1 application locale matin et soir', '20003000'],
  ])('codes the printed route of "%s" in EDQM', (text, code) => {
    const r = parsePosology(text);
    expect(r.dosages[0]?.route?.coding?.[0]).toMatchObject({ system: 'http://standardterms.edqm.eu', code });
  });

  it('sets no route when none is printed', () => {
    expect(parsePosology('1 cp le soir', CP).dosages[0]?.route).toBeUndefined();
  });

  it.each([
    ['1 cp le soir, à renouveler 2 fois', 2],
    ['1 cp le soir AR 3 fois', 3],
    ['1 cp le soir, renouvelable 5 fois', 5],
    ['1 cp le soir, non renouvelable', 0],
    ['1 cp le soir pendant 6 mois, NR', 0],
    ['1 cp matin et soir, à renouveler 2 fois par an', 2],
    ['1 cp le soir', null],
  ])('reads the renewals of "%s"', (text, n) => {
    expect(parsePosology(text, CP).renewals).toBe(n);
  });
});

describe('parsePosology: sequences and concurrent doses', () => {
  it('splits "puis" into increasing sequences, each with its own text', () => {
    const r = parsePosology('40 mg le matin pendant 5 jours puis 20 mg le matin pendant 5 jours puis arrêt');
    expect(summary(r)).toEqual(['#1 40 mg 1/1d MORN for 5d', '#2 20 mg 1/1d MORN for 5d']);
    expect(r.dosages.map((d) => d.text)).toEqual([
      '40 mg le matin pendant 5 jours',
      '20 mg le matin pendant 5 jours',
    ]);
    expect(r.reliability).toBe('high');
  });

  it('keeps the previous dose for a later step that prints none, but flags it', () => {
    const r = parsePosology('1 cp 3 fois par jour pendant 5 jours puis 2 fois par jour pendant 5 jours');
    expect(summary(r)).toEqual(['#1 1 15054000 3/1d for 5d', '#2 1 15054000 2/1d for 5d']);
    expect(r.reliability).toBe('medium');
    expect(r.issues).toContainEqual(
      expect.objectContaining({ code: 'posology-dose-inherited', field: 'dose' }),
    );
  });

  it('carries the unit over to a later step', () => {
    expect(run('2 cp le soir pendant 7 jours, puis 1 le soir', {}).s).toEqual([
      '#1 2 15054000 1/1d EVE for 7d',
      '#2 1 15054000 1/1d EVE',
    ]);
  });

  it.each([
    ['1 le matin et 2 le soir', ['#1 1 15054000 1/1d MORN', '#1 2 15054000 1/1d EVE']],
    ['1 cp le matin, 1 à midi et 2 le soir', ['#1 1 15054000 2/1d MORN,NOON', '#1 2 15054000 1/1d EVE']],
    ['2 cp le matin et 2 le soir', ['#1 2 15054000 2/1d MORN,EVE']],
    ['matin : 1 cp, soir : 2 cp', ['#1 1 15054000 1/1d MORN', '#1 2 15054000 1/1d EVE']],
    [
      '4 UI matin, 6 UI midi et 8 UI soir',
      ['#1 4 [iU] 1/1d MORN', '#1 6 [iU] 1/1d NOON', '#1 8 [iU] 1/1d EVE'],
    ],
  ])('gives concurrent doses of "%s" the same sequence', (text, expected) => {
    expect(run(text).s).toEqual(expected);
  });
});

describe('parsePosology: implicit units', () => {
  it.each([
    [{ drug: 'AMLODIPINE 5 mg cp' }, '15054000'],
    [{ drug: 'OMEPRAZOLE 20 mg gél' }, '15012000'],
    [{ drug: 'DOLIPRANE 1000 mg sachet-dose' }, '15045000'],
    [{ drug: 'LOVENOX 4000 UI/0,4 ml sol inj en seringue préremplie' }, '{injection}'],
    [{ drug: 'VENTOLINE 100 µg/dose susp pour inhalation' }, '15001000'],
    [{ formFamily: 'capsule' }, '15012000'],
  ])('takes the unit of "1 matin et 1 soir" from %o', (ctx, code) => {
    const r = parsePosology('1 matin et 1 soir', ctx);
    expect(r.dosages[0]?.doseAndRate?.[0]?.doseQuantity?.code).toBe(code);
    expect(r.reliability).toBe('high');
  });

  it.each([[{}], [{ drug: 'ATARAX 2 mg/ml sirop' }]])(
    'leaves the unit out and lowers reliability with %o',
    (ctx) => {
      const r = parsePosology('1-0-1', ctx);
      expect(r.dosages[0]?.doseAndRate?.[0]?.doseQuantity).toEqual({ value: 1 });
      expect(r.reliability).toBe('medium');
      expect(r.issues).toContainEqual(
        expect.objectContaining({ code: 'posology-unit-missing', field: 'dose' }),
      );
    },
  );
});

describe('parsePosology: OCR tolerance', () => {
  it.each([
    ['l cp le matin', '#1 1 15054000 1/1d MORN'],
    ['1-O-1', '#1 1 15054000 2/1d MORN,EVE'],
    ['1 cp rnatin et soir', '#1 1 15054000 2/1d MORN,EVE'],
    ['1 cp matin et soir pedant 7 jours', '#1 1 15054000 2/1d MORN,EVE for 7d'],
  ])('repairs "%s" but never calls it high', (text, expected) => {
    const { s, r } = run(text);
    expect(s).toEqual([expected]);
    expect(r.reliability).toBe('medium');
    expect(r.issues.map((i) => i.code)).toContain('posology-ocr-repair');
  });

  it.each([
    // a stroke for a 1 before a unit, a time unit or "fois"; for the "j" after a duration number
    ['| cp matin et soir', '#1 1 15054000 2/1d MORN,EVE'],
    ['! cp matin et soir', '#1 1 15054000 2/1d MORN,EVE'],
    ['[ gélule le soir', '#1 1 15012000 1/1d EVE'],
    ['2 cp le soir pendant | mois', '#1 2 15054000 1/1d EVE for 1mo'],
    ['1 sachet | fois par jour', '#1 1 15045000 1/1d'],
    ['1 cp le matin pdt 12 |', '#1 1 15054000 1/1d MORN for 12d'],
    ['1 cp le matin pendant 6 l', '#1 1 15054000 1/1d MORN for 6d'],
    ['1 cp le matin pdt 5 |, à jeun', '#1 1 15054000 1/1d ACM for 5d'],
    ['1 appli ation 2 fois par jour', '#1 1 {Appln} 2/1d'],
    ['1 compri mé le soir', '#1 1 15054000 1/1d EVE'],
    ['1 cp be soi, pendant 5 jours', '#1 1 15054000 1/1d EVE for 5d'],
    ['1 cp le son pendant S jours', '#1 1 15054000 1/1d EVE for 5d'],
    ['1 comprimé /', '#1 1 15054000 1/1d'],
    ['2,5 mt x 3/j', '#1 2.5 mL 3/1d'],
    ['1 cp le matin gsp 2 mois', '#1 1 15054000 1/1d MORN for 2mo'],
    ['1 cp le matin pendant 3 mes', '#1 1 15054000 1/1d MORN for 3mo'],
    ['5 ml x 27}, pendant 3 mois', '#1 5 mL 2/1d for 3mo'],
    // "/j" read as ")" or a stroke
    ['1 cp x 3/) pendant 4 jours', '#1 1 15054000 3/1d for 4d'],
    ['10 ml x 3). pendant 4 jours', '#1 10 mL 3/1d for 4d'],
    // ½ read as "%", "V2", "/2", "12" or "72" before a unit of presentation
    ['% cp le soir', '#1 0.5 15054000 1/1d EVE'],
    ['V2 comprimé le soir', '#1 0.5 15054000 1/1d EVE'],
    ['/2 cp le soir', '#1 0.5 15054000 1/1d EVE'],
    ['12 cp le soir', '#1 0.5 15054000 1/1d EVE'],
    ['72 gélule le matin', '#1 0.5 15012000 1/1d MORN'],
    ['%-1-0', '#1 0.5 15054000 1/1d MORN', '#1 1 15054000 1/1d NOON'],
    ['|-0-|', '#1 1 15054000 2/1d MORN,EVE'],
    ['%4-0-1', '#1 0.5 15054000 1/1d MORN', '#1 1 15054000 1/1d EVE'],
    // other near-certain slips: "$" for 5, "Ul" for UI, "mi" for ml, one letter off a short word
    ['1 cp le soir pdt $ jours', '#1 1 15054000 1/1d EVE for 5d'],
    ['8 Ul le soir', '#1 8 [iU] 1/1d EVE'],
    ['5 mi le soir', '#1 5 mL 1/1d EVE'],
    ['1 cp le sor pendant 2 moss', '#1 1 15054000 1/1d EVE for 2mo'],
    ['1 cp 2 foes par jour pat 8 jours', '#1 1 15054000 2/1d for 8d'],
    ['1 cp une lois par jour', '#1 1 15054000 1/1d'],
    ['| le matin et | le soir', '#1 1 15054000 2/1d MORN,EVE'],
    ['1 cp le sow', '#1 1 15054000 1/1d EVE'],
    ['2 cp mad et soir', '#1 2 15054000 2/1d NOON,EVE'],
    ['| op matin et soir', '#1 1 15054000 2/1d MORN,EVE'],
    ['2 opr le soir', '#1 2 15054000 1/1d EVE'],
    ['1 gét matin et soir', '#1 1 15012000 2/1d MORN,EVE'],
    ['1 in) SC par semaine', '#1 1 {injection} 1/1wk route 20066000'],
    ['1 le matin, | à midi', '#1 1 15054000 2/1d MORN,NOON'],
    ['1 cp le soi pendant 8 jours', '#1 1 15054000 1/1d EVE for 8d'],
    ['1 cp le soir avec un grand verte d’eau', '#1 1 15054000 1/1d EVE'],
  ])('reads the OCR slip in "%s" and flags it', (text, ...expected) => {
    const { s, r } = run(text);
    expect(s).toEqual(expected);
    expect(r.reliability).not.toBe('high');
    expect(r.issues.map((i) => i.code)).toContain('posology-ocr-repair');
  });

  it.each([
    'sans dépasser 12 cp par jour',
    '1 cp si douleur, maximum 12 comprimés par jour',
    '12 gouttes le soir',
    '1 cp le soir pour dormir',
    '1 cp 2 fois par jour',
    '1 application le soir sur le dos',
  ])('does not take "%s" for an OCR slip', (text) => {
    const r = parsePosology(text, CP);
    expect(r.issues.map((i) => i.code)).not.toContain('posology-ocr-repair');
  });

  it.each([
    ['11 gélule le matin', 'posology-number-agreement'],
    ['1 cp le soir pendant 1 jours', 'posology-number-agreement'],
    ['2 comprimé le soir', 'posology-number-agreement'],
    ['22 bouffées si besoin', 'posology-dose-unusual'],
    ['1 cp 8 fois par jour', 'posology-frequency-unusual'],
    ['1 cp le matin pendant 110 jours', 'posology-duration-unusual'],
    ['1 cp le matin pendant 33 mois', 'posology-duration-unusual'],
    ['1 cp au coucher pendant 44 jours', 'posology-duration-unusual'],
    ['1 cp au dîner pdt 8 mois', 'posology-duration-unusual'],
    ['2,3 mL matin et soir', 'posology-dose-unusual'],
    ['0 ml 3 fois par jour', 'posology-dose-unusual'],
    ['1 ampoule tous les 33 mois', 'posology-interval-unusual'],
  ])('flags the number OCR may have changed in "%s" (%s)', (text, code) => {
    const r = parsePosology(text, CP);
    expect(r.reliability).not.toBe('high');
    expect(r.issues.map((i) => i.code)).toContain(code);
  });

  it.each([
    '2 comprimés le soir',
    '1 comprimé et demi le soir',
    '1/2 comprimé le soir',
    'deux bouffées matin et soir pendant 15 jours',
    '1 sachet par jour pendant 3 mois',
    '1 goutte toutes les 2 heures pendant 2 jours',
    '1 cp le soir pendant 21 jours',
    '1 cp le soir pendant 6 mois',
    '2,5 ml matin et soir',
    '1 ampoule tous les 3 mois',
    '1 cp toutes les 8 heures',
    '0,25 mg le soir',
    'sans dépasser 12 comprimés par jour',
  ])('finds nothing unusual in "%s"', (text) => {
    const codes = parsePosology(text, CP).issues.map((i) => i.code);
    expect(codes.filter((c) => /unusual|agreement/.test(c))).toEqual([]);
  });

  it('keeps a stroke between two cells as a separator, not a word it does not know', () => {
    const { s, r } = run('1 cp le soir | pendant 10 jours');
    expect(s).toEqual(['#1 1 15054000 1/1d EVE for 10d']);
    expect(r.reliability).toBe('high');
  });

  it.each([
    [
      '2 comprimés le premier jour puis 1 comprimé par jour pendant 4 jours',
      '#1 2 15054000 1/1d for 1d',
      '#2 1 15054000 1/1d for 4d',
    ],
    [
      '3 gélules les 2 premiers jours puis 1 gélule le matin',
      '#1 3 15012000 1/1d for 2d',
      '#2 1 15012000 1/1d MORN',
    ],
    ['1 cp matin et soir le premier jour', '#1 1 15054000 2/1d MORN,EVE for 1d'],
    ['2 cp le 1er jour puis 1/2 cp par jour', '#1 2 15054000 1/1d for 1d', '#2 0.5 15054000 1/1d'],
  ])('reads a loading dose on the first days: "%s"', (text, ...expected) => {
    expect(run(text).s).toEqual(expected);
  });

  it.each([
    '1  CP   MATIN ET SOIR',
    '1 cp matin et soir',
    '1cp matin et soir',
    '1 cp matin & soir'.replace('&', 'et'),
  ])('ignores case, accents and spacing: "%s"', (text) => {
    const { s, r } = run(text);
    expect(s).toEqual(['#1 1 15054000 2/1d MORN,EVE']);
    expect(r.reliability).toBe('high');
  });
});

describe('parsePosology: what it cannot structure', () => {
  it.each([
    'Allergie : pénicilline',
    'NFS, plaquettes, ionogramme',
    'Ne pas substituer',
    'Dr Martin, cardiologue',
  ])('keeps "%s" as text only, low reliability', (text) => {
    const r = parsePosology(text);
    expect(r.dosages).toEqual([{ sequence: 1, text }]);
    expect(r.reliability).toBe('low');
    expect(r.issues).toContainEqual(expect.objectContaining({ code: 'posology-unparsed', field: 'text' }));
  });

  it.each([
    ['1-0-1 3 fois par jour', 'timing'],
    ['1 cp le soir 2 fois par jour', 'timing'],
    ['1 cp 2 fois par jour 3 fois par jour', 'timing'],
    ['1 cp en sous-cutané en intramusculaire', 'route'],
  ])('flags the contradiction in "%s" as low (%s)', (text, field) => {
    const r = parsePosology(text, CP);
    expect(r.reliability).toBe('low');
    expect(r.issues).toContainEqual(expect.objectContaining({ severity: 'error', field }));
  });

  it.each([
    ['1 cp le soir sauf le dimanche soir férié', 'text'],
    ['1 à 2 cp le soir', 'dose'],
    ['1 cp', 'timing'],
    ['1 cp au cours des repas', 'timing'],
    ['1 cp 3 fois', 'timing'],
    ['1 cp si douleur sans dépasser 4', 'maxDose'],
    ['1 cp le soir, à renouveler', 'renewals'],
    ['1 cp par jour 21 jours sur 28', 'timing'],
    ['1 gélule le soir 1 semaine sur 2', 'timing'],
    ['1 cp toutes les 4 à 6 heures', 'timing'],
    ['20 UI selon glycémie', 'text'],
  ])('marks the doubt in "%s" as medium or low on %s', (text, field) => {
    const r = parsePosology(text, CP);
    expect(r.reliability).not.toBe('high');
    expect(r.issues.map((i) => i.field)).toContain(field);
  });

  it('reports an empty text', () => {
    const r = parsePosology('   ');
    expect(r).toMatchObject({ dosages: [], reliability: 'low', confidence: 0 });
  });

  it('keeps the printed text of the step in Dosage.text', () => {
    const text = '1 comprimé le matin – pendant 1 mois – avec un grand verre d’eau';
    const r = parsePosology(text);
    expect(r.dosages[0]?.text).toBe(text);
    expect(r.dosages[0]?.additionalInstruction).toEqual([{ text: 'avec un grand verre d’eau' }]);
    expect(r.reliability).toBe('high');
    expect(r.confidence).toBe(1);
  });
});

describe('parsePosology: valid FHIR R4 timings', () => {
  it.each([
    ['1 cp le soir à 20h', { timeOfDay: ['20:00:00'] }],
    ['1 cp au dîner vers 20 h', { when: ['CV'] }],
    ['1 cp le matin à 8h et le soir à 20h', { timeOfDay: ['08:00:00', '20:00:00'] }],
    ['1 cp 30 min avant le petit-déjeuner', { when: ['ACM'], offset: 30 }],
    ['1 sachet en prise unique', { count: 1 }],
  ])('"%s" keeps a clock time or an event, never both (tim-9, tim-10), and validates', (text, expected) => {
    const dosage = parsePosology(text).dosages;
    const repeat = dosage[0]?.timing?.repeat;
    expect(repeat).toMatchObject(expected);
    expect(repeat?.timeOfDay !== undefined && repeat.when !== undefined).toBe(false);
    expect(repeat?.offset !== undefined && repeat.when === undefined).toBe(false);
    const request = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/p' },
      medicationCodeableConcept: { text: 'x' },
      dosageInstruction: dosage,
    };
    expect(r4Errors(request)).toEqual([]);
  });
});
