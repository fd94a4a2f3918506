/**
 * @module Whole-line reliability. A line is `high` only when nothing is doubtful: the drug is
 * recognised with high reliability, the dosage is structured with high reliability, the OCR read
 * it confidently and no warning was raised. A wrong line marked `high` is the worst error of the
 * product, so every doubt lowers the line.
 */
import type { Issue, Reliability } from '../types.js';

/** OCR confidence (0..100) under which a line cannot be `high`, and under which it is `low`. */
export const OCR_HIGH = 85;
export const OCR_LOW = 55;

const RANK: Record<Reliability, number> = { low: 0, medium: 1, high: 2 };

/**
 * The lowest of several reliabilities.
 * @param levels - reliabilities to combine
 */
export function lowest(...levels: Reliability[]): Reliability {
  return levels.reduce<Reliability>((a, b) => (RANK[b] < RANK[a] ? b : a), 'high');
}

/** What the line reliability is computed from. */
export interface ReliabilityInputs {
  drug: Reliability | null;
  posology: Reliability;
  hasDosage: boolean;
  ocrConfidence: number;
  issues: Issue[];
}

/**
 * Combines drug, posology, OCR and issues into the line reliability.
 * @param inputs - the per-stage results of the line
 */
export function lineReliability(inputs: ReliabilityInputs): Reliability {
  const ocr: Reliability =
    inputs.ocrConfidence < OCR_LOW ? 'low' : inputs.ocrConfidence < OCR_HIGH ? 'medium' : 'high';
  const issues: Reliability = inputs.issues.some((i) => i.severity === 'error')
    ? 'low'
    : inputs.issues.some((i) => i.severity === 'warning')
      ? 'medium'
      : 'high';
  return lowest(inputs.drug ?? 'low', inputs.posology, inputs.hasDosage ? 'high' : 'low', ocr, issues);
}
