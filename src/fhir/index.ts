/**
 * @module Pure FHIR R4 mappers of the scan engine's reading: RequestGroup (the delivered model),
 * its contained Medication / MedicationRequest, the Ordoscan extensions, and a Bundle wrapper.
 */
export { toRequestGroup, toBundle, type RequestGroupMeta } from './request-group.js';
export { toMedication, parseQuantity } from './medication.js';
export { toMedicationRequest, type RequestContext } from './medication-request.js';
export { toNarrative, escapeXml } from './narrative.js';
export {
  EXT,
  EXTENSION_BASE,
  RELIABILITY_SYSTEM,
  SYSTEM,
  boxExtension,
  reliabilityExtension,
} from './extensions.js';
