/**
 * @module The engine's reading (`prescriptions.read_result`, a `ReadResult`) → the app's editable
 * lines and header. Stored JSON is read defensively: a line the engine could not structure still
 * becomes a line (drug unknown, no dosage), flagged for the clinician, never dropped.
 */
import type { ExtractedLine, ReadResult, Reliability } from '../../../scan/types.js';
import { initialReview, toAppDrug } from './review.js';
import type { AppLine, PrescriptionView } from './wire.js';

const RELIABILITIES: readonly Reliability[] = ['high', 'medium', 'low'];

/** @returns one engine line as an app line */
export function toAppLine(l: Partial<ExtractedLine>, position: number): AppLine {
  const chosen = l.drug?.chosen?.specialty;
  const ambiguous = l.drug?.ambiguous === true;
  const alternatives = ambiguous
    ? (l.drug?.alternatives ?? []).slice(0, 5).map((c) => toAppDrug(c.specialty))
    : [];
  const line: Omit<AppLine, 'review'> = {
    id: `e${l.index ?? position + 1}`,
    origin: 'engine',
    text: l.text ?? '',
    drugText: l.drugText ?? l.text ?? '',
    drug: chosen === undefined ? null : toAppDrug(chosen),
    alternatives:
      chosen !== undefined && alternatives.length > 0 ? [toAppDrug(chosen), ...alternatives] : alternatives,
    posologyText: l.posologyText ?? '',
    dosages: Array.isArray(l.dosages) ? l.dosages : [],
    renewals: l.renewals ?? null,
    ald: l.ald === true,
    reliability: RELIABILITIES.includes(l.reliability as Reliability)
      ? (l.reliability as Reliability)
      : 'low',
    issues: Array.isArray(l.issues) ? l.issues : [],
    boxes: Array.isArray(l.boxes) ? l.boxes : [],
  };
  return { ...line, review: initialReview(line) };
}

/**
 * @param read - the engine's reading as stored
 * @returns the lines as the app edits them, in document order
 */
export function toAppLines(read: unknown): AppLine[] {
  const lines = (read as Partial<ReadResult> | null)?.lines;
  return Array.isArray(lines) ? lines.map((l, i) => toAppLine(l, i)) : [];
}

/** @returns the header fields the validation screen shows */
export function toHeaderView(read: unknown): PrescriptionView['header'] {
  const h = (read as Partial<ReadResult> | null)?.header;
  if (h === undefined || h === null) return null;
  return {
    prescriber: h.prescriber?.name ?? null,
    rpps: h.prescriber?.rpps ?? null,
    patient: h.patient?.name ?? null,
    date: h.date,
  };
}
