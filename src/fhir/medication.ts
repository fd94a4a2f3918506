/**
 * @module Contained `Medication` of a line (https://hl7.org/fhir/R4/medication.html): CIS coding
 * with the BDPM dénomination, ATC, EDQM dose form, and ingredients with their strengths. A line
 * whose drug was not recognised keeps `code.text` (the drug as read) only.
 */
import type { Coding, Medication, MedicationIngredient, Quantity, Ratio } from '@medplum/fhirtypes';
import type { Substance } from '../drugs/types.js';
import type { ExtractedLine } from '../scan/types.js';
import { SYSTEM } from './extensions.js';

const UCUM_UNITS: Record<string, string> = {
  mg: 'mg',
  g: 'g',
  µg: 'ug',
  μg: 'ug',
  microgramme: 'ug',
  microgrammes: 'ug',
  ml: 'mL',
  l: 'L',
  ui: '[iU]',
  'u.i.': '[iU]',
  '%': '%',
  mmol: 'mmol',
};

/**
 * Parses a BDPM quantity ("1000 mg", "2,5 mg", "100 000 UI", "un comprimé") into a Quantity.
 * @param text - quantity as printed in BDPM
 */
export function parseQuantity(text: string | null): Quantity | null {
  if (text == null) return null;
  const m = /^\s*(\d[\d\s]*(?:[.,]\d+)?|une?)\s*(.*)$/i.exec(text.trim());
  if (!m?.[1]) return null;
  const value = /^une?$/i.test(m[1]) ? 1 : Number(m[1].replace(/\s/g, '').replace(',', '.'));
  if (!Number.isFinite(value)) return null;
  const unit = (m[2] ?? '').trim();
  const ucum = UCUM_UNITS[unit.toLowerCase()];
  if (ucum) return { value, unit, system: SYSTEM.ucum, code: ucum };
  return unit === '' ? { value } : { value, unit };
}

function strengthOf(s: Substance): Ratio | undefined {
  const numerator = parseQuantity(s.strength);
  if (!numerator) return undefined;
  const denominator = parseQuantity(s.reference) ?? { value: 1 };
  return { numerator, denominator };
}

function ingredientsOf(substances: Substance[]): MedicationIngredient[] {
  return substances.map((s) => {
    const strength = strengthOf(s);
    return { itemCodeableConcept: { text: s.name }, isActive: true, ...(strength ? { strength } : {}) };
  });
}

/**
 * The Medication of one extracted line.
 * @param line - the extracted line
 * @param id - local id of the contained resource
 */
export function toMedication(line: ExtractedLine, id: string): Medication {
  const s = line.drug.chosen?.specialty;
  if (!s) return { resourceType: 'Medication', id, code: { text: line.drugText } };
  const coding: Coding[] = [{ system: SYSTEM.cis, code: s.cis, display: s.name }];
  if (s.atc) coding.push({ system: SYSTEM.atc, code: s.atc, display: s.atc });
  const med: Medication = { resourceType: 'Medication', id, code: { coding, text: line.drugText } };
  if (s.formEdqm) med.form = { coding: [{ ...s.formEdqm }], text: s.form };
  else if (s.form) med.form = { text: s.form };
  const ingredient = ingredientsOf(s.substances);
  if (ingredient.length > 0) med.ingredient = ingredient;
  return med;
}
