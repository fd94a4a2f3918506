/**
 * @module Public entry of the pure part of the scan engine: pages of text (OCR or PDF text layer)
 * → `ReadResult` (layout + drugs + posology + reliability) → FHIR R4 RequestGroup. OCR and
 * storage live elsewhere (`read-pages.ts`, `engine.ts`).
 */
import type { RequestGroup } from '@medplum/fhirtypes';
import { toRequestGroup, type RequestGroupMeta } from '../fhir/index.js';
import { readPrescription, type ReadDeps } from './extract/read-prescription.js';
import type { PageText, ReadResult } from './types.js';

export { readPrescription, type ReadDeps } from './extract/read-prescription.js';

/**
 * Reads the pages and maps the reading to the delivered RequestGroup.
 * @param deps - the drug index
 * @param pages - the document's pages of text
 * @param meta - identifiers of the prescription, patient and scanning practitioner
 */
export function readToRequestGroup(
  deps: ReadDeps,
  pages: PageText[],
  meta: RequestGroupMeta,
): { read: ReadResult; requestGroup: RequestGroup } {
  const read = readPrescription(deps, pages);
  return { read, requestGroup: toRequestGroup(read, meta) };
}
