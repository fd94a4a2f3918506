/**
 * @module Interim RequestGroup of the scan engine, used until drug recognition, posology and the FHIR
 * mapper (`fhir/`) are composed in `engine.ts`: each laid-out item becomes a Medication known by its
 * printed text only and a MedicationRequest whose dosage is the printed text, every line marked
 * `low` reliability because nothing was recognised or structured.
 */
import type { MedicationRequest, Medication, Patient, RequestGroup } from '@medplum/fhirtypes';
import type { PrescriptionLayout } from './layout/index.js';
import type { ScanMeta } from './engine.js';

const EXT = 'https://ordoscan.fr/fhir/StructureDefinition';
const PRESCRIPTION_ID_SYSTEM = 'urn:ordoscan:prescription';

/**
 * @param layout - the laid-out document
 * @param meta - identifiers
 * @returns a draft RequestGroup with contained resources, one MedicationRequest per item
 */
export function draftRequestGroup(layout: PrescriptionLayout, meta: ScanMeta): RequestGroup {
  const patient: Patient = {
    resourceType: 'Patient',
    id: 'patient',
    ...(meta.patientId === undefined ? {} : { identifier: [{ value: meta.patientId }] }),
  };
  const contained: (Patient | Medication | MedicationRequest)[] = [patient];
  const action: NonNullable<RequestGroup['action']> = [];
  for (const item of layout.items) {
    const n = item.index;
    contained.push({ resourceType: 'Medication', id: `med-${n}`, code: { text: item.drugText } });
    contained.push({
      resourceType: 'MedicationRequest',
      id: `req-${n}`,
      status: 'draft',
      intent: 'order',
      subject: { reference: '#patient' },
      medicationReference: { reference: `#med-${n}` },
      ...(item.posologyText === '' ? {} : { dosageInstruction: [{ sequence: 1, text: item.posologyText }] }),
      extension: [
        { url: `${EXT}/isPrescribedAsALD`, valueBoolean: item.ald },
        {
          url: `${EXT}/structurationReliability`,
          valueCoding: { system: `${EXT}/reliability`, code: 'low' },
        },
      ],
    });
    action.push({ resource: { reference: `#req-${n}` } });
  }
  return {
    resourceType: 'RequestGroup',
    status: 'draft',
    intent: 'order',
    ...(meta.prescriptionId === undefined
      ? {}
      : { identifier: [{ system: PRESCRIPTION_ID_SYSTEM, value: meta.prescriptionId }] }),
    ...(layout.header.date === null ? {} : { authoredOn: layout.header.date }),
    subject: { reference: '#patient' },
    contained,
    action,
  };
}
