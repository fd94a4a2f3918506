/**
 * @module Strength reading: finds "1000 mg", "1 g/125 mg", "63 µg", "100 UI/ml", "5 %", "50 000 UI"
 * in a folded line (see `fold.ts`), tolerating OCR confusions in numbers (O/0, l/I/|/1) and units
 * ("m9", "rng" for mg; "ug", "jg", "Hg", "mcg" for µg; "Ul" for UI), and reduces each to a canonical key where
 * 1 g = 1000 mg = 1 000 000 µg and "250 mg/5 ml" = "50 mg/ml", so equal strengths compare equal.
 */

/** One quantity of a strength, in canonical units. */
export interface StrengthPart {
  value: number;
  /** mg, ui, %, mmol, meq, or '' when the unit was not printed ("DOLIPRANE 1000") */
  unit: string;
  /** Denominator unit for concentrations and rates: ml, g, dose, h; '' for none. */
  per: string;
  /**
   * For an amount in a stated volume ("4000 UI/0,4 ml"): the amount itself (4000 UI), which is how
   * the catalogue names a syringe or an ampoule whose name puts words between the two ("LOVENOX
   * 4 000 UI (40 mg)/0,4 ml", "INNOHEP 10 000 UI anti-Xa/0,5 ml").
   */
  whole?: StrengthPart;
}

/** A strength found in a line. */
export interface StrengthMatch {
  start: number;
  end: number;
  parts: StrengthPart[];
  /** Canonical key, e.g. "1000mg+125mg" (parts sorted), "100ui/ml". */
  key: string;
  /** For one amount in a stated volume, the key of the amount alone ("4000ui" for "4000 UI/0,4 ml"). */
  wholeKey?: string;
  /** Normalised display, e.g. "1000 mg/125 mg". */
  text: string;
}

const D = '[0-9oli|$]';
// a number; OCR may turn its digits into o/l/i/| ("1OOO"; "l g", "lO mg": letters only when a unit follows)
// and a 5 into "$" ("$ mg")
const NUM = `(?<![a-z0-9.,$])((?:[0-9]|[oli|]+[0-9])${D}*(?: [0-9]{3}(?![0-9]))*(?:[.,]${D}+)?|[li|][oli|]*(?= ?(?:mg|g|ml|ui)\\b)|\\$${D}*(?= ?(?:mg|g|ml|ui)\\b))`;
const UNIT =
  '(mg|m9|rng|rn9|mq|g|gr|grammes?|ug|u9|jg|hg|mcg|microg|microgrammes?|γ|ui|ul|u\\.i\\.?|u|unites?|ml|%|pour ?cent|mmol|meq|mui|m ui|millions? ui)';
const DENOM = `(?:\\s*(?:/|par(?= ?(?:ml|dose)))\\s*(${D}*[0-9]${D}*(?:[.,][0-9]+)?)?\\s*(ml|m1|m\\||mi|rnl|g|dose|doses|h|heures?|24 ?h|j)(?![a-z]))?`;
const PART = `${NUM}\\s*${UNIT}(?![a-z0-9])${DENOM}`;
const PART_RE = new RegExp(PART, 'g');
const BARE_RE = new RegExp(`${NUM}(?![a-z0-9%])`, 'g');
const BARE_BEFORE_SLASH_RE = new RegExp(`${NUM}\\s*/\\s*$`);
const LEADING_UNIT_RE = new RegExp(`^${NUM}\\s*${UNIT}`);

function toNumber(raw: string): number {
  const digits = raw
    .replace(/o/g, '0')
    .replace(/[li|]/g, '1')
    .replace(/\$/g, '5')
    .replace(/ /g, '')
    .replace(',', '.');
  return Number(digits);
}

function canonicalUnit(unit: string, value: number): { unit: string; value: number } {
  if (/^(mg|m9|rng|rn9|mq)$/.test(unit)) return { unit: 'mg', value };
  if (/^(g|gr|grammes?)$/.test(unit)) return { unit: 'mg', value: value * 1000 };
  if (/^(ug|u9|jg|hg|mcg|microg|microgrammes?|γ)$/.test(unit)) return { unit: 'mg', value: value / 1000 };
  if (/^(ui|ul|u\.i\.?|u|unites?)$/.test(unit)) return { unit: 'ui', value };
  if (/^(mui|m ui|millions? ui)$/.test(unit)) return { unit: 'ui', value: value * 1e6 };
  if (/^(%|pour ?cent)$/.test(unit)) return { unit: '%', value };
  return { unit, value };
}

const round = (v: number): number => Number(v.toPrecision(6));

function partKey(p: StrengthPart): string {
  return `${round(p.value)}${p.unit}${p.per === '' ? '' : `/${p.per}`}`;
}

function partText(p: StrengthPart): string {
  const unit = p.unit === 'mg' && p.value < 1 ? 'µg' : p.unit === 'ui' ? 'UI' : p.unit;
  const value = unit === 'µg' ? round(p.value * 1000) : round(p.value);
  return `${value}${unit === '%' ? ' %' : unit === '' ? '' : ` ${unit}`}${p.per === '' ? '' : `/${p.per}`}`;
}

function readPart(m: RegExpExecArray): StrengthPart {
  const { unit, value } = canonicalUnit(m[2] ?? '', toNumber(m[1] ?? '0'));
  const denomUnit = m[4];
  if (denomUnit === undefined) return { value, unit, per: '' };
  const per = /^(ml|m1|m\||mi|rnl)$/.test(denomUnit)
    ? 'ml'
    : /^(h|heures?)$/.test(denomUnit)
      ? 'h'
      : /^24/.test(denomUnit)
        ? '24h'
        : denomUnit.replace(/s$/, '');
  const denom = m[3] === undefined ? 1 : toNumber(m[3]);
  const part: StrengthPart = { value: denom > 0 ? value / denom : value, unit, per };
  if (per === 'ml' && denom > 0 && denom !== 1) part.whole = { value, unit, per: '' };
  return part;
}

function makeMatch(start: number, end: number, parts: StrengthPart[]): StrengthMatch {
  const match: StrengthMatch = {
    start,
    end,
    parts,
    key: parts.map(partKey).sort().join('+'),
    text: parts.map(partText).join('/'),
  };
  const whole = parts.length === 1 ? parts[0]?.whole : undefined;
  if (whole !== undefined) match.wholeKey = partKey(whole);
  return match;
}

/**
 * Finds the strengths of a folded line, combining "875 mg/125 mg", "37.5/325 mg" and
 * "20 mg + 12,5 mg" into one strength each.
 * @param folded - output of `foldText`
 * @param from - offset to start searching at
 */
export function findStrengths(folded: string, from = 0): StrengthMatch[] {
  const key = `${from}|${folded}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  if (memo.size > 20_000) memo.clear();
  const found = findStrengthsUncached(folded, from);
  memo.set(key, found);
  return found;
}

/** Results are shared: callers must not mutate them. Bounded, cleared when full. */
const memo = new Map<string, StrengthMatch[]>();

function findStrengthsUncached(folded: string, from: number): StrengthMatch[] {
  const raw: { start: number; end: number; part: StrengthPart }[] = [];
  if (!/[0-9$]|(?<![a-z])[li|]+ ?(?:mg|g|ml|ui)\b/.test(from === 0 ? folded : folded.slice(from))) return [];
  PART_RE.lastIndex = from;
  for (let m = PART_RE.exec(folded); m !== null; m = PART_RE.exec(folded)) {
    raw.push({ start: m.index, end: m.index + m[0].length, part: readPart(m) });
  }
  const out: StrengthMatch[] = [];
  for (let i = 0; i < raw.length; i++) {
    const first = raw[i];
    if (first === undefined) continue;
    const group = [first];
    // "37.5/325 mg": a bare number right before "/" takes the unit of what follows
    const before = folded.slice(Math.max(from, first.start - 14), first.start);
    const bare = BARE_BEFORE_SLASH_RE.exec(before);
    let start = first.start;
    const parts = [first.part];
    if (bare !== null && bare[1] !== undefined) {
      parts.unshift({ ...first.part, value: canonicalUnit(unitOf(folded, first), toNumber(bare[1])).value });
      start -= before.length - bare.index;
    }
    let next = raw[i + 1];
    while (
      next !== undefined &&
      /^\s*(\/|\+|et)\s*$/.test(folded.slice(group[group.length - 1]!.end, next.start))
    ) {
      group.push(next);
      parts.push(next.part);
      i++;
      next = raw[i + 1];
    }
    out.push(makeMatch(start, group[group.length - 1]!.end, parts));
  }
  return out;
}

function unitOf(folded: string, r: { start: number; end: number }): string {
  const m = LEADING_UNIT_RE.exec(folded.slice(r.start, r.end));
  return m?.[2] ?? '';
}

/**
 * Finds a bare number (no unit) such as "DOLIPRANE 1000" at or after an offset.
 * @param folded - output of `foldText`
 * @param from - offset to start searching at
 */
export function findBareNumber(
  folded: string,
  from: number,
): { start: number; end: number; value: number } | null {
  BARE_RE.lastIndex = from;
  const m = BARE_RE.exec(folded);
  if (m === null || m[1] === undefined) return null;
  return { start: m.index, end: m.index + m[0].length, value: toNumber(m[1]) };
}

/**
 * The canonical key of a strength string such as "1 g/125 mg", or null when it has none.
 * @param folded - folded strength text
 */
export function strengthKeyOf(folded: string): string | null {
  return findStrengths(folded)[0]?.key ?? null;
}
