/**
 * @module A tiny phrase matcher over tokens. A rule pattern is a space-separated list of elements:
 *   `a|b|c`  one of these words        `a|b?`  optionally one of these words
 *   `#n`     a number                  `#f?`   optionally a fraction (½, 1/2, demi)
 *   `#u`     a dose unit (1–2 tokens)  `#u?`   optionally a dose unit
 *   `#t`     a time unit (j, semaines, mois, h…)
 *   `#p`     a period after "par" or "/" (jour, j, 24 h, semaine, mois) → {value, unit}
 *   `#s`     a compact slot notation (1-0-1)
 *   `#d`     a day of the week         `#c`    a free condition of 1–4 words ("crise d'asthme")
 *   `#x`     any one word (used after "ne pas")
 * Captures are returned in pattern order. At each position the longest matching rule wins (ties: first
 * declared); rules are indexed by their first word so a line costs a few dozen comparisons.
 */
import { DAY_WORDS, TIME_WORDS, UNIT_WORDS, type UnitKey } from './lexicon.js';
import type { Token } from './tokenize.js';

/** A captured value: number, unit, time unit, period, slots, day code or condition text. */
export type Capture =
  | { k: 'n'; v: number; frac: boolean; ocr: boolean }
  | { k: 'u'; v: UnitKey }
  | { k: 't'; v: TimeUnit }
  | { k: 'p'; v: number; unit: TimeUnit }
  | { k: 's'; v: number[] }
  | { k: 'd'; v: string }
  | { k: 'c'; v: string };

export type TimeUnit = 'h' | 'd' | 'wk' | 'mo' | 'a' | 'min';

export type Element =
  | { kind: 'words'; set: Set<string>; optional: boolean }
  | { kind: 'cap'; cap: 'n' | 'f' | 'u' | 't' | 'p' | 's' | 'd' | 'c' | 'x'; optional: boolean };

/** A compiled rule: its pattern and what it does with the captures. */
export interface Rule<S> {
  pattern: string;
  elements: Element[];
  apply: (state: S, caps: Capture[], text: string) => void;
}

/** Words that end a free condition ("si douleur, sans dépasser…"). */
const CONDITION_STOP = new Set(
  (
    ', et puis sans ne max maximum pendant pdt durant qsp pour le la les a au aux matin midi soir ' +
    'coucher toutes tous par x renouveler ar avec jusqu dans sur en si des'
  ).split(' '),
);

function compile(pattern: string): Element[] {
  return pattern.split(' ').map((raw): Element => {
    const optional = raw.endsWith('?');
    const body = optional ? raw.slice(0, -1) : raw;
    if (body.startsWith('#')) return { kind: 'cap', cap: body.slice(1) as 'n', optional };
    return { kind: 'words', set: new Set(body.split('|')), optional };
  });
}

/**
 * Declares a rule.
 * @param pattern - the element list (see module doc)
 * @param apply - what the rule does to the state
 */
export function rule<S>(pattern: string, apply: Rule<S>['apply']): Rule<S> {
  return { pattern, elements: compile(pattern), apply };
}

const PERIOD_WORDS: Record<string, [number, TimeUnit]> = {
  j: [1, 'd'],
  jr: [1, 'd'],
  jour: [1, 'd'],
  jours: [1, 'd'],
  journee: [1, 'd'],
  semaine: [1, 'wk'],
  semaines: [1, 'wk'],
  sem: [1, 'wk'],
  mois: [1, 'mo'],
  an: [1, 'a'],
  h: [1, 'h'],
  heure: [1, 'h'],
};

/** Matches one capture element at `i`; returns tokens consumed (0 = no match). */
function matchCap(cap: string, toks: Token[], i: number, out: Capture[]): number {
  const t = toks[i];
  if (!t) return 0;
  switch (cap) {
    case 'n':
      if (t.n === undefined) return 0;
      out.push({ k: 'n', v: t.n, frac: t.frac === true, ocr: t.ocr === true });
      return 1;
    case 'f':
      if (t.n === undefined || t.frac !== true) return 0;
      out.push({ k: 'n', v: t.n, frac: true, ocr: false });
      return 1;
    case 'u': {
      const u = UNIT_WORDS.get(t.w);
      if (!u) return 0;
      out.push({ k: 'u', v: u });
      // "sachet dose", "sachets doses", "seringue preremplie", "capsule molle"
      const nx = toks[i + 1]?.w;
      return nx === 'dose' || nx === 'doses' || nx === 'preremplie' || nx === 'prerempli' || nx === 'molle'
        ? 2
        : 1;
    }
    case 't': {
      const u = TIME_WORDS.get(t.w);
      if (!u) return 0;
      out.push({ k: 't', v: u });
      return 1;
    }
    case 'p': {
      if (t.n === 24 && (toks[i + 1]?.w === 'h' || toks[i + 1]?.w === 'heures')) {
        out.push({ k: 'p', v: 24, unit: 'h' });
        return 2;
      }
      if (t.n !== undefined && TIME_WORDS.has(toks[i + 1]?.w ?? '')) {
        out.push({ k: 'p', v: t.n, unit: TIME_WORDS.get(toks[i + 1]!.w)! });
        return 2;
      }
      const p = PERIOD_WORDS[t.w];
      if (!p) return 0;
      out.push({ k: 'p', v: p[0], unit: p[1] });
      return 1;
    }
    case 's':
      if (!t.slots) return 0;
      out.push({ k: 's', v: t.slots });
      return 1;
    case 'd': {
      const d = DAY_WORDS.get(t.w);
      if (!d) return 0;
      out.push({ k: 'd', v: d });
      return 1;
    }
    case 'x':
      if (t.n !== undefined || t.w === ',') return 0;
      out.push({ k: 'c', v: t.w });
      return 1;
    case 'c': {
      let j = i;
      while (j < toks.length && j - i < 4 && toks[j]!.n === undefined && !CONDITION_STOP.has(toks[j]!.w)) j++;
      // an elided article ("d'", "l'") may not end a condition
      while (j > i && toks[j - 1]!.w.endsWith("'")) j--;
      if (j === i) return 0;
      out.push({
        k: 'c',
        v: toks
          .slice(i, j)
          .map((x) => x.w)
          .join(' ')
          .replace(/' /g, "'"),
      });
      return j - i;
    }
    default:
      return 0;
  }
}

/** Scratch buffer for captures: most attempts fail early, so captures are copied only on success. */
const scratch: Capture[] = [];

function matchAt<S>(r: Rule<S>, toks: Token[], start: number): { len: number; caps: Capture[] } | null {
  scratch.length = 0;
  let i = start;
  for (const el of r.elements) {
    const used =
      el.kind === 'words' ? (toks[i] && el.set.has(toks[i]!.w) ? 1 : 0) : matchCap(el.cap, toks, i, scratch);
    if (used === 0 && !el.optional) return null;
    i += used;
  }
  return i > start ? { len: i - start, caps: scratch.slice() } : null;
}

/** Rules indexed by first word, plus those starting with a capture (grouped by the token kind they need). */
export interface RuleIndex<S> {
  byWord: Map<string, Rule<S>[]>;
  /** Rules whose first element is a number-like capture (#n, #f, #p). */
  byNumber: Rule<S>[];
  /** Rules starting with #u, #s, #d, #t, #c or #x: tried on word tokens. */
  byOther: Rule<S>[];
}

/**
 * Indexes rules for `matchLongest`.
 * @param rules - rules in priority order
 */
export function indexRules<S>(rules: Rule<S>[]): RuleIndex<S> {
  const byWord = new Map<string, Rule<S>[]>();
  const byNumber: Rule<S>[] = [];
  const byOther: Rule<S>[] = [];
  for (const r of rules) {
    const first = r.elements[0]!;
    if (first.kind === 'words' && !first.optional) {
      for (const w of first.set) byWord.set(w, [...(byWord.get(w) ?? []), r]);
    } else if (first.kind === 'cap' && !first.optional && (first.cap === 'n' || first.cap === 'f')) {
      byNumber.push(r);
    } else {
      byOther.push(r);
    }
  }
  return { byWord, byNumber, byOther };
}

type Match<S> = { rule: Rule<S>; len: number; caps: Capture[] };

function longestOf<S>(
  rules: Rule<S>[] | undefined,
  toks: Token[],
  start: number,
  best: Match<S> | null,
): Match<S> | null {
  if (!rules) return best;
  for (const r of rules) {
    const m = matchAt(r, toks, start);
    if (m && (!best || m.len > best.len)) best = { rule: r, len: m.len, caps: m.caps };
  }
  return best;
}

/**
 * The longest rule matching at `start`, or null.
 * @param index - indexed rules
 * @param toks - tokens
 * @param start - position
 */
export function matchLongest<S>(index: RuleIndex<S>, toks: Token[], start: number): Match<S> | null {
  const t = toks[start]!;
  let best = longestOf(index.byWord.get(t.w), toks, start, null);
  if (t.n !== undefined) best = longestOf(index.byNumber, toks, start, best);
  else if (t.w !== ',') best = longestOf(index.byOther, toks, start, best);
  return best;
}
