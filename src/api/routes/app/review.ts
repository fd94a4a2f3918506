/**
 * @module Pure rules of the clinician's review: which lines are flagged (the engine doubted the drug
 * or a dosage field, or the drug is unknown or ambiguous), how an edit changes a line, and what
 * must hold before a prescription may be validated.
 */
import { randomBytes } from 'node:crypto';
import type { Specialty } from '../../../drugs/types.js';
import { AppError, type ErrorDetail } from '../../../errors.js';
import type { AppDrug, AppLine, LineEdit, ReviewState } from './wire.js';

/** @returns the app's view of a specialty */
export function toAppDrug(s: Specialty): AppDrug {
  const strengths = s.substances.map((x) => x.strength).filter((x): x is string => x !== null && x !== '');
  return {
    cis: s.cis,
    name: s.name,
    form: s.form,
    strength: strengths.length > 0 ? strengths.join(' / ') : null,
    substances: s.substances.map((x) => x.name),
    marketed: s.marketed,
    atc: s.atc,
  };
}

/**
 * A line must be looked at when the engine is not sure of it: reliability below `high`, an unknown
 * or ambiguous drug, a warning or error issue, or no structured dosage.
 * @returns whether the line is flagged
 */
export function isFlagged(
  line: Pick<AppLine, 'reliability' | 'drug' | 'alternatives' | 'issues' | 'dosages'>,
): boolean {
  return (
    line.reliability !== 'high' ||
    line.drug === null ||
    line.alternatives.length > 0 ||
    line.dosages.length === 0 ||
    line.issues.some((i) => i.severity !== 'information')
  );
}

/** @returns the initial review state of an engine line */
export function initialReview(line: Omit<AppLine, 'review'>): ReviewState {
  return isFlagged(line) ? 'required' : 'none';
}

/**
 * Applies a clinician's edit to a line (or builds a new line when `line` is null).
 * @param line - the line before, or null for an added line
 * @param edit - the edited fields
 * @param drug - the specialty of `edit.cis`, resolved by the caller (null: free text)
 * @returns the line after; its review state is `edited`
 */
export function applyEdit(line: AppLine | null, edit: LineEdit, drug: Specialty | null): AppLine {
  const base: AppLine = line ?? {
    id: `u${randomBytes(6).toString('hex')}`,
    origin: 'user',
    text: '',
    drugText: edit.drugText,
    drug: null,
    alternatives: [],
    posologyText: '',
    dosages: [],
    renewals: null,
    ald: false,
    reliability: 'high',
    issues: [],
    boxes: [],
    review: 'edited',
  };
  return {
    ...base,
    drugText: edit.drugText,
    drug: drug === null ? null : toAppDrug(drug),
    // The clinician chose: the ambiguity is resolved.
    alternatives: [],
    dosages: edit.dosages.map((d, i) => ({ ...d, sequence: d.sequence ?? i + 1 })),
    renewals: edit.renewals,
    ald: edit.ald,
    review: 'edited',
  };
}

/**
 * Checks that a prescription may be validated.
 * @param lines - the current lines
 * @throws AppError `conflict` listing the lines still to look at, or when there is no line
 */
export function assertValidatable(lines: AppLine[]): void {
  if (lines.length === 0) {
    throw new AppError('conflict', 'The prescription has no line: add at least one drug or cancel');
  }
  const pending: ErrorDetail[] = lines
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => l.review === 'required')
    .map(({ l, i }) => ({
      field: `/lines/${i}`,
      message: `"${l.drug?.name ?? l.drugText}" must be checked or corrected`,
    }));
  if (pending.length > 0) {
    throw new AppError('conflict', `${pending.length} line(s) must be checked before validating`, {
      details: pending,
    });
  }
}
