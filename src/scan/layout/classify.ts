/**
 * @module Classification of a printed line that is not a prescription: header and letterhead
 * lines, bizone zone titles, and the "noise" lines of a prescription (weight, allergies — which may
 * name a drug —, substitution mentions, lab orders, devices, nursing care, advice, page furniture).
 * Rules work on folded text (see `fold.ts`) and only look at how a line starts or at unambiguous
 * phrases, so that a drug line is never taken for noise by a word in its posology.
 */
import { foldText, splitItemMarker } from './fold.js';

/** Why a line is not a drug line. */
export type NoiseKind =
  | 'weight'
  | 'allergy'
  | 'clinical'
  | 'substitution'
  | 'renewal'
  | 'lab'
  | 'device'
  | 'care'
  | 'advice'
  | 'header'
  | 'page';

/** Bizone zone titles: the ALD zone, then the zone "sans rapport" with the ALD. */
export type ZoneMarker = 'ald' | 'non-ald';

const RULES: [NoiseKind, RegExp][] = [
  ['weight', /^(poids|taille|imc|surface corporelle)\b/],
  ['allergy', /^(allergi|intoleran|contre-indication|ci\s*:)/],
  [
    'clinical',
    /^(ta|pa|tension|grossesse|allaitement|age|clairance|dfg|fc|temperature|antecedents?|diagnostic|motif|patient\(e\) sous|patiente? sous|sous anticoagulant)\b/,
  ],
  [
    'substitution',
    /(non[- ]substituable|ne pas substituer|^ns\b|substitution|^mention\b.*substitu|\(mte\)$)/,
  ],
  ['renewal', /^(a renouveler|ordonnance renouvelable|renouvellement|renouvelable|ar\s+\d+\s+fois$)/],
  [
    'lab',
    /^(bilan|faire pratiquer|inr\b|nfs\b|glycemie|hba1c|tsh\b|prise de sang|analyses?|dosage (de|du|des)\b|ecbu|radio|echographie|scanner|irm\b|ecg\b|examens?\b)/,
  ],
  [
    'device',
    /^(canne|aiguilles?|bas de contention|chaussettes? de contention|lecteur|bandelettes|compresses|seringues? (vides?|steriles?)|fauteuil|attelle|ceinture|lancettes|pansements?|materiel|lit medicalise|deambulateur|orthese|chambre d'inhalation)/,
  ],
  [
    'care',
    /^(ide\b|infirmi|soins\b|kinesitherapie|kine\b|orthophonie|orthoptie|podologue|pedicure|seances?|reeducation|transport)/,
  ],
  [
    'advice',
    /^(regime|eviter|hydratation|boire|prochain rendez|rendez-vous|rdv\b|en cas de (fievre|persistance|doute|probleme)|reconsulter|consulter|conseils?|repos|arret de travail|activite physique|surveillance|ne pas conduire|eviction)/,
  ],
  [
    'header',
    /^(ordonnance|o r d o n n a n c e|prescripteur|identification|patient|date\b|date de|n[°o] d'immatriculation|immatriculation|ipp\b|nir\b|ne le|nee le|ne\(e\) le|dr\.? |docteur |pr\.? |professeur |monsieur |madame |mademoiselle |m\. |mme\.? |mlle |enfant |service |centre hospitalier|hopital|chu\b|clinique|cabinet|unite|uf\b|finess|secretariat|tel\b|tel\.|telephone|fax|portable|e-?mail|courriel|\S+@\S+|n[°o] rpps|rpps|adeli|am\s*:|n[°o] am|secteur \d|conventionne|carte vitale|consultations?|visites?|sur rendez-vous|du lundi|medecin|membre d'une|signature|cachet|copie d'ordonnance|document non valable|imprime le|designation|medicament\s*$|posologie\s*$|specialite\s*$|prescriptions? (relatives|sans rapport)|\((affection|maladies|liste)|\(suite\)|suite\b)/,
  ],
  [
    'page',
    /^(cerfa|art\b[^a-z]{0,3}[lr]\b|.*\bcss$|quantite|qte\b|page \d|p\. ?\d|ref\.|reference|\.\.\.|… ?suite|- ?\d+ ?-$|\d+ ?\/ ?\d+$)/,
  ],
];

/** Postal address lines: "41 rue Pasteur", "42000 Saint-Étienne", "Saint-Étienne, le 20 octobre 2024". */
const ADDRESS =
  /^(\d{1,4}\s*(bis|ter)?,?\s+(rue|avenue|av\.|bd|boulevard|allee|chemin|place|impasse|route|quai|cours|square|residence|lieu-dit|voie)\b|\d{5}\s+\D|[a-z' -]+,\s*le\s+\d{1,2}(er)?\s)/;

/** Medical specialties printed under a prescriber's name. */
const SPECIALTY =
  /^(medecin|medecine|cardiolog|pneumolog|dermatolog|psychiatr|rhumatolog|gastro|endocrinolog|neurolog|pediatr|gyneco|urolog|nephrolog|oncolog|geriatr|chirurg|ophtalmolog|orl\b|interne|sage-femme|allergolog|infectiolog|diabetolog|angiolog|hematolog|radiolog|anesthes|generaliste|homeopath)/;

/**
 * Tells whether a printed line is not a prescription line, and why; `null` when it may be one.
 * @param text - one printed line
 */
export function classifyNoise(text: string): NoiseKind | null {
  const folded = foldText(splitItemMarker(text).rest).replace(/^[^a-z0-9(….]+/, '');
  if (folded === '') return 'page';
  for (const [kind, re] of RULES) if (re.test(folded)) return kind;
  if (ADDRESS.test(folded)) return 'header';
  if (SPECIALTY.test(folded)) return 'header';
  return null;
}

/**
 * Recognises the title of a bizone zone: "Prescriptions relatives au traitement de l'affection de
 * longue durée…" (`ald`) or "Prescriptions SANS RAPPORT avec l'affection de longue durée" (`non-ald`).
 * @param text - one printed line
 */
export function zoneMarkerOf(text: string): ZoneMarker | null {
  const f = foldText(text);
  if (/sans rapport/.test(f) || /maladies intercurrentes/.test(f)) return 'non-ald';
  if (
    /relatives? au traitement/.test(f) ||
    /affection de longue duree/.test(f) ||
    /affection exonerante/.test(f)
  ) {
    return 'ald';
  }
  return null;
}
