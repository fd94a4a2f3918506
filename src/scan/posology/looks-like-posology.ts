/**
 * @module looksLikePosology: a cheap 0..1 score of how much a text reads as a dosage, for the layout stage
 * (where does the drug name end, is a continuation line a dosage?). It runs the same phrase rules as the parser.
 * A timing (frequency, slots, interval, as-needed) is the decisive evidence: a drug line also has a number
 * and a unit ("DOLIPRANE 1000 mg cp") but never says when to take it.
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
  const coverage = s.strong / total;
  const timing =
    s.freq !== undefined ||
    s.parts.some((p) => p.slots.length > 0) ||
    s.asNeeded !== undefined ||
    s.mealRel !== undefined ||
    s.fasting ||
    s.dayOfWeek.length > 0;
  const score = timing
    ? 0.4 + 0.6 * coverage
    : s.duration !== undefined || s.renewals !== undefined
      ? 0.45 * coverage
      : 0.25 * coverage;
  return Math.round(Math.min(1, score) * 100) / 100;
}
