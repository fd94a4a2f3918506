/**
 * @module Editable dosage fields ⇄ FHIR R4 Dosage. The editor works on a flat form per step; saving
 * writes the fields back onto the original Dosage so what the form does not show (maxDosePerPeriod,
 * dayOfWeek, timeOfDay, extensions) is kept. Units and routes carry their UCUM / EDQM codes
 * (EDQM Standard Terms, classes UOP and ROA).
 */
import type { Dosage } from '@medplum/fhirtypes';

export type PeriodUnit = 'h' | 'd' | 'wk' | 'mo';

export interface DosageFields {
  dose: string;
  unit: string;
  morning: boolean;
  noon: boolean;
  evening: boolean;
  bedtime: boolean;
  frequency: string;
  period: string;
  periodUnit: PeriodUnit;
  duration: string;
  durationUnit: 'd' | 'wk' | 'mo';
  asNeeded: boolean;
  condition: string;
  route: string;
  text: string;
}

const UCUM = 'http://unitsofmeasure.org';
const EDQM = 'http://standardterms.edqm.eu';

/** Units offered in the editor: label → coding. */
export const UNITS: { label: string; system: string; code: string }[] = [
  { label: 'comprimé', system: EDQM, code: '15054000' },
  { label: 'gélule', system: EDQM, code: '15012000' },
  { label: 'sachet', system: EDQM, code: '15045000' },
  { label: 'goutte', system: EDQM, code: '15022000' },
  { label: 'bouffée', system: EDQM, code: '15001000' },
  { label: 'ampoule', system: EDQM, code: '15002000' },
  { label: 'suppositoire', system: EDQM, code: '15051000' },
  { label: 'patch', system: EDQM, code: '15036000' },
  { label: 'pipette', system: EDQM, code: '15041000' },
  { label: 'cuillère-mesure', system: EDQM, code: '15047000' },
  { label: 'mg', system: UCUM, code: 'mg' },
  { label: 'g', system: UCUM, code: 'g' },
  { label: 'µg', system: UCUM, code: 'ug' },
  { label: 'mL', system: UCUM, code: 'mL' },
  { label: 'UI', system: UCUM, code: '[iU]' },
];

/** Routes offered in the editor (EDQM ROA). */
export const ROUTES: { code: string; fr: string; en: string }[] = [
  { code: '20053000', fr: 'Voie orale', en: 'Oral use' },
  { code: '20067000', fr: 'Voie sublinguale', en: 'Sublingual use' },
  { code: '20066000', fr: 'Voie sous-cutanée', en: 'Subcutaneous use' },
  { code: '20035000', fr: 'Voie intramusculaire', en: 'Intramuscular use' },
  { code: '20045000', fr: 'Voie intraveineuse', en: 'Intravenous use' },
  { code: '20020000', fr: 'Voie inhalée', en: 'Inhalation use' },
  { code: '20003000', fr: 'Voie cutanée', en: 'Cutaneous use' },
  { code: '20070000', fr: 'Voie transdermique', en: 'Transdermal use' },
  { code: '20061000', fr: 'Voie rectale', en: 'Rectal use' },
  { code: '20072000', fr: 'Voie vaginale', en: 'Vaginal use' },
  { code: '20051000', fr: 'Voie ophtalmique', en: 'Ocular use' },
  { code: '20049000', fr: 'Voie nasale', en: 'Nasal use' },
];

const num = (v: number | undefined): string => (v === undefined ? '' : String(v));

/** @returns the editor fields of one Dosage step */
export function toFields(d: Dosage): DosageFields {
  const r = d.timing?.repeat ?? {};
  const when = new Set(r.when ?? []);
  const q = d.doseAndRate?.[0]?.doseQuantity;
  const b = r.boundsDuration;
  return {
    dose: num(q?.value),
    unit: q?.unit ?? '',
    morning: when.has('MORN'),
    noon: when.has('NOON'),
    evening: when.has('EVE'),
    bedtime: when.has('HS'),
    frequency: num(r.frequency),
    period: num(r.period),
    periodUnit: (['h', 'd', 'wk', 'mo'].includes(r.periodUnit ?? '') ? r.periodUnit : 'd') as PeriodUnit,
    duration: num(b?.value),
    durationUnit: b?.code === 'wk' || b?.code === 'mo' ? b.code : 'd',
    asNeeded: d.asNeededBoolean === true || d.asNeededCodeableConcept !== undefined,
    condition: d.asNeededCodeableConcept?.text ?? '',
    route: d.route?.coding?.[0]?.code ?? '',
    text: d.text ?? '',
  };
}

const parseNum = (s: string): number | undefined => {
  const n = Number(s.replace(',', '.').trim());
  return s.trim() === '' || !Number.isFinite(n) ? undefined : n;
};

/** @returns the error key of the first bad field, or null */
export function checkFields(f: DosageFields): string | null {
  for (const [k, v] of [
    ['dose', f.dose],
    ['frequency', f.frequency],
    ['period', f.period],
    ['duration', f.duration],
  ] as const) {
    if (v.trim() !== '' && (parseNum(v) === undefined || (parseNum(v) ?? 0) <= 0)) return k;
  }
  return null;
}

/**
 * Writes the editor fields onto a Dosage step.
 * @param base - the step as it was (kept for what the form does not show)
 * @param f - the edited fields
 * @param sequence - the step's order
 */
export function fromFields(base: Dosage, f: DosageFields, sequence: number): Dosage {
  const out: Dosage = { ...base, sequence };
  const text = f.text.trim();
  if (text === '') delete out.text;
  else out.text = text;
  const repeat = { ...(base.timing?.repeat ?? {}) };
  const keptWhen = (repeat.when ?? []).filter((w) => !['MORN', 'NOON', 'EVE', 'HS'].includes(w));
  const when = [...keptWhen];
  if (f.morning) when.push('MORN');
  if (f.noon) when.push('NOON');
  if (f.evening) when.push('EVE');
  if (f.bedtime) when.push('HS');
  if (when.length > 0) {
    repeat.when = when;
    delete repeat.timeOfDay; // R4 tim-10: the moments the clinician ticked replace a clock time
  } else delete repeat.when;
  const freq = parseNum(f.frequency);
  const period = parseNum(f.period);
  if (freq !== undefined) {
    repeat.frequency = freq;
    delete repeat.count; // a frequency set by the clinician replaces a single dose
  } else delete repeat.frequency;
  if (period !== undefined) {
    repeat.period = period;
    repeat.periodUnit = f.periodUnit;
  } else {
    delete repeat.period;
    delete repeat.periodUnit;
  }
  const duration = parseNum(f.duration);
  if (duration !== undefined) {
    const unit = { d: 'jours', wk: 'semaines', mo: 'mois' }[f.durationUnit];
    repeat.boundsDuration = { value: duration, unit, system: UCUM, code: f.durationUnit };
  } else {
    delete repeat.boundsDuration;
  }
  if (Object.keys(repeat).length > 0) out.timing = { ...(base.timing ?? {}), repeat };
  else delete out.timing;
  const dose = parseNum(f.dose);
  if (dose !== undefined) {
    const u = UNITS.find((x) => x.label === f.unit.trim());
    const doseQuantity =
      u !== undefined
        ? { value: dose, unit: u.label, system: u.system, code: u.code }
        : f.unit.trim() !== ''
          ? { value: dose, unit: f.unit.trim() }
          : { value: dose };
    out.doseAndRate = [{ ...(base.doseAndRate?.[0] ?? {}), doseQuantity }];
  } else {
    delete out.doseAndRate;
  }
  delete out.asNeededBoolean;
  delete out.asNeededCodeableConcept;
  if (f.asNeeded) {
    if (f.condition.trim() !== '') out.asNeededCodeableConcept = { text: f.condition.trim() };
    else out.asNeededBoolean = true;
  }
  const route = ROUTES.find((r) => r.code === f.route);
  if (route !== undefined) {
    out.route = { coding: [{ system: EDQM, code: route.code, display: route.en }], text: route.fr };
  } else {
    delete out.route;
  }
  return out;
}

const WHEN_FR: Record<string, string> = {
  MORN: 'matin',
  NOON: 'midi',
  EVE: 'soir',
  HS: 'coucher',
  ACM: 'à jeun',
  AC: 'avant les repas',
  PC: 'après les repas',
  C: 'au repas',
};
const PERIOD_FR: Record<string, string> = { h: 'heure', d: 'jour', wk: 'semaine', mo: 'mois' };
const DURATION_FR: Record<string, string> = { h: 'h', d: 'jour', wk: 'semaine', mo: 'mois', a: 'an' };

/** @returns a short French summary of a step ("1 comprimé matin, soir · 7 jours") */
export function summarize(d: Dosage): string {
  const parts: string[] = [];
  const q = d.doseAndRate?.[0]?.doseQuantity;
  if (q?.value !== undefined) parts.push(`${q.value}${q.unit !== undefined ? ` ${q.unit}` : ''}`);
  const r = d.timing?.repeat;
  if (r?.when !== undefined && r.when.length > 0) parts.push(r.when.map((w) => WHEN_FR[w] ?? w).join(', '));
  // "matin, soir" already says "2 fois par jour".
  const impliedByWhen =
    r?.when !== undefined && r.when.length === r.frequency && r.period === 1 && r.periodUnit === 'd';
  if (r?.frequency !== undefined && r.period !== undefined && !impliedByWhen) {
    parts.push(
      r.period === 1
        ? `${r.frequency} fois par ${PERIOD_FR[r.periodUnit ?? 'd'] ?? r.periodUnit ?? ''}`
        : `${r.frequency} fois toutes les ${r.period} ${PERIOD_FR[r.periodUnit ?? 'd'] ?? ''}`,
    );
  }
  if (r?.count !== undefined) parts.push(r.count === 1 ? 'une seule fois' : `${r.count} fois en tout`);
  if (d.asNeededCodeableConcept?.text !== undefined) parts.push(d.asNeededCodeableConcept.text);
  else if (d.asNeededBoolean === true) parts.push('si besoin');
  const b = r?.boundsDuration;
  if (b?.value !== undefined) {
    const unit = DURATION_FR[b.code ?? ''] ?? b.unit ?? '';
    parts.push(`pendant ${b.value} ${unit}${b.value > 1 && unit !== 'mois' && unit !== 'h' ? 's' : ''}`);
  }
  if (d.route?.text !== undefined) parts.push(d.route.text);
  return parts.join(' · ');
}
