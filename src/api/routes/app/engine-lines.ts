/**
 * @module The engine's reading (`prescriptions.read_result`) → the app's editable lines and header.
 * Reads the fields it needs defensively: a line the engine did not structure still becomes a line
 * (drug unknown, no dosage), flagged for the clinician, never dropped.
 */
import type { Dosage } from '@medplum/fhirtypes';
import type { Specialty } from '../../../drugs/types.js';
import type { Box, Issue, PrescriptionHeader, Reliability } from '../../../scan/types.js';
import { initialReview, toAppDrug } from './review.js';
import type { AppLine, PrescriptionView } from './wire.js';

interface CandidateLike {
  specialty?: Specialty;
  score?: number;
}
interface EngineLineLike {
  index?: number;
  text?: string;
  drugText?: string;
  posologyText?: string;
  ald?: boolean;
  boxes?: Box[];
  drug?: { candidates?: CandidateLike[]; ambiguous?: boolean; reliability?: Reliability } | null;
  /** Either the dosage steps directly or the posology result. */
  dosages?: Dosage[];
  posology?: { dosages?: Dosage[]; renewals?: number | null; issues?: Issue[] } | null;
  renewals?: number | null;
  reliability?: Reliability;
  issues?: Issue[];
}
interface ReadLike {
  header?: PrescriptionHeader | null;
  lines?: EngineLineLike[];
  items?: EngineLineLike[];
}

const RELIABILITIES: readonly Reliability[] = ['high', 'medium', 'low'];

/**
 * @param read - the engine's reading as stored
 * @returns the lines as the app edits them, in document order
 */
export function toAppLines(read: unknown): AppLine[] {
  const r = (read ?? {}) as ReadLike;
  const lines = Array.isArray(r.lines) ? r.lines : Array.isArray(r.items) ? r.items : [];
  return lines.map((l, i) => {
    const candidates = (l.drug?.candidates ?? []).filter(
      (c): c is Required<CandidateLike> => c.specialty !== undefined,
    );
    const first = candidates[0];
    const ambiguous = l.drug?.ambiguous === true && candidates.length > 1;
    const issues = [...(Array.isArray(l.issues) ? l.issues : [])];
    for (const is of l.posology?.issues ?? []) {
      if (!issues.some((x) => x.code === is.code && x.field === is.field)) issues.push(is);
    }
    const line: Omit<AppLine, 'review'> = {
      id: `e${l.index ?? i + 1}`,
      origin: 'engine',
      text: l.text ?? '',
      drugText: l.drugText ?? l.text ?? '',
      drug: first === undefined ? null : toAppDrug(first.specialty),
      alternatives: ambiguous ? candidates.slice(0, 6).map((c) => toAppDrug(c.specialty)) : [],
      posologyText: l.posologyText ?? '',
      dosages: l.dosages ?? l.posology?.dosages ?? [],
      renewals: l.renewals ?? l.posology?.renewals ?? null,
      ald: l.ald === true,
      reliability: RELIABILITIES.includes(l.reliability as Reliability)
        ? (l.reliability as Reliability)
        : 'low',
      issues,
      boxes: Array.isArray(l.boxes) ? l.boxes : [],
    };
    return { ...line, review: initialReview(line) };
  });
}

/** @returns the header fields the validation screen shows */
export function toHeaderView(read: unknown): PrescriptionView['header'] {
  const h = (read as ReadLike | null)?.header;
  if (h === undefined || h === null) return null;
  return {
    prescriber: h.prescriber?.name ?? null,
    rpps: h.prescriber?.rpps ?? null,
    patient: h.patient?.name ?? null,
    date: h.date,
  };
}
