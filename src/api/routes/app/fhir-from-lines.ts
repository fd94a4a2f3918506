/**
 * @module The validated prescription's FHIR R4 RequestGroup, rebuilt from the corrected lines with
 * the FHIR mapper (`src/fhir`): the engine's reading with its lines replaced by the clinician's.
 */
import type { RequestGroup } from '@medplum/fhirtypes';
import { AppError } from '../../../errors.js';
import type { ScanSessionView } from '../../../registry/scan-sessions.js';
import type { Prescription } from '../../../store/prescriptions.js';
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
  void p;
  void lines;
  void s;
  await Promise.resolve();
  throw new AppError(
    'unavailable',
    'The FHIR mapper has not landed yet: validation cannot build the RequestGroup',
  );
}
