/**
 * @module Clinician-facing French and English labels of the engine's issues, looked up by the issue's
 * stable `code` (the engine's own `message` is English and written for developers). Each label says
 * what is doubtful, then what to check. The field names the engine attaches to an issue are
 * translated too. A code without a label falls back to the engine's message; the unit test
 * `test/web/issue-labels.test.ts` collects every code the engine can emit and fails on a missing one.
 */

const ISSUES_FR = {
  'drug-ambiguous': 'Plusieurs spécialités possibles : vérifiez celle retenue',
  'drug-not-found': 'Médicament introuvable dans la base : choisissez-le ou gardez le texte libre',
  'drug-not-marketed': 'Spécialité qui n’est plus commercialisée : vérifiez le médicament',
  'drug-uncertain': 'Médicament reconnu avec un doute : vérifiez-le',
  'layout-unjoined-line':
    'La ligne imprimée juste en dessous n’a pas été rattachée : vérifiez que la posologie est complète',
  'no-drug-line': 'Aucune ligne de médicament trouvée : vérifiez les pages du document',
  'ocr-digit-doubt': 'Chiffre peu lisible : vérifiez le dosage et les doses',
  'ocr-low-confidence': 'Page difficile à lire : vérifiez chaque ligne',
  'page-empty': 'Aucun texte lu sur cette page : vérifiez la page',
  'posology-bad-clock': 'Heure de prise illisible : vérifiez les horaires',
  'posology-concurrent-unclear': 'Plusieurs doses sans moment de prise pour chacune : vérifiez les moments',
  'posology-cycle': 'Cycle de traitement avec pauses non structuré : vérifiez le schéma',
  'posology-dose-conflict': 'Deux doses pour la même prise : vérifiez la dose',
  'posology-dose-implied': 'Dose non imprimée, une application supposée : vérifiez la dose',
  'posology-dose-inherited': 'Dose non imprimée, celle de l’étape précédente est reprise : vérifiez la dose',
  'posology-dose-range': 'Dose en fourchette : choisissez la dose',
  'posology-dose-unusual': 'Dose inhabituelle, peut-être mal lue : vérifiez la dose',
  'posology-duration-conflict': 'Deux durées différentes : vérifiez la durée',
  'posology-duration-range': 'Durée en fourchette : choisissez la durée',
  'posology-duration-unusual': 'Durée inhabituelle, peut-être mal lue : vérifiez la durée',
  'posology-empty': 'Posologie vide : saisissez la posologie',
  'posology-frequency-unusual': 'Nombre de prises par jour inhabituel : vérifiez la fréquence',
  'posology-hours': 'Nombre d’heures non rattaché : vérifiez la durée et les horaires',
  'posology-interval-range': 'Intervalle en fourchette : choisissez l’intervalle',
  'posology-interval-unusual': 'Intervalle entre les prises inhabituel : vérifiez la fréquence',
  'posology-max-period': 'Période de la dose maximale non imprimée : vérifiez la dose maximale',
  'posology-max-unit': 'Unité de la dose maximale inconnue : vérifiez la dose maximale',
  'posology-meal-only': 'Prise au repas sans nombre de prises : vérifiez la fréquence',
  'posology-minutes': 'Durée en minutes inhabituelle : vérifiez la durée et les horaires',
  'posology-missing': 'Aucune posologie lue : saisissez la posologie',
  'posology-no-dose': 'Aucune dose lue : saisissez la dose',
  'posology-no-frequency': 'Ni fréquence ni moment de prise lus : vérifiez la fréquence',
  'posology-number-agreement':
    'Nombre et nom ne s’accordent pas (« 11 gélule ») : chiffre peut-être mal lu, vérifiez les nombres',
  'posology-ocr-repair': 'Mot ou chiffre corrigé à la lecture : vérifiez la posologie',
  'posology-period-assumed': 'Période non imprimée, « par jour » supposé : vérifiez la fréquence',
  'posology-renewals-count': 'Renouvellement sans nombre : vérifiez les renouvellements',
  'posology-route-conflict': 'Deux voies différentes : vérifiez la voie',
  'posology-route-mismatch': 'Voie imprimée inhabituelle pour ce médicament : vérifiez la voie',
  'posology-spoon': 'Cuillère convertie en mL : vérifiez le volume',
  'posology-weight-based': 'Dose par kg de poids : vérifiez le poids du patient',
  'posology-split-daily': 'Quantité par jour répartie entre les prises : vérifiez la dose par prise',
  'posology-timing-conflict': 'Fréquence et moments de prise se contredisent : vérifiez la fréquence',
  'posology-unit-form-mismatch': 'Unité de dose différente de la forme du médicament : vérifiez l’unité',
  'posology-unit-missing': 'Unité de dose non imprimée : vérifiez l’unité',
  'posology-unknown-words': 'Mots non compris dans la posologie : vérifiez la posologie',
  'posology-unparsed': 'Posologie lue en partie seulement : vérifiez la posologie',
  'route-not-read': 'Voie d’administration illisible : vérifiez la voie',
  'route-ocr-repair': 'Voie corrigée à la lecture : vérifiez la voie',
  'route-unreadable': 'Voie imprimée non comprise : vérifiez la voie',
};

type IssueCode = keyof typeof ISSUES_FR;

const ISSUES_EN: Record<IssueCode, string> = {
  'drug-ambiguous': 'Several specialties fit: check the one chosen',
  'drug-not-found': 'Drug not found in the database: choose it or keep the free text',
  'drug-not-marketed': 'Specialty no longer marketed: check the drug',
  'drug-uncertain': 'Drug recognised with doubt: check it',
  'layout-unjoined-line': 'The line printed just below was not joined: check the dosage is complete',
  'no-drug-line': 'No drug line found: check the pages of the document',
  'ocr-digit-doubt': 'Hard-to-read digit: check the strength and the doses',
  'ocr-low-confidence': 'Page hard to read: check every line',
  'page-empty': 'No text read on this page: check the page',
  'posology-bad-clock': 'Unreadable clock time: check the times',
  'posology-concurrent-unclear': 'Several doses, not all with a time of intake: check the times',
  'posology-cycle': 'Treatment cycle with pauses not structured: check the schedule',
  'posology-dose-conflict': 'Two doses for the same intake: check the dose',
  'posology-dose-implied': 'No dose printed, one application assumed: check the dose',
  'posology-dose-inherited': 'No dose printed, the previous step’s dose is used: check the dose',
  'posology-dose-range': 'Dose given as a range: choose the dose',
  'posology-dose-unusual': 'Unusual dose, perhaps misread: check the dose',
  'posology-duration-conflict': 'Two different durations: check the duration',
  'posology-duration-range': 'Duration given as a range: choose the duration',
  'posology-duration-unusual': 'Unusual duration, perhaps misread: check the duration',
  'posology-empty': 'Empty dosage: enter the dosage',
  'posology-frequency-unusual': 'Unusual number of intakes a day: check the frequency',
  'posology-hours': 'A number of hours could not be placed: check the duration and the times',
  'posology-interval-range': 'Interval given as a range: choose the interval',
  'posology-interval-unusual': 'Unusual interval between intakes: check the frequency',
  'posology-max-period': 'Period of the maximum dose not printed: check the maximum dose',
  'posology-max-unit': 'Unit of the maximum dose unknown: check the maximum dose',
  'posology-meal-only': 'Intake with meals but no number of intakes: check the frequency',
  'posology-minutes': 'Unusual duration in minutes: check the duration and the times',
  'posology-missing': 'No dosage read: enter the dosage',
  'posology-no-dose': 'No dose read: enter the dose',
  'posology-no-frequency': 'No frequency or time of intake read: check the frequency',
  'posology-number-agreement':
    'Number and noun disagree (“11 gélule”): a digit may be misread, check the numbers',
  'posology-ocr-repair': 'A word or number was corrected on reading: check the dosage',
  'posology-period-assumed': 'Period not printed, “per day” assumed: check the frequency',
  'posology-renewals-count': 'Renewal without a number: check the renewals',
  'posology-route-conflict': 'Two different routes: check the route',
  'posology-route-mismatch': 'Printed route unusual for this drug: check the route',
  'posology-spoon': 'Spoon converted to mL: check the volume',
  'posology-weight-based': "Dose per kg of body weight: check the patient's weight",
  'posology-split-daily': 'Daily amount divided between the intakes: check the dose per intake',
  'posology-timing-conflict': 'Frequency and times of intake contradict: check the frequency',
  'posology-unit-form-mismatch': 'Dose unit differs from the drug form: check the unit',
  'posology-unit-missing': 'Dose unit not printed: check the unit',
  'posology-unknown-words': 'Words not understood in the dosage: check the dosage',
  'posology-unparsed': 'Dosage only partly read: check the dosage',
  'route-not-read': 'Unreadable route of administration: check the route',
  'route-ocr-repair': 'Route corrected on reading: check the route',
  'route-unreadable': 'Printed route not understood: check the route',
};

const FIELDS_FR = {
  text: 'Texte lu',
  drug: 'Médicament',
  dosage: 'Posologie',
  dose: 'Dose',
  timing: 'Moments de prise',
  duration: 'Durée',
  route: 'Voie',
  renewals: 'Renouvellements',
  maxDose: 'Dose maximale',
};

const FIELDS_EN: Record<keyof typeof FIELDS_FR, string> = {
  text: 'Printed text',
  drug: 'Drug',
  dosage: 'Dosage',
  dose: 'Dose',
  timing: 'Times of intake',
  duration: 'Duration',
  route: 'Route',
  renewals: 'Renewals',
  maxDose: 'Maximum dose',
};

/** Issue labels by language and code. */
export const ISSUE_LABELS: Record<'fr' | 'en', Readonly<Record<string, string>>> = {
  fr: ISSUES_FR,
  en: ISSUES_EN,
};

/** Field names by language and engine field. */
export const FIELD_LABELS: Record<'fr' | 'en', Readonly<Record<string, string>>> = {
  fr: FIELDS_FR,
  en: FIELDS_EN,
};

/** Most printed fragments shown after a label, and their longest length. */
const MAX_DETAILS = 5;
const MAX_DETAIL_LENGTH = 40;

/**
 * @param lang - the app's language
 * @param issue - an engine issue
 * @returns the clinician label of the issue's code, followed by what it is about as printed (the
 *   words not understood, the printed route) in the language's quotes; the engine's (English)
 *   message, which names them already, for a code without a label
 */
export function issueLabel(
  lang: 'fr' | 'en',
  issue: { code: string; message: string; details?: string[] },
): string {
  if (!Object.hasOwn(ISSUE_LABELS[lang], issue.code)) return issue.message;
  const label = ISSUE_LABELS[lang][issue.code]!;
  const details = (issue.details ?? []).filter((d) => d.trim() !== '');
  if (details.length === 0) return label;
  const quote = (d: string): string => {
    const t = d.trim();
    const short = t.length > MAX_DETAIL_LENGTH ? `${t.slice(0, MAX_DETAIL_LENGTH - 1)}…` : t;
    return lang === 'fr' ? `« ${short} »` : `“${short}”`;
  };
  const shown = details.slice(0, MAX_DETAILS).map(quote);
  if (details.length > MAX_DETAILS) shown.push('…');
  return `${label} — ${shown.join(', ')}`;
}

/**
 * @param lang - the app's language
 * @param field - an engine field name (`dose`, `timing`, `maxDose`…)
 * @returns the field's name in the language, or the field itself when it has none
 */
export function fieldLabel(lang: 'fr' | 'en', field: string): string {
  return Object.hasOwn(FIELD_LABELS[lang], field) ? FIELD_LABELS[lang][field]! : field;
}
