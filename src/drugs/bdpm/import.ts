/**
 * @module The BDPM importer: reads official files (the shipped snapshot, or newer ones in a folder),
 * builds the specialties and replaces the drug tables. Idempotent: importing the same files twice
 * yields the same rows. `ensureDrugData` imports the shipped snapshot once, on a first start.
 */
import type { Db } from '../../store/db.js';
import { countSpecialties, replaceDrugData, type DrugImportSummary } from '../../store/drugs.js';
import { buildSpecialties } from '../build.js';
import { readBdpmSnapshot, SNAPSHOT_DIR } from './read.js';

/**
 * Imports the BDPM files of a folder (plain or `.gz`, encoding detected per file).
 * @param db - the database
 * @param dir - folder with CIS_bdpm.txt, CIS_COMPO_bdpm.txt, CIS_GENER_bdpm.txt, CIS_CIP_bdpm.txt,
 *   CIS_MITM.txt; the shipped snapshot when omitted
 */
export async function importBdpm(db: Db, dir: string = SNAPSHOT_DIR): Promise<DrugImportSummary> {
  const snap = await readBdpmSnapshot(dir);
  const byCis = new Map(snap.specialties.map((s) => [s.cis, s]));
  const specialties = buildSpecialties(snap).map((s) => ({
    ...s,
    ammStatus: byCis.get(s.cis)?.ammStatus ?? '',
    holders: byCis.get(s.cis)?.holders ?? [],
  }));
  const source = dir === SNAPSHOT_DIR ? 'shipped snapshot (assets/bdpm)' : dir;
  return replaceDrugData(
    db,
    { specialties, generics: snap.generics, presentations: snap.presentations },
    source,
  );
}

/**
 * Imports the shipped snapshot when the drug tables are empty (first start); otherwise does nothing.
 * @param db - the migrated database
 * @returns the import summary, or null when data was already there
 */
export async function ensureDrugData(db: Db): Promise<DrugImportSummary | null> {
  if ((await countSpecialties(db)) > 0) return null;
  return importBdpm(db);
}
