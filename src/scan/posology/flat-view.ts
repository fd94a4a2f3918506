/**
 * @module A flat, simple view of FHIR Dosage steps for integrators that do not read FHIR
 * (`GET /api/posology?format=json`): one object per Dosage with plain fields.
 */
import type { Dosage } from '../types.js';

/** One Dosage in plain fields; `null` when not stated. */
export interface FlatDosage {
  sequence: number;
  text: string;
  dose: number | null;
  /** Upper dose of a range ("1 à 2 cp"). */
  doseMax: number | null;
  /** Readable unit ("comprimé", "mg"…). */
  unit: string | null;
  frequency: number | null;
  period: number | null;
  periodUnit: string | null;
  when: string[];
  timeOfDay: string[];
  dayOfWeek: string[];
  durationValue: number | null;
  durationUnit: string | null;
  asNeeded: boolean;
  asNeededText: string | null;
  maxDose: {
    value: number | null;
    unit: string | null;
    period: number | null;
    periodUnit: string | null;
  } | null;
  /** EDQM route code, when printed. */
  route: string | null;
  instructions: string[];
}

/**
 * Flattens FHIR Dosage steps.
 * @param dosages - FHIR R4 Dosage list
 */
export function toFlatDosages(dosages: Dosage[]): FlatDosage[] {
  return dosages.map((d) => {
    const dr = d.doseAndRate?.[0];
    const q = dr?.doseQuantity ?? dr?.doseRange?.low;
    const r = d.timing?.repeat;
    const m = d.maxDosePerPeriod;
    return {
      sequence: d.sequence ?? 1,
      text: d.text ?? '',
      dose: q?.value ?? null,
      doseMax: dr?.doseRange?.high?.value ?? null,
      unit: q?.unit ?? null,
      frequency: r?.frequency ?? null,
      period: r?.period ?? null,
      periodUnit: r?.periodUnit ?? null,
      when: r?.when ?? [],
      timeOfDay: r?.timeOfDay ?? [],
      dayOfWeek: r?.dayOfWeek ?? [],
      durationValue: r?.boundsDuration?.value ?? r?.boundsRange?.high?.value ?? null,
      durationUnit: r?.boundsDuration?.code ?? r?.boundsRange?.high?.code ?? null,
      asNeeded: d.asNeededBoolean === true || d.asNeededCodeableConcept !== undefined,
      asNeededText: d.asNeededCodeableConcept?.text ?? null,
      maxDose: m
        ? {
            value: m.numerator?.value ?? null,
            unit: m.numerator?.unit ?? null,
            period: m.denominator?.value ?? null,
            periodUnit: m.denominator?.code ?? null,
          }
        : null,
      route: d.route?.coding?.[0]?.code ?? null,
      instructions: (d.additionalInstruction ?? []).flatMap((i) => (i.text ? [i.text] : [])),
    };
  });
}
