/**
 * @module The validated prescription's FHIR R4 RequestGroup, rebuilt from the corrected lines with
 * the FHIR mapper (`src/fhir`): the engine's reading with its lines replaced by the clinician's,
 * status `active`, the validating user as author.
 */
import type { RequestGroup } from '@medplum/fhirtypes';
import { findSpecialty, loadDrugIndex } from '../../../drugs/index.js';
import { toRequestGroup } from '../../../fhir/index.js';
import type { ScanSessionView } from '../../../registry/scan-sessions.js';
import type { ReadResult } from '../../../scan/types.js';
import type { Prescription } from '../../../store/prescriptions.js';
import { toCorrectedRead } from './corrected-read.js';
import type { AppLine } from './wire.js';

/**
 * @param p - the prescription (its engine reading)
 * @param lines - the corrected lines
 * @param s - the session (patient file and the validating user)
 * @returns the RequestGroup of the corrected prescription
 */
export async function buildValidatedRequestGroup(
  p: Prescription,
  lines: AppLine[],
  s: ScanSessionView,
): Promise<RequestGroup> {
  const index = await loadDrugIndex();
  const read = toCorrectedRead(p.readResult as Partial<ReadResult> | null, lines, (cis) =>
    findSpecialty(index, cis),
  );
  return toRequestGroup(read, {
    prescriptionId: p.id,
    patientId: s.patientId,
    practitioner: { name: `${s.userFirstName} ${s.userLastName}`, rpps: s.userRpps },
    status: 'active',
  });
}
