/**
 * @module The route printed in a table's "Voie" column ("per os", "PO", "SC", "Intramusculaire")
 * → an EDQM Standard Terms route of administration (https://standardterms.edqm.eu).
 */
import type { CodeableConcept } from '@medplum/fhirtypes';

const EDQM = 'http://standardterms.edqm.eu';

const ROUTES: [RegExp, string, string, string][] = [
  [/^(orale?|per ?os|p\.?o\.?|voie orale|buccale?|os)$/, 'oral', '20053000', 'Oral use'],
  [
    /^(sc|s\/c|s\.c\.|sous[- ]cutan[ée]e?|voie sous[- ]cutan[ée]e|sq)$/,
    'subcutaneous',
    '20066000',
    'Subcutaneous use',
  ],
  [/^(im|i\.m\.|intramusculaire|voie intramusculaire)$/, 'intramuscular', '20035000', 'Intramuscular use'],
  [/^(iv|ivd|ivl|i\.v\.|intraveineuse|voie intraveineuse)$/, 'intravenous', '20045000', 'Intravenous use'],
  [/^(inhal[ée]e|inhalation|voie inhal[ée]e|respiratoire)$/, 'inhalation', '20020000', 'Inhalation use'],
  [
    /^(cutan[ée]e|locale|application locale|voie cutan[ée]e|topique)$/,
    'cutaneous',
    '20003000',
    'Cutaneous use',
  ],
  [/^(transdermique)$/, 'transdermal', '20070000', 'Transdermal use'],
  [/^(sublinguale?|sl)$/, 'sublingual', '20067000', 'Sublingual use'],
  [/^(rectale?)$/, 'rectal', '20061000', 'Rectal use'],
  [/^(vaginale?)$/, 'vaginal', '20072000', 'Vaginal use'],
  [/^(nasale?)$/, 'nasal', '20049000', 'Nasal use'],
  [/^(ophtalmique|oculaire)$/, 'ocular', '20051000', 'Ocular use'],
];

function foldRoute(text: string): string {
  return text
    .toLowerCase()
    .replace(/[|.,;:'"‘’]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The posology engine's route key ("oral", "subcutaneous", …) of a printed or BDPM route
 * ("orale", "sous-cutanée", "per os"); null when unknown.
 * @param text - the route as printed or as named in BDPM
 */
export function routeKey(text: string): string | null {
  const folded = foldRoute(text);
  return ROUTES.find(([re]) => re.test(folded))?.[1] ?? null;
}

/**
 * Maps a printed route to FHIR `Dosage.route`; null when the text is not a known route.
 * @param text - the route as printed
 */
export function routeFromText(text: string): CodeableConcept | null {
  const folded = foldRoute(text);
  for (const [re, , code, display] of ROUTES) {
    if (re.test(folded)) return { coding: [{ system: EDQM, code, display }], text };
  }
  return null;
}

/**
 * Maps a printed route the OCR garbled with digits for letters ("per 0s", "0rale", "5C") to FHIR
 * `Dosage.route`; null when even so it is not a known route. The caller flags the repair.
 * @param text - the route as printed
 */
export function routeFromOcrText(text: string): CodeableConcept | null {
  const letters = text.replace(/0/g, 'o').replace(/[1|]/g, 'l').replace(/5/g, 's');
  if (letters === text) return null;
  const route = routeFromText(letters);
  return route ? { ...route, text } : null;
}
