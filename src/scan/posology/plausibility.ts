/**
 * @module Plausibility checks on the numbers of a dosage, against the misreads OCR makes most: a
 * digit doubled ("1 gélule" → "11 gélule"), dropped ("15 jours" → "1 jours") or swapped ("3 fois" →
 * "8 fois"). A number that disagrees with the grammatical number of its noun, a count of units of
 * presentation no one takes at once, more intakes a day than a prescription gives, or a duration
 * prescriptions are not written with (44 days, 8 months), is flagged:
 * the reading may be right, but it must not be presented as sure.
 */
import { UNIT_WORDS, type UnitKey } from './lexicon.js';
import { flag, type SegmentState } from './segment-state.js';
import type { Token } from './tokenize.js';

/** Nouns whose singular and plural differ by a final "s" (abbreviations are invariant). */
const NOUNS = new Set([
  'comprime',
  'gelule',
  'capsule',
  'sachet',
  'bouffee',
  'inhalation',
  'pulverisation',
  'goutte',
  'injection',
  'ampoule',
  'application',
  'suppositoire',
  'ovule',
  'pastille',
  'pipette',
  'unidose',
  'dosette',
  'seringue',
  'stylo',
  'jour',
  'semaine',
  'heure',
  'minute',
]);

/** Units of presentation counted one by one, of which more than `MAX_COUNT` at once is unusual. */
const COUNTED: ReadonlySet<UnitKey> = new Set([
  'tablet',
  'capsule',
  'sachet',
  'puff',
  'injection',
  'ampoule',
  'suppository',
  'patch',
  'pessary',
  'application',
  'pipette',
]);
const MAX_COUNT = 10;
/** More intakes a day than this is unusual for a prescription ("8 fois par jour" for "3 fois"). */
const MAX_DAILY_INTAKES = 6;

/**
 * Durations prescriptions are written with; another count ("pdt 44 j" for "4 j", "8 mois" for "3",
 * "110 j" for "10") is unusual enough to be checked.
 */
const USUAL_DURATIONS: Partial<Record<string, ReadonlySet<number>>> = {
  d: new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 15, 20, 21, 28, 30, 45, 60, 90]),
  wk: new Set([1, 2, 3, 4, 5, 6, 7, 8, 10, 12]),
  mo: new Set([1, 2, 3, 4, 6, 9, 12]),
};

/** Intervals prescriptions are written with ("toutes les 8 heures", "tous les 3 mois"). */
const USUAL_INTERVALS: Partial<Record<string, ReadonlySet<number>>> = {
  h: new Set([1, 2, 3, 4, 5, 6, 8, 12, 24, 36, 48, 72]),
  d: new Set([1, 2, 3, 4, 5, 7, 10, 14, 15, 21, 28, 30]),
  wk: new Set([1, 2, 3, 4, 6, 8, 12]),
  mo: new Set([1, 2, 3, 4, 6, 12]),
};

/** Grammatical number of a noun token: 'one', 'many', or null when it does not tell. */
function nounNumber(w: string): 'one' | 'many' | null {
  if (NOUNS.has(w)) return 'one';
  if (w.endsWith('s') && NOUNS.has(w.slice(0, -1))) return 'many';
  return null;
}

/**
 * Flags the numbers of a step that OCR may have changed.
 * @param s - the step, for its issues
 * @param tokens - the step's tokens
 */
export function checkPlausibility(s: SegmentState, tokens: Token[]): void {
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1]!;
    if (t.n === undefined || t.slots) continue;
    const noun = nounNumber(next.w);
    const many = t.n >= 2;
    if (!t.frac && noun !== null && (noun === 'many') !== many && Number.isInteger(t.n)) {
      flag(
        s,
        'warning',
        'text',
        'posology-number-agreement',
        'A number does not agree with its noun ("11 gélule", "1 jours"); the OCR may have misread it.',
      );
    }
    const unit = UNIT_WORDS.get(next.w);
    const before = tokens[i - 1]?.w ?? '';
    const isMax = /^(max|maximum|depasser|plus|jusqu'|total|boite|boites|de)$/.test(before);
    if (unit && COUNTED.has(unit) && t.n > MAX_COUNT && !isMax) {
      flag(s, 'warning', 'dose', 'posology-dose-unusual', 'The dose is an unusual count; check it.');
    }
    // "2,3 mL", "1,3 cp": doses of units and millilitres come in halves and quarters
    const quarters = Math.abs(t.n * 4 - Math.round(t.n * 4)) < 1e-9;
    if (unit && (COUNTED.has(unit) || unit === 'ml') && !quarters) {
      flag(s, 'warning', 'dose', 'posology-dose-unusual', 'The dose is an unusual count; check it.');
    }
  }
  if (s.parts.some((p) => p.value === 0)) {
    flag(s, 'warning', 'dose', 'posology-dose-unusual', 'A dose of zero was read; check it.');
  }
  // "toutes les 33 mois": intervals come in usual counts too
  const f0 = s.freq;
  const intervals = f0 && f0.frequency === 1 ? USUAL_INTERVALS[f0.periodUnit] : undefined;
  if (f0 && intervals && !intervals.has(f0.period)) {
    flag(s, 'warning', 'timing', 'posology-interval-unusual', 'The interval is an unusual count; check it.');
  }
  const d = s.duration;
  const usual = d ? USUAL_DURATIONS[d.unit] : undefined;
  if (d && usual && !usual.has(d.value)) {
    flag(
      s,
      'warning',
      'duration',
      'posology-duration-unusual',
      'The duration is an unusual count; check it.',
    );
  }
  const f = s.freq;
  if (f && f.periodUnit === 'd' && f.frequency / f.period > MAX_DAILY_INTAKES) {
    flag(
      s,
      'warning',
      'timing',
      'posology-frequency-unusual',
      'The number of intakes a day is unusual; check it.',
    );
  }
}
