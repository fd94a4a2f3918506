/**
 * @module looksLikePosology: a cheap 0..1 score of how much a text reads as a dosage, for the layout stage
 * (where does the drug name end, is a continuation line a dosage?). It runs the same phrase rules as the parser
 * and weighs the share of words they understand, with a bonus for a dose or a timing.
 */
import { readSegment } from './parse-posology.js';

/**
 * Scores a text: ~0 for a drug name, an allergy or an address, ~1 for "1 cp matin et soir pendant 7 jours".
 * @param text - any line or part of a line
 */
export function looksLikePosology(text: string): number {
  const s = readSegment(text);
  const total = s.understood + s.unknown.length;
  if (total === 0) return 0;
  const coverage = s.understood / total;
  const timing =
    s.freq !== undefined ||
    s.parts.some((p) => p.slots.length > 0) ||
    s.asNeeded !== undefined ||
    s.mealRel !== undefined;
  const dose = s.parts.some(
    (p) => p.value !== undefined && (p.unit !== undefined || s.labelUnit !== undefined),
  );
  let score = coverage * 0.5 + (timing ? 0.3 : 0) + (dose ? 0.2 : 0);
  if (!timing && !dose && s.duration === undefined) score *= 0.3;
  return Math.round(Math.min(1, score) * 100) / 100;
}
