/**
 * @module Raw records of the BDPM download files, one type per file, with BDPM field meanings
 * (ANSM "Contenu et format des fichiers téléchargeables"). These names stay inside `drugs/bdpm/`.
 */

/** CIS_bdpm.txt: one specialty. */
export interface CisRecord {
  cis: string;
  denomination: string;
  form: string;
  routes: string[];
  ammStatus: string;
  procedure: string;
  /** "Commercialisée" */
  marketed: boolean;
  ammDate: string;
  bdmStatus: string;
  holders: string[];
}

/** CIS_COMPO_bdpm.txt: one substance row of a specialty. */
export interface CompoRecord {
  cis: string;
  element: string;
  substanceCode: string;
  substanceName: string;
  dosage: string;
  reference: string;
  /** SA = substance active, FT = fraction thérapeutique */
  nature: 'SA' | 'FT';
  link: string;
}

/** CIS_GENER_bdpm.txt: membership of a specialty in a generic group. */
export interface GenerRecord {
  groupId: string;
  groupLabel: string;
  cis: string;
  /** 0 princeps, 1 générique, 2 complémentarité posologique, 4 substituable */
  type: string;
}

/** CIS_CIP_bdpm.txt: one presentation (box). */
export interface CipRecord {
  cis: string;
  cip7: string;
  label: string;
  status: string;
  marketingState: string;
  declarationDate: string;
  cip13: string;
  reimbursementRates: string[];
  price: string;
}

/** CIS → ATC pair (CIS_MITM.txt, or the ANS interoperability referential). */
export interface AtcRecord {
  cis: string;
  atc: string;
}

/** A BDPM label (form or route) mapped to an EDQM standard term. */
export interface EdqmRecord {
  label: string;
  code: string;
  display: string;
}

/** Everything the importer and the index builder read. */
export interface BdpmSnapshot {
  specialties: CisRecord[];
  compositions: CompoRecord[];
  generics: GenerRecord[];
  presentations: CipRecord[];
  /** ATC from CIS_MITM.txt (preferred). */
  atcMitm: AtcRecord[];
  /** ATC from the ANS referential for CIS not in CIS_MITM.txt. */
  atcAns: AtcRecord[];
  formsEdqm: EdqmRecord[];
  routesEdqm: EdqmRecord[];
}
