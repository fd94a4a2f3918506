/**
 * @module FHIR R4 `Dosage` → PN13 `Elément_posologie` (Phast SIPh II). Follows the structures of the
 * published Interop'Santé examples (hl7.fhir.fr.medication, `PN13-prescription-*.md`) and the
 * PN13→FHIR ConceptMaps read backwards: `Fréquence_structurée` (Frq_échelle 1 s … 7 a, Frq_durée =
 * period, Frq_multiplicité = frequency, Frq_libellé), `Quantité{Nombre,Unité}`, "si besoin" as
 * `Type_événement_début` 3 with a structured clinical event, and a maximum per day as a type-4
 * constraint (`Evénement_début` 3). What has no structured PN13 form here stays in the line's label.
 * Pure.
 */
import type { Dosage, Quantity } from '@medplum/fhirtypes';
import { el, textEl, type XmlElement } from './xml.js';

/** FHIR `periodUnit` (UCUM) → PN13 `Frq_échelle` (ConceptMap PN13-FHIR-prescmed-dosageinstruction). */
const ECHELLE: Readonly<Record<string, string>> = {
  s: '1',
  min: '2',
  h: '3',
  d: '4',
  wk: '5',
  mo: '6',
  a: '7',
};

/** Singular, plural, and "tous/toutes" by the noun's gender. */
const UNIT_FR: Readonly<Record<string, [string, string, string]>> = {
  s: ['seconde', 'secondes', 'toutes'],
  min: ['minute', 'minutes', 'toutes'],
  h: ['heure', 'heures', 'toutes'],
  d: ['jour', 'jours', 'tous'],
  wk: ['semaine', 'semaines', 'toutes'],
  mo: ['mois', 'mois', 'tous'],
  a: ['an', 'ans', 'tous'],
};

/** FHIR `when` (EventTiming) → French label, used in Frq_libellé. */
const WHEN_FR: Readonly<Record<string, string>> = {
  MORN: 'le matin',
  'MORN.early': 'tôt le matin',
  'MORN.late': 'en fin de matinée',
  NOON: 'à midi',
  AFT: "l'après-midi",
  'AFT.early': "en début d'après-midi",
  'AFT.late': "en fin d'après-midi",
  EVE: 'le soir',
  'EVE.early': 'en début de soirée',
  'EVE.late': 'en fin de soirée',
  NIGHT: 'la nuit',
  HS: 'au coucher',
  WAKE: 'au réveil',
  C: 'au repas',
  CM: 'au petit-déjeuner',
  CD: 'au déjeuner',
  CV: 'au dîner',
  AC: 'avant le repas',
  ACM: 'avant le petit-déjeuner',
  ACD: 'avant le déjeuner',
  ACV: 'avant le dîner',
  PC: 'après le repas',
  PCM: 'après le petit-déjeuner',
  PCD: 'après le déjeuner',
  PCV: 'après le dîner',
  PHS: 'après le coucher',
};

/** @returns a PN13 number: plain decimal notation, no exponent */
export function pn13Number(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(6)));
}

function quantityEl(name: string, q: Quantity | undefined): XmlElement | null {
  if (q?.value === undefined) return null;
  return el(name, {}, el('Nombre', {}, pn13Number(q.value)), textEl('Unité', q.unit ?? q.code ?? 'dose'));
}

function frequencyLabel(frequency: number, period: number, unit: string, when: string | undefined): string {
  const [one, many, every] = UNIT_FR[unit] ?? [unit, unit, 'tous'];
  const base =
    frequency === 1 && period > 1
      ? `${every} les ${pn13Number(period)} ${many}`
      : `${pn13Number(frequency)} fois par ${period === 1 ? one : `${pn13Number(period)} ${many}`}`;
  const whenFr = when === undefined ? undefined : (WHEN_FR[when] ?? when);
  return whenFr === undefined ? base : `${base}, ${whenFr}`;
}

function structuredFrequency(
  frequency: number,
  period: number,
  unit: string,
  when: string | undefined,
): XmlElement | null {
  const echelle = ECHELLE[unit];
  if (echelle === undefined) return null;
  return el(
    'Fréquence_structurée',
    {},
    el('Frq_échelle', {}, echelle),
    period !== 1 ? el('Frq_durée', {}, pn13Number(period)) : null,
    el('Frq_multiplicité', {}, pn13Number(frequency)),
    el('Frq_libellé', {}, frequencyLabel(frequency, period, unit, when)),
  );
}

/** "Si besoin" as a structured clinical start event, exactly as in the published paracetamol example. */
function asNeededEvent(label: string): XmlElement[] {
  return [
    el('Type_événement_début', {}, '3'),
    el(
      'Evt_structuré_début',
      {},
      el(
        'Evénement_structuré',
        {},
        el(
          'Evt_objet',
          {},
          el('Evt_nature', {}, '1'),
          el('Evt_typedeDonnée', {}, '1'),
          el('Evt_clinique', {}, el('Evt_clinique_code', {}, '0')),
        ),
        el('Evt_libellé', {}, label),
      ),
    ),
  ];
}

/**
 * Maps one FHIR Dosage to its PN13 `Elément_posologie` elements: one per `when` moment (each once a
 * day), else one for the frequency; plus a type-4 constraint for a maximum dose per day.
 * @param dosage - one step of `MedicationRequest.dosageInstruction`
 */
export function toPosologyElements(dosage: Dosage): XmlElement[] {
  const repeat = dosage.timing?.repeat;
  const dose = dosage.doseAndRate?.[0]?.doseQuantity;
  const asNeeded = dosage.asNeededBoolean === true || dosage.asNeededCodeableConcept !== undefined;
  const asNeededLabel = dosage.asNeededCodeableConcept?.text ?? 'Si besoin';
  const unit = repeat?.periodUnit;
  const period = repeat?.period ?? 1;
  const whens = repeat?.when ?? [];
  const build = (frq: XmlElement | null): XmlElement =>
    el(
      'Elément_posologie',
      {},
      frq,
      ...(asNeeded ? asNeededEvent(asNeededLabel) : []),
      quantityEl('Quantité', dose),
    );
  const out: XmlElement[] = [];
  if (whens.length > 0 && (unit === undefined || (unit === 'd' && period === 1))) {
    // FHIR "when: [MORN, EVE]" = once at each moment of the day.
    for (const w of whens) out.push(build(structuredFrequency(1, 1, 'd', w)));
  } else if (unit !== undefined) {
    out.push(build(structuredFrequency(repeat?.frequency ?? 1, period, unit, whens[0])));
  } else if (dose !== undefined || asNeeded) {
    out.push(build(null));
  }
  const max = dosage.maxDosePerPeriod;
  const perDay =
    max?.denominator?.value === 1 && (max.denominator.unit === 'd' || max.denominator.code === 'd');
  if (max?.numerator?.value !== undefined && perDay) {
    out.push(
      el(
        'Elément_posologie',
        {},
        el('Type_événement_début', {}, '4'),
        el('Evénement_début', {}, '3'),
        quantityEl('Quantité', max.numerator),
      ),
    );
  }
  return out;
}
