/**
 * @module Public API of the drug module: load the index from the shipped BDPM snapshot, recognise a
 * drug in a line, search by typed prefix, look a CIS up. Other modules import from here only.
 */
import { readBdpmSnapshot } from './bdpm/read.js';
import { buildSpecialties } from './build.js';
import { buildDrugIndex, type DrugIndex } from './drug-index.js';

export { buildDrugIndex, findSpecialty, type DrugIndex, type IndexedSpecialty } from './drug-index.js';
export { buildSpecialties } from './build.js';
export { recognizeDrug, detectDrug, type DrugPresence } from './recognize.js';
export { searchDrugs, type DrugSearchHit } from './search.js';
export type { DrugCandidate, DrugRecognition, Specialty, Substance, CodedConcept } from './types.js';

let cached: Promise<DrugIndex> | null = null;

/**
 * Loads the drug index from the BDPM snapshot shipped in `assets/bdpm/` (cached per process).
 * @returns the index shared by every caller
 */
export function loadDrugIndex(): Promise<DrugIndex> {
  cached ??= readBdpmSnapshot(undefined, { presentations: false })
    .then((snap) => buildDrugIndex(buildSpecialties(snap)))
    .catch((err: unknown) => {
      cached = null;
      throw err;
    });
  return cached;
}
