/**
 * @module What the rules learn about one step of a dosage ("…puis…" separates steps) before it becomes FHIR:
 * dose parts with their time slots (several parts = concurrent doses, "1 matin et 2 le soir"), frequency,
 * meal relation, duration, as-needed condition, maximum dose, route, renewals, instructions — and every
 * doubt, as issues. Pure data plus small mutators used by the rules.
 */
import type { Issue } from '../types.js';
import { PER_KG_UNITS, type RouteKey, type UnitKey } from './lexicon.js';
import type { TimeUnit } from './matcher.js';

/** FHIR EventTiming codes the engine produces. */
export type When =
  | 'MORN'
  | 'NOON'
  | 'AFT'
  | 'EVE'
  | 'NIGHT'
  | 'HS'
  | 'WAKE'
  | 'C'
  | 'CM'
  | 'CD'
  | 'CV'
  | 'AC'
  | 'ACM'
  | 'ACD'
  | 'ACV'
  | 'PC'
  | 'PCM'
  | 'PCD'
  | 'PCV';

/** One dose and the slots it is taken at. */
export interface DosePart {
  value?: number;
  /** Upper bound when the dose is a range ("1 à 2 cp"). */
  high?: number;
  unit?: UnitKey;
  slots: When[];
  /** The slot was printed before the dose ("le matin 1 cp, le soir 2 cp"). */
  slotFirst: boolean;
}

export interface Frequency {
  frequency: number;
  period: number;
  periodUnit: TimeUnit;
  periodMax?: number;
}

export interface SegmentState {
  parts: DosePart[];
  /** Unit printed without a number ("cp : 1-0-1", "1-0-1 comprimé"). */
  labelUnit?: UnitKey;
  freq?: Frequency;
  mealRel?: 'C' | 'AC' | 'PC';
  fasting: boolean;
  duration?: { value: number; unit: TimeUnit; high?: number };
  longTerm: boolean;
  /** "le premier jour", "les 3 premiers jours": the dose is taken on those first days only. */
  firstDays?: boolean;
  asNeeded?: { text: string | null };
  max?: { value: number; unit?: UnitKey | 'intake'; per: { value: number; unit: TimeUnit } | null };
  route?: RouteKey;
  renewals?: number | null;
  /** "en 2 prises": the stated amount is per day, to split into n intakes. */
  splitInto?: number;
  /** "en prise unique", "dose unique": one intake in all (with a frequency: one intake per period). */
  singleDose: boolean;
  offsetMin?: number;
  dayOfWeek: string[];
  timeOfDay: string[];
  instructions: string[];
  issues: Issue[];
  /** Words no rule understood. */
  unknown: string[];
  /** Tokens understood (for the coverage score). */
  understood: number;
  /** Tokens understood by rules other than a bare number, without OCR repair: evidence of a dosage. */
  strong: number;
  /** "appliquer…": a topical verb that implies one application when no dose is printed. */
  applyVerb?: boolean;
  /** "…puis arrêt": the step ends the treatment. */
  stop?: boolean;
  /** An OCR repair was needed to read a number. */
  ocr: boolean;
}

/** A fresh, empty state. */
export function newSegment(): SegmentState {
  return {
    parts: [],
    fasting: false,
    longTerm: false,
    singleDose: false,
    dayOfWeek: [],
    timeOfDay: [],
    instructions: [],
    issues: [],
    unknown: [],
    understood: 0,
    strong: 0,
    ocr: false,
  };
}

/**
 * Records one issue on the step.
 * @param s - the step
 * @param severity - error (low), warning (medium) or information
 * @param field - the field concerned
 * @param code - machine reason
 * @param message - English, no patient data
 */
export function flag(
  s: SegmentState,
  severity: Issue['severity'],
  field: string,
  code: string,
  message: string,
): void {
  if (!s.issues.some((i) => i.code === code && i.message === message)) {
    s.issues.push({ severity, code, message, field });
  }
}

/**
 * Adds a dose: starts a new concurrent part when the current one already has a dose and its slots.
 * @param s - the step
 * @param value - dose per intake
 * @param unit - its unit when printed
 */
export function addDose(s: SegmentState, value: number, unit?: UnitKey, high?: number): void {
  if (unit !== undefined && PER_KG_UNITS.has(unit)) {
    flag(s, 'information', 'dose', 'posology-weight-based', 'The dose is per kilogram of body weight.');
  }
  const cur = s.parts[s.parts.length - 1];
  if (cur && cur.value === undefined) {
    cur.value = value;
    cur.high = high;
    cur.unit = unit;
    return;
  }
  if (cur && cur.slots.length === 0 && !cur.slotFirst) {
    flag(s, 'error', 'dose', 'posology-dose-conflict', 'Two doses are given for the same intake.');
  }
  s.parts.push({ value, high, unit, slots: [], slotFirst: false });
}

/**
 * Adds time slots to the current dose (or opens a part waiting for its dose).
 * @param s - the step
 * @param slots - EventTiming codes
 */
export function addSlots(s: SegmentState, slots: When[]): void {
  const cur = s.parts[s.parts.length - 1];
  if (!cur) {
    s.parts.push({ slots: [...slots], slotFirst: true });
    return;
  }
  if (cur.slotFirst && cur.value !== undefined && cur.slots.length > 0) {
    s.parts.push({ slots: [...slots], slotFirst: true });
    return;
  }
  for (const w of slots) if (!cur.slots.includes(w)) cur.slots.push(w);
}

/**
 * Sets the frequency, flagging a contradiction with one already read.
 * @param s - the step
 * @param f - the frequency read
 */
export function setFrequency(s: SegmentState, f: Frequency): void {
  if (s.freq) {
    const same =
      s.freq.frequency * (f.period * hoursOf(f.periodUnit)) ===
      f.frequency * (s.freq.period * hoursOf(s.freq.periodUnit));
    if (!same) flag(s, 'error', 'timing', 'posology-timing-conflict', 'Two different frequencies are given.');
    return;
  }
  s.freq = f;
}

/** Hours in one time unit (for comparing frequencies). */
export function hoursOf(u: TimeUnit): number {
  switch (u) {
    case 'min':
      return 1 / 60;
    case 'h':
      return 1;
    case 'd':
      return 24;
    case 'wk':
      return 168;
    case 'mo':
      return 720;
    case 'a':
      return 8760;
  }
}
