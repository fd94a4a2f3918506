/**
 * @module The implicit dose unit of a dosage ("1-0-1", "1 matin et 1 soir"): taken from the recognised drug's
 * form family, else from the form printed in the drug text ("cp", "gél", "sachet", "sol inj"…). Oral liquids
 * give no unit: a bare number there could be mL, a spoon or a pipette, so the engine must not guess.
 */
import type { PosologyContext } from '../types.js';
import type { UnitKey } from './lexicon.js';
import { normalizeText } from './tokenize.js';

const FAMILY_UNITS: Record<string, UnitKey> = {
  tablet: 'tablet',
  capsule: 'capsule',
  sachet: 'sachet',
  drop: 'drop',
  drops: 'drop',
  puff: 'puff',
  inhaled: 'puff',
  injection: 'injection',
  injectable: 'injection',
  application: 'application',
  cutaneous: 'application',
  suppository: 'suppository',
  patch: 'patch',
  ampoule: 'ampoule',
  pessary: 'pessary',
};

/** Printed drug forms, most specific first (normalised, accent-free text). */
const DRUG_FORMS: [RegExp, UnitKey | null][] = [
  [
    /\b(sol|solution|susp|suspension) (p |pour )?inj|\binjectable\b|\bseringue|\bstylo\b|\binj\b|\bcartouche/,
    'injection',
  ],
  [
    /inhal|aerosol|turbuhaler|diskus|\/ dose\b|\bbouffee|nebuli|spiromax|easyhaler|respimat|breezhaler|ellipta/,
    'puff',
  ],
  [/gouttes?\b|\bcollyre|\bgtt/, 'drop'],
  [/\bsuppo/, 'suppository'],
  [/\bpatch|transdermique/, 'patch'],
  [/\bovule/, 'pessary'],
  [/\bampoule/, 'ampoule'],
  [
    /\bcreme\b|\bpommade\b|\blotion\b|\bemulsion\b|\bcutane|\bgel\b.*%|%.*\bgel\b|\bgel (cutane|dermique|topique)/,
    'application',
  ],
  [/\bsach(et)?s?\b/, 'sachet'],
  [/\b(sol|solution|susp|suspension|sirop|sir)\b|\bbuv(able)?\b|\/ ml\b/, null],
  [/\b(cp|cpr|cprs|cpe|comp|comprimes?|lyoc)\b/, 'tablet'],
  [/\b(gel|gelules?|caps|capsules?)\b/, 'capsule'],
];

/**
 * The unit a bare dose refers to, or undefined when the context does not say.
 * @param context - drug text and/or form family
 */
export function contextUnit(context: PosologyContext | undefined): UnitKey | undefined {
  if (!context) return undefined;
  if (context.formFamily) {
    const u = FAMILY_UNITS[context.formFamily.toLowerCase()];
    if (u) return u;
  }
  if (!context.drug) return undefined;
  const known = cache.get(context.drug);
  if (known !== undefined) return known ?? undefined;
  const d = normalizeText(context.drug).text;
  let found: UnitKey | null = null;
  for (const [re, unit] of DRUG_FORMS) {
    if (re.test(d)) {
      found = unit;
      break;
    }
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(context.drug, found);
  return found ?? undefined;
}

/** Drug texts repeat across lines and documents: a small bounded memo (no I/O, no growth). */
const CACHE_MAX = 2000;
const cache = new Map<string, UnitKey | null>();
