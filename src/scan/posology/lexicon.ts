/**
 * @module Posology vocabulary: dose units, routes and number words as data, with the FHIR codes they map to.
 * Derived from the project's posology lexicon (shared/data/posology_lexicon_fr, CC0, authored for Ordoscan);
 * EDQM codes checked against the EDQM Standard Terms table (UOP and ROA classes), UCUM codes against UCUM.
 * Surface forms are lower-case and accent-free: they are compared to normalised tokens.
 */

/** Canonical dose-unit families the engine produces (the units of presentation plus UCUM quantities). */
export type UnitKey =
  | 'tablet'
  | 'capsule'
  | 'sachet'
  | 'drop'
  | 'puff'
  | 'injection'
  | 'application'
  | 'ampoule'
  | 'suppository'
  | 'patch'
  | 'pessary'
  | 'pipette'
  | 'pastille'
  | 'spoonful'
  | 'mg'
  | 'g'
  | 'ug'
  | 'ml'
  | 'iu'
  | 'doseWeight'
  | 'mgPerKg'
  | 'gPerKg'
  | 'ugPerKg'
  | 'mlPerKg'
  | 'iuPerKg';

/** How a unit is written in FHIR: `system` + `code`, and a readable French name. */
export interface UnitCoding {
  system: string;
  code: string;
  display: string;
}

export const EDQM = 'http://standardterms.edqm.eu';
export const UCUM = 'http://unitsofmeasure.org';

/**
 * FHIR coding of each unit. Units of presentation use EDQM UOP codes; "application" and "injection" have no
 * EDQM unit of presentation, so they use UCUM annotations (`{Appln}` as in the Interop'Santé FR IG).
 */
export const UNIT_CODINGS: Record<UnitKey, UnitCoding> = {
  tablet: { system: EDQM, code: '15054000', display: 'comprimé' },
  capsule: { system: EDQM, code: '15012000', display: 'gélule' },
  sachet: { system: EDQM, code: '15045000', display: 'sachet' },
  drop: { system: EDQM, code: '15022000', display: 'goutte' },
  puff: { system: EDQM, code: '15001000', display: 'bouffée' },
  ampoule: { system: EDQM, code: '15002000', display: 'ampoule' },
  suppository: { system: EDQM, code: '15051000', display: 'suppositoire' },
  patch: { system: EDQM, code: '15036000', display: 'patch' },
  pessary: { system: EDQM, code: '15039000', display: 'ovule' },
  pipette: { system: EDQM, code: '15041000', display: 'pipette' },
  pastille: { system: EDQM, code: '15035000', display: 'pastille' },
  spoonful: { system: EDQM, code: '15047000', display: 'cuillère-mesure' },
  injection: { system: UCUM, code: '{injection}', display: 'injection' },
  application: { system: UCUM, code: '{Appln}', display: 'application' },
  mg: { system: UCUM, code: 'mg', display: 'mg' },
  g: { system: UCUM, code: 'g', display: 'g' },
  ug: { system: UCUM, code: 'ug', display: 'µg' },
  ml: { system: UCUM, code: 'mL', display: 'mL' },
  iu: { system: UCUM, code: '[iU]', display: 'UI' },
  doseWeight: { system: UCUM, code: '{dose_kg}', display: 'dose-poids' },
  // Weight-based doses ("50 mg/kg/j"): the amount per kilogram of body weight, as prescribed.
  mgPerKg: { system: UCUM, code: 'mg/kg', display: 'mg/kg' },
  gPerKg: { system: UCUM, code: 'g/kg', display: 'g/kg' },
  ugPerKg: { system: UCUM, code: 'ug/kg', display: 'µg/kg' },
  mlPerKg: { system: UCUM, code: 'mL/kg', display: 'mL/kg' },
  iuPerKg: { system: UCUM, code: '[iU]/kg', display: 'UI/kg' },
};

/** Weight-based units: a dose per kilogram of body weight (kept as one word by the tokenizer). */
export const PER_KG_UNITS: ReadonlySet<UnitKey> = new Set([
  'mgPerKg',
  'gPerKg',
  'ugPerKg',
  'mlPerKg',
  'iuPerKg',
]);

function table<K extends string>(rows: [K, string][]): Map<string, K> {
  const m = new Map<string, K>();
  for (const [key, forms] of rows) for (const f of forms.split('|')) m.set(f, key);
  return m;
}

/** Dose-unit words as written on prescriptions (singular, plural, abbreviations, common OCR slips). */
export const UNIT_WORDS: Map<string, UnitKey> = table<UnitKey>([
  ['tablet', 'cp|cps|cpr|cprs|cpe|comp|comprime|comprimes|cprime|comprlme|cornprime|cornprimes|comprimer'],
  ['capsule', 'gel|gels|gelule|gelules|gelul|caps|capsule|capsules|gellule|gelulle'],
  ['sachet', 'sachet|sachets|sach|sachets-doses|sachet-dose'],
  ['drop', 'goutte|gouttes|gtt|gtte|gttes|gte|gtes'],
  [
    'puff',
    'bouffee|bouffees|inhalation|inhalations|pulverisation|pulverisations|puff|puffs|pression|pressions|bouf',
  ],
  ['injection', 'injection|injections|inj|seringue|seringues|stylo|stylos'],
  ['application', 'application|applications|appl|applic'],
  ['ampoule', 'ampoule|ampoules|amp'],
  ['suppository', 'suppositoire|suppositoires|suppo|suppos'],
  ['patch', 'patch|patchs|patches'],
  ['pessary', 'ovule|ovules'],
  ['pipette', 'pipette|pipettes|unidose|unidoses'],
  ['pastille', 'pastille|pastilles'],
  ['spoonful', 'dosette|dosettes'],
  ['mg', 'mg|milligramme|milligrammes|mgr'],
  ['g', 'g|gr|gramme|grammes'],
  ['ug', 'ug|mcg|microgramme|microgrammes|gamma|gammas'],
  ['ml', 'ml|millilitre|millilitres|cc|cm3'],
  ['iu', 'ui|u|unite|unites|iu'],
  ['mgPerKg', 'mg/kg|mgr/kg'],
  ['gPerKg', 'g/kg|gr/kg'],
  ['ugPerKg', 'ug/kg|mcg/kg|gamma/kg'],
  ['mlPerKg', 'ml/kg'],
  ['iuPerKg', 'ui/kg|u/kg|iu/kg'],
]);

/** Routes the engine codes (EDQM "route of administration" class). */
export type RouteKey =
  | 'oral'
  | 'subcutaneous'
  | 'intramuscular'
  | 'intravenous'
  | 'inhalation'
  | 'cutaneous'
  | 'transdermal'
  | 'sublingual'
  | 'rectal'
  | 'vaginal'
  | 'nasal'
  | 'ocular';

/** EDQM route codes with their English display (verified in the EDQM Standard Terms table). */
export const ROUTE_CODINGS: Record<RouteKey, UnitCoding> = {
  oral: { system: EDQM, code: '20053000', display: 'Oral use' },
  subcutaneous: { system: EDQM, code: '20066000', display: 'Subcutaneous use' },
  intramuscular: { system: EDQM, code: '20035000', display: 'Intramuscular use' },
  intravenous: { system: EDQM, code: '20045000', display: 'Intravenous use' },
  inhalation: { system: EDQM, code: '20020000', display: 'Inhalation use' },
  cutaneous: { system: EDQM, code: '20003000', display: 'Cutaneous use' },
  transdermal: { system: EDQM, code: '20070000', display: 'Transdermal use' },
  sublingual: { system: EDQM, code: '20067000', display: 'Sublingual use' },
  rectal: { system: EDQM, code: '20061000', display: 'Rectal use' },
  vaginal: { system: EDQM, code: '20072000', display: 'Vaginal use' },
  nasal: { system: EDQM, code: '20049000', display: 'Nasal use' },
  ocular: { system: EDQM, code: '20051000', display: 'Ocular use' },
};

/** Numbers written as words (accent-free). "un"/"une" are numbers here: rules decide where they are articles. */
export const NUMBER_WORDS: Map<string, number> = new Map([
  ['un', 1],
  ['une', 1],
  ['deux', 2],
  ['trois', 3],
  ['quatre', 4],
  ['cinq', 5],
  ['six', 6],
  ['sept', 7],
  ['huit', 8],
  ['neuf', 9],
  ['dix', 10],
  ['onze', 11],
  ['douze', 12],
  ['quinze', 15],
  ['vingt', 20],
  ['trente', 30],
  ['demi', 0.5],
  ['demie', 0.5],
  ['quart', 0.25],
]);

/** Time units for durations and intervals → UCUM code. */
export const TIME_WORDS: Map<string, 'h' | 'd' | 'wk' | 'mo' | 'a' | 'min'> = new Map([
  ['h', 'h'],
  ['heure', 'h'],
  ['heures', 'h'],
  ['hr', 'h'],
  ['j', 'd'],
  ['jr', 'd'],
  ['jrs', 'd'],
  ['jour', 'd'],
  ['jours', 'd'],
  ['semaine', 'wk'],
  ['semaines', 'wk'],
  ['sem', 'wk'],
  ['mois', 'mo'],
  ['an', 'a'],
  ['ans', 'a'],
  ['annee', 'a'],
  ['annees', 'a'],
  ['min', 'min'],
  ['mn', 'min'],
  ['minute', 'min'],
  ['minutes', 'min'],
]);

/** Days of the week → FHIR `days-of-week` codes. */
export const DAY_WORDS: Map<string, string> = new Map([
  ['lundi', 'mon'],
  ['mardi', 'tue'],
  ['mercredi', 'wed'],
  ['jeudi', 'thu'],
  ['vendredi', 'fri'],
  ['samedi', 'sat'],
  ['dimanche', 'sun'],
  ['lundis', 'mon'],
  ['mardis', 'tue'],
  ['mercredis', 'wed'],
  ['jeudis', 'thu'],
  ['vendredis', 'fri'],
  ['samedis', 'sat'],
  ['dimanches', 'sun'],
]);
