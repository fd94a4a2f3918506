/**
 * @module parsePosology: French dosage text → FHIR R4 Dosage steps with a reliability the clinician can trust.
 * The text is cut into sequential steps on "puis"/"ensuite", each step is read by the phrase rules, then built
 * into Dosage. `high` reliability means every word was understood and the result is complete and consistent;
 * anything else is `medium` or `low` with issues naming the field. What cannot be structured stays in
 * `Dosage.text`.
 */
import type { Dosage, Issue, PosologyContext, PosologyResult, Reliability } from '../types.js';
import { buildDosages } from './build-dosage.js';
import { contextUnit } from './context-unit.js';
import type { RouteKey, UnitKey } from './lexicon.js';
import { matchLongest } from './matcher.js';
import { checkPlausibility } from './plausibility.js';
import { repairShortWord, repairWord } from './ocr-repair.js';
import { FILLERS, KNOWN_WORDS, RULE_WORDS, RULES } from './rules.js';
import { newSegment, type SegmentState } from './segment-state.js';
import { tokenize } from './tokenize.js';

const STEP_SPLIT = /\s*[,;–-]?\s*\b(?:puis|ensuite)\b\s*/i;

/**
 * The dosage word an unknown word is one OCR slip from ("moss" → mois, "verte" → verre), never a
 * word the rules know. Applied before the rules run, so a phrase with a garbled word still matches.
 */
function repairUnknown(word: string, prev: string | undefined): string | undefined {
  if (KNOWN_WORDS.has(word) || FILLERS.has(word)) return undefined;
  // words repeat across lines: a bounded memo (the short-word repair depends on the word before)
  const key = word.length >= 5 ? word : `${prev ?? ''} ${word}`;
  const known = REPAIRS.get(key);
  if (known !== undefined) return known ?? undefined;
  const fixed = word.length >= 5 ? repairWord(word, RULE_WORDS) : repairShortWord(word, prev);
  if (REPAIRS.size >= 5000) REPAIRS.clear();
  REPAIRS.set(key, fixed ?? null);
  return fixed;
}

const REPAIRS = new Map<string, string | null>();

const WORDS = { known: (w: string) => KNOWN_WORDS.has(w) || FILLERS.has(w), repair: repairUnknown };

/**
 * Reads one step with the phrase rules. Words repaired from OCR slips count only when the step has other,
 * unrepaired evidence of being a dosage (so "Dr Martin" never becomes "matin").
 * @param text - the step text
 */
export function readSegment(text: string): SegmentState {
  const s = newSegment();
  const { tokens, ocr } = tokenize(text, WORDS);
  s.ocr = ocr;
  // short words repaired while tokenising ("moss" → mois) count as repairs too
  let repaired = tokens.filter((t) => t.repaired).length;
  let i = 0;
  while (i < tokens.length) {
    const m = matchLongest(RULES, tokens, i);
    if (m) {
      const span = tokens.slice(i, i + m.len);
      m.rule.apply(s, m.caps, span.map((t) => t.w).join(' '));
      s.understood += m.len;
      if (m.rule.pattern !== '#n' && !span.some((t) => t.repaired)) s.strong += m.len;
      i += m.len;
      continue;
    }
    const w = tokens[i]!.w;
    const fixed =
      FILLERS.has(w) || tokens[i]!.repaired || w.length < 5 ? undefined : repairUnknown(w, undefined);
    if (fixed) {
      tokens[i] = { w: fixed, ocr: true, repaired: true };
      repaired++;
      continue;
    }
    if (!FILLERS.has(w)) s.unknown.push(w);
    i++;
  }
  if (repaired > 0 && s.strong === 0) {
    const raw = newSegment();
    raw.unknown = tokenize(text).tokens.flatMap((t) => (FILLERS.has(t.w) ? [] : [t.w]));
    return raw;
  }
  if (repaired > 0) s.ocr = true;
  checkPlausibility(s, tokens);
  return s;
}

function hasContent(s: SegmentState): boolean {
  return (
    s.parts.length > 0 ||
    s.freq !== undefined ||
    s.asNeeded !== undefined ||
    s.mealRel !== undefined ||
    s.fasting ||
    s.dayOfWeek.length > 0 ||
    s.timeOfDay.length > 0
  );
}

const LETTERS: Record<string, string> = { a: 'aàâä', e: 'eéèêë', i: 'iîï', o: 'oôö', u: 'uùûü', c: 'cç' };
const PHRASE_RE = new Map<string, RegExp>();

/** Accent-insensitive search of a normalised phrase in the printed text, to quote it as printed. */
function printed(original: string, phrase: string): string {
  let re = PHRASE_RE.get(phrase);
  if (!re) {
    const src = phrase
      .split('')
      .map((ch) => {
        if (ch === ' ') return "[\\s'’-]*";
        if (ch === "'") return "['’]?";
        if (ch === '.') return '[.,]';
        const v = LETTERS[ch];
        return v ? `[${v}]` : ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      })
      .join('');
    re = new RegExp(src, 'i');
    if (PHRASE_RE.size >= 2000) PHRASE_RE.clear();
    PHRASE_RE.set(phrase, re);
  }
  const m = re.exec(original);
  return m ? m[0] : phrase;
}

function reliabilityOf(
  issues: Issue[],
  unknownRatio: number,
): { reliability: Reliability; confidence: number } {
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.filter((i) => i.severity === 'warning').length;
  const confidence = Math.max(0, Math.min(1, 1 - 0.4 * errors - 0.15 * warnings - 0.5 * unknownRatio));
  const reliability: Reliability =
    errors > 0 || unknownRatio > 0.34 ? 'low' : warnings > 0 ? 'medium' : 'high';
  return { reliability, confidence: Math.round(confidence * 100) / 100 };
}

/**
 * Structures a French dosage ("1 cp matin et soir pendant 7 jours") into FHIR R4 Dosage steps.
 * @param text - the dosage as printed (may be OCR'd)
 * @param context - the drug as printed and/or its form family, for implicit units and route checks
 */
export function parsePosology(text: string, context: PosologyContext = {}): PosologyResult {
  const trimmed = text.trim();
  if (trimmed === '') {
    return {
      dosages: [],
      reliability: 'low',
      confidence: 0,
      renewals: null,
      issues: [
        { severity: 'error', code: 'posology-empty', message: 'The dosage text is empty.', field: 'text' },
      ],
    };
  }
  const unitFromContext = contextUnit(context);
  const pieces = trimmed.split(STEP_SPLIT).map((p) => p.replace(/^[\s,;:–-]+|[\s,;:–-]+$/g, ''));
  const dosages: Dosage[] = [];
  const issues: Issue[] = [];
  const unknown: string[] = [];
  let renewals: number | null = null;
  let inheritedUnit: UnitKey | undefined;
  let prevDose: number | undefined;
  let inheritedRoute: RouteKey | undefined;
  let understood = 0;
  let sequence = 0;
  for (const piece of pieces) {
    if (piece === '') continue;
    const s = readSegment(piece);
    unknown.push(...s.unknown);
    understood += s.understood;
    if (s.renewals !== undefined) renewals = s.renewals;
    if (!hasContent(s)) {
      if (s.understood === 0 || s.unknown.length > 0) {
        issues.push({
          severity: 'error',
          code: 'posology-unparsed',
          message: 'A part of the dosage could not be read.',
          field: 'text',
        });
        dosages.push({ sequence: ++sequence, text: piece });
      }
      continue;
    }
    if (s.asNeeded?.text) s.asNeeded.text = printed(piece, s.asNeeded.text);
    s.instructions = s.instructions.map((t) => printed(piece, t));
    if (s.ocr) {
      s.issues.push({
        severity: 'warning',
        code: 'posology-ocr-repair',
        message: 'A word or number was read through a likely OCR confusion.',
        field: 'text',
      });
    }
    // "… puis 2 fois par jour": a later step without a dose keeps the previous step's dose, flagged
    if (prevDose !== undefined && !s.applyVerb && s.parts.every((p) => p.value === undefined)) {
      if (s.parts.length === 0) s.parts.push({ slots: [], slotFirst: false });
      for (const p of s.parts) p.value = prevDose;
      s.issues.push({
        severity: 'warning',
        code: 'posology-dose-inherited',
        message: 'This step prints no dose; the dose of the previous step is assumed.',
        field: 'dose',
      });
    }
    const built = buildDosages(s, ++sequence, piece, {
      inheritedUnit,
      inheritedRoute,
      contextUnit: unitFromContext,
      routes: context.routes,
    });
    inheritedUnit = s.parts.find((p) => p.unit)?.unit ?? s.labelUnit ?? inheritedUnit;
    inheritedRoute = s.route ?? inheritedRoute;
    const doses = new Set(s.parts.map((p) => p.value));
    prevDose = doses.size === 1 ? [...doses][0] : undefined;
    dosages.push(...built);
    for (const i of s.issues) {
      if (!issues.some((x) => x.code === i.code && x.message === i.message)) issues.push(i);
    }
  }
  if (unknown.length > 0) {
    const words = [...new Set(unknown)];
    issues.push({
      severity: 'warning',
      code: 'posology-unknown-words',
      message: `Words not understood: ${words.join(', ')}.`,
      field: 'text',
      details: words,
    });
  }
  if (dosages.length === 0) {
    dosages.push({ sequence: 1, text: trimmed });
    if (!issues.some((i) => i.code === 'posology-unparsed')) {
      issues.push({
        severity: 'error',
        code: 'posology-unparsed',
        message: 'No dosage could be read.',
        field: 'text',
      });
    }
  }
  const ratio = unknown.length / Math.max(1, unknown.length + understood);
  return { dosages, renewals, issues, ...reliabilityOf(issues, ratio) };
}
