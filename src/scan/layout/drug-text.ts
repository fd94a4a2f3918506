/**
 * @module Where the drug ends and the dosage begins in one printed line: "Kardegic 75 mg 1 sachet
 * par jour", "Diltiazem LP 200 mg : 1 gél au petit-déjeuner", "TAHOR 10 mg cp". Uses the drug
 * recogniser's span when there is one, else the printed strength and form words.
 */

/** A strength, possibly combined: "500 mg", "184 µg/22 µg", "100 mg/2 ml", "20 mg/ml", "5 %". */
const STRENGTH_ONE = String.raw`\d+(?:[.,]\d+)?\s*(?:mg|g|µg|μg|ug|mcg|microgrammes?|ui|ul|u\.i\.|%|ml|mmol|meq|unités?)(?![\p{L}\d])(?:\s*\/\s*(?:\d+(?:[.,]\d+)?\s*)?(?:mg|g|µg|μg|ug|ml|ui|ul|doses?|h|24\s?h)(?![\p{L}\d]))?`;
const STRENGTH = new RegExp(`${STRENGTH_ONE}(?:\\s*(?:\\/|\\+|,)\\s*${STRENGTH_ONE})*`, 'iu');

/** A strength unit as OCR may misread it ("MZ", "pg", "ng", "Ul"), with combined parts ("pg/22 pg"). */
const UNIT_READ = String.raw`(?:mg|g|µg|μg|mcg|microgrammes?|ui|u\.i\.|ml|%|m[gq9z]|rng|[pnuy]g|ju?g|hg|u[il])`;
/** The second part of a combined strength the recogniser stopped before: "/S1 mg" (51), "/22 pg". */
const COMBINED_REST = new RegExp(
  String.raw`^\s*\/\s*[\dSOolI|]{1,6}(?:[.,]\d+)?\s*${UNIT_READ}(?=[\s,:;]|$)`,
  'i',
);
const GARBLED_UNIT = new RegExp(
  String.raw`^\s*[!|]?\s*${UNIT_READ}(?:\s*\/\s*(?:\d+(?:[.,]\d+)?\s*)?(?:${UNIT_READ}|doses?|ml))*(?=[\s,:;]|$)`,
  'i',
);
const LEADING_STRENGTH = new RegExp(
  String.raw`^\s*\d+(?:[.,\s]\d+)*\s*${UNIT_READ}(?:\s*\/\s*(?:\d+(?:[.,]\d+)?\s*)?(?:${UNIT_READ}|doses?))*(?=[\s,:;]|$)`,
  'i',
);

/** Words of a printed dose form or release that may follow the strength. */
const FORM_WORD =
  /^\s*[,-]?\s*(?:doses?|cp|cpr|cps|comprimés?|pelliculés?|sécables?|séc|dispersibles?|orodispersibles?|effervescents?|e\s?ff|eff|gél\.?|gélules?|gel|sachets?(?:-doses?)?|sach|sol|solution|buv|buvables?|inj|injectables?|susp|suspension|p|pour|inhal|inhalation|inhalée|poudre|pommade|crèmes?|creme|collyre|stylos?|prérempli[es]?|seringues?|lp|lm|sr|gastro-résistants?|gastrorésistants?|libération|prolongée|modifiée|spray|nasale?|flacons?|tubes?|ampoules?|patch|dispositif|transdermique|suppositoires?|ovules?|capsules?|molles?|granulés|unidoses?|buccal|buccale|gouttes?|oral|orale|émulsion|cutanée|dermique|ophtalmique|auriculaire)(?=[\s,.;:)]|$)\.?/i;

/** How a dosage starts: "1 cp", "½ cp", "2 comprimés", "un sachet", "1-0-1", "cp : 1-1-1", "60 mg par jour". */
export const POSOLOGY_START =
  /(?:^|\s)(?:(?:\d+(?:[.,]\d+)?|½|¼|¾|\d\/\d|une?|deux|trois|quatre|cinq|six|dix)\s*(?:x\s*)?(?:cp|cpr|comprim|gél|gel|caps|sach|inj|appl|bouff|inhal|pulv|goutte|gtt|amp|mg|g\b|µg|ml|ui|u\b|dose|suppo|patch|stylo|lavement|ovule|fois|cuill|pipette|mesure|unidose|instill)|\d+(?:[.,]\d+)?\s*-\s*\d+(?:[.,]\d+)?\s*-\s*\d+|½\s*-|(?:cp|cpr|gél)\s*:\s*\d|une? (?:fois|prise)|matin|midi|soir|si (?:besoin|douleur)|en cas de|toutes les|par jour|\/j\b)/i;

/**
 * Whether a text looks like a dosage (used when the posology engine is not given).
 * @param text - a line or line fragment
 */
export function looksLikeDosage(text: string): boolean {
  return (
    POSOLOGY_START.test(text) ||
    /^\s*(?:pendant|pdt|qsp|durée|au long cours|à renouveler|renouveler)\b/i.test(text)
  );
}

/**
 * Splits a drug line into the drug text and the dosage text.
 * @param text - the line without its item marker
 * @param spanEnd - end offset of the drug as found by the drug recogniser, if any
 */
export function splitDrugAndPosology(
  text: string,
  spanEnd?: number | null,
): { drug: string; posology: string } {
  let end: number;
  const colon = /\s:\s|\s:$|:\s+(?=\d|½|un|une)/.exec(text);
  if (spanEnd != null && spanEnd > 0) end = spanEnd;
  else if (colon && colon.index > 2 && STRENGTH.test(text.slice(0, colon.index))) end = colon.index;
  else {
    const strength = STRENGTH.exec(text);
    if (strength && /\p{L}{2}/u.test(text.slice(0, strength.index))) {
      end = strength.index + strength[0].length;
    } else {
      const start = POSOLOGY_START.exec(text);
      end = start && start.index > 0 ? start.index : text.length;
    }
  }
  // a strength unit misread by OCR right after the number ("5 MZ", "25 pg", "100 ng/dose", "80000 Ul")
  const garbled = GARBLED_UNIT.exec(text.slice(end));
  if (/\d\s*$/.test(text.slice(0, end)) && garbled) end += garbled[0].length;
  const combined = COMBINED_REST.exec(text.slice(end));
  if (/\p{L}\s*$/u.test(text.slice(0, end)) && /\d/.test(text.slice(0, end)) && combined) {
    end += combined[0].length;
  }
  // a drug named without digits, its strength printed after the name the recogniser knew
  // ("HUMALOG KWIKPEN 200 UI/ml stylo")
  const late = LEADING_STRENGTH.exec(text.slice(end));
  if (!/\d/.test(text.slice(0, end)) && late) end += late[0].length;
  let rest = text.slice(end);
  for (let form = FORM_WORD.exec(rest); form && !/^\s*:/.test(rest); form = FORM_WORD.exec(rest)) {
    end += form[0].length;
    rest = text.slice(end);
  }
  return {
    drug: text
      .slice(0, end)
      .replace(/[\s:,–—-]+$/, '')
      .trim(),
    posology: rest.replace(/^[\s:,;–—-]+/, '').trim(),
  };
}

/**
 * Whether a line (item marker removed) starts like a drug name with a strength: "Metformine 1000 mg".
 * @param text - the line without its item marker
 */
export function looksLikeDrugLine(text: string): boolean {
  const strength = STRENGTH.exec(text);
  if (!strength) return false;
  const before = text.slice(0, strength.index);
  // a bullet misread as one or two letters may precede the name ("ce Largactil 100 mg")
  return /^\s*(?:\p{L}{1,2}\s+)?\p{L}[\p{L}'’.-]{2,}/u.test(before) && !POSOLOGY_START.test(before);
}

/**
 * Whether a text is only the tail of a drug name wrapped onto the next line of its cell: form and
 * release words, a unit, "dispersible", "mg cp" — no name of its own.
 * @param text - a cell or line fragment
 */
export function isDrugTail(text: string): boolean {
  let rest = text.trim();
  if (rest === '') return false;
  for (let form = FORM_WORD.exec(rest); form && form[0].trim() !== ''; form = FORM_WORD.exec(rest)) {
    rest = rest.slice(form[0].length);
  }
  const unit = /^\s*(?:mg|g|µg|μg|ml|ui)(?=[\s,.;:)]|$)/i.exec(rest);
  if (unit) return isDrugTail(rest.slice(unit[0].length)) || rest.slice(unit[0].length).trim() === '';
  return rest.trim() === '';
}
