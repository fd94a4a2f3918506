/**
 * @module Dose forms: the form family of a BDPM form label (tablet, capsule, sachet…), and the
 * printed form abbreviations of prescriptions ("cp", "gél", "sol buv", "amp", "suppo"…) expanded to
 * BDPM form words so that a printed form can be checked against a specialty.
 */
import { skeleton } from './fold.js';

/** Form families, checked in order against the folded BDPM form (+ container) text. */
const FAMILIES: [string, RegExp][] = [
  ['patch', /dispositif transdermique|patch/],
  ['suppository', /suppositoire/],
  ['eye-drop', /collyre/],
  ['inhalation', /inhal|nebuli/],
  ['spray', /pulverisation|spray/],
  ['pen', /stylo/],
  ['syringe', /seringue/],
  ['injection', /injectable|perfusion/],
  ['sachet', /sachet/],
  ['ampoule', /ampoule/],
  ['lyophilisate', /lyophilisat/],
  ['tablet', /comprime|pastille/],
  ['capsule', /gelule|capsule/],
  ['drop', /gouttes|en goutte/],
  ['oral-liquid', /buvable|sirop/],
  ['granules', /granul|poudre orale/],
  ['cream', /creme|pommade|gel|emulsion|lotion|pate/],
  ['solution', /solution|suspension/],
];

/**
 * The family of a specialty's form, used for implicit units and form checks.
 * @param foldedForm - folded BDPM form label plus the denomination's form part
 */
export function formFamilyOf(foldedForm: string): string {
  for (const [family, re] of FAMILIES) if (re.test(foldedForm)) return family;
  return 'other';
}

/**
 * Abbreviation (skeleton) → BDPM words it stands for. Each printed form word must be found in the
 * specialty's form text. Values are folded words or word prefixes.
 */
const ABBREVIATIONS: Record<string, string[]> = {
  cp: ['comprime'],
  cpr: ['comprime'],
  cps: ['comprime'],
  comp: ['comprime'],
  comprime: ['comprime'],
  comprimes: ['comprime'],
  gel: ['gel'],
  gell: ['gelule'],
  gelule: ['gelule'],
  gelules: ['gelule'],
  caps: ['capsule'],
  capsule: ['capsule'],
  sach: ['sachet'],
  sachet: ['sachet'],
  sachets: ['sachet'],
  amp: ['ampoule'],
  ampoule: ['ampoule'],
  ampoules: ['ampoule'],
  sol: ['solution'],
  solution: ['solution'],
  susp: ['suspension'],
  suspension: ['suspension'],
  buv: ['buvable'],
  buvable: ['buvable'],
  inj: ['injectable'],
  injectable: ['injectable'],
  fl: ['flacon'],
  flacon: ['flacon'],
  suppo: ['suppositoire'],
  supp: ['suppositoire'],
  suppositoire: ['suppositoire'],
  pell: ['pellicule'],
  pellic: ['pellicule'],
  pellicule: ['pellicule'],
  sec: ['secable'],
  secable: ['secable'],
  disp: ['dispersible'],
  dispersible: ['dispersible'],
  orodisp: ['orodispersible'],
  orodispersible: ['orodispersible'],
  eff: ['effervescent'],
  efferv: ['effervescent'],
  effervescent: ['effervescent'],
  gastrores: ['gastro'],
  gastro: ['gastro'],
  enrobe: ['enrobe'],
  pdr: ['poudre'],
  poudre: ['poudre'],
  stylo: ['stylo'],
  prerempli: ['prerempli'],
  ser: ['seringue'],
  seringue: ['seringue'],
  coll: ['collyre'],
  collyre: ['collyre'],
  pom: ['pommade'],
  pommade: ['pommade'],
  creme: ['creme'],
  sirop: ['sirop'],
  gtt: ['goutte'],
  gouttes: ['goutte'],
  granules: ['granule'],
  lyoc: ['lyophilisat'],
  lyophilisat: ['lyophilisat'],
  patch: ['transdermique'],
  dispositif: ['dispositif'],
  transdermique: ['transdermique'],
  inhal: ['inhal'],
  spray: ['pulverisation'],
  emulsion: ['emulsion'],
  lotion: ['lotion'],
  oral: ['oral'],
  orale: ['oral'],
  nasal: ['nasal'],
  nasale: ['nasal'],
  perf: ['perfusion'],
  perfusion: ['perfusion'],
};

/** Words printed in forms that carry no meaning for matching. */
const FILLER = new Set(['en', 'pour', 'p', 'de', 'a', 'la', 'le', 'l', 'et']);

/**
 * Expands one printed form word (folded) to the BDPM word it stands for, or null if it is not a
 * form word. OCR skeletons are accepted ("cpr" read as "cpf" is not).
 * @param word - a folded word of the line
 */
export function expandFormWord(word: string): string[] | null {
  const exact = ABBREVIATIONS[word];
  if (exact !== undefined) return exact;
  const sk = skeleton(word);
  for (const [abbr, words] of Object.entries(ABBREVIATIONS)) {
    if (skeleton(abbr) === sk) return words;
  }
  return null;
}

/**
 * Tells whether a folded word is a filler inside a printed form ("comprimé à libération…").
 * @param word - a folded word
 */
export function isFormFiller(word: string): boolean {
  return FILLER.has(word);
}

/**
 * Whether a folded word is exactly a known form abbreviation or word ("cp", "gel", "sach"), not an
 * OCR-corrected one.
 * @param word - a folded word
 */
export function isKnownAbbreviation(word: string): boolean {
  return Object.hasOwn(ABBREVIATIONS, word) || FILLER.has(word);
}
