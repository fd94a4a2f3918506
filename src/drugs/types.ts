/**
 * @module Types of the drug reference data and of drug recognition. BDPM field names stay inside
 * `drugs/bdpm/`; everything else speaks these types.
 */

export interface Substance {
  /** BDPM substance code. */
  code: string;
  name: string;
  /** Strength as printed in BDPM, e.g. "1000 mg", with its reference ("un comprimé"). */
  strength: string | null;
  reference: string | null;
}

export interface CodedConcept {
  system: string;
  code: string;
  display: string;
}

/** One specialty (CIS) as the engine sees it. */
export interface Specialty {
  cis: string;
  /** BDPM dénomination, e.g. "DOLIPRANE 1000 mg, comprimé". */
  name: string;
  /** Brand or generic-name prefix, e.g. "DOLIPRANE". */
  brand: string;
  substances: Substance[];
  /** BDPM form label, e.g. "comprimé pelliculé". */
  form: string;
  /** Family used for implicit units and form checks: tablet, capsule, sachet, drop, … */
  formFamily: string;
  formEdqm: CodedConcept | null;
  routes: string[];
  routesEdqm: CodedConcept[];
  atc: string | null;
  marketed: boolean;
  /** Modified release (LP). */
  modifiedRelease: boolean;
  /** Strength from the dénomination, normalised ("1000 mg", "1000 mg/125 mg", "100 UI/ml"), or null. */
  strength?: string | null;
  /** Label of the BDPM generic group the specialty belongs to, or null. */
  genericGroup?: string | null;
}

/** One ranked answer of `recognizeDrug`. */
export interface DrugCandidate {
  specialty: Specialty;
  /** 0..1 */
  score: number;
}

/** Result of `recognizeDrug(index, text)`. */
export interface DrugRecognition {
  /** Best first; empty when nothing fits. */
  candidates: DrugCandidate[];
  /** The part of the input that names the drug (with strength and form), by character offsets. */
  span: { start: number; end: number; text: string } | null;
  /** Several specialties fit the printed text equally well (e.g. form omitted). */
  ambiguous: boolean;
  /** The strength as read, normalised ("1000 mg"), when one was printed. */
  strength: string | null;
  reliability: 'high' | 'medium' | 'low';
}
