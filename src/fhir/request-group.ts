/**
 * @module The delivered model: one FHIR R4 `RequestGroup` per prescription (DESIGN §2), with its
 * Patient, Practitioners, Medications and MedicationRequests contained, so it stands alone.
 * https://hl7.org/fhir/R4/requestgroup.html
 */
import type { Bundle, Patient, Practitioner, RequestGroup, Resource } from '@medplum/fhirtypes';
import type { ReadResult } from '../scan/types.js';
import { EXT, SYSTEM } from './extensions.js';
import { toMedication } from './medication.js';
import { toMedicationRequest } from './medication-request.js';
import { toNarrative } from './narrative.js';

/** Who and what the RequestGroup is about, from the session (not from the read document). */
export interface RequestGroupMeta {
  /** Our prescription id (identifier, groupIdentifier). */
  prescriptionId: string;
  /** The partner's patient key (contained Patient identifier). */
  patientId: string;
  /** The scanning user (author). */
  practitioner: { name: string; rpps: string | null };
  /** Reference to the scanned document (DocumentReference or URL), if stored. */
  documentRef?: string;
  /** `draft` until the clinician validates (default), then `active`. */
  status?: 'draft' | 'active';
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

function practitioner(id: string, name: string | null, rpps: string | null): Practitioner {
  const p: Practitioner = { resourceType: 'Practitioner', id };
  if (rpps) p.identifier = [{ system: SYSTEM.idNatPs, value: `8${rpps}` }];
  if (name) p.name = [{ text: name }];
  return p;
}

function patient(meta: RequestGroupMeta, read: ReadResult): Patient {
  const p: Patient = {
    resourceType: 'Patient',
    id: 'patient',
    identifier: [{ system: SYSTEM.partnerPatient, value: meta.patientId }],
  };
  if (read.header.patient?.name) p.name = [{ text: read.header.patient.name }];
  if (read.header.patient?.birthDate) p.birthDate = read.header.patient.birthDate;
  return p;
}

/**
 * Maps a reading to the delivered RequestGroup.
 * @param read - the result of `readPrescription` (or its clinician-edited version)
 * @param meta - prescription, patient and scanning practitioner identifiers
 */
export function toRequestGroup(read: ReadResult, meta: RequestGroupMeta): RequestGroup {
  const status = meta.status ?? 'draft';
  const prescriber = read.header.prescriber;
  const hasPrescriber = prescriber != null && (prescriber.name != null || prescriber.rpps != null);
  const contained: Resource[] = [
    patient(meta, read),
    practitioner('author', meta.practitioner.name, meta.practitioner.rpps),
  ];
  if (hasPrescriber) contained.push(practitioner('prescriber', prescriber.name, prescriber.rpps));
  const ctx = {
    prescriptionId: meta.prescriptionId,
    status,
    patientRef: '#patient',
    prescriberRef: hasPrescriber ? '#prescriber' : null,
    authoredOn: read.header.date,
  };
  const action: NonNullable<RequestGroup['action']> = [];
  for (const line of read.lines) {
    const medId = `med-${line.index}`;
    const reqId = `req-${line.index}`;
    contained.push(toMedication(line, medId), toMedicationRequest(line, reqId, `#${medId}`, ctx));
    action.push({ title: line.drugText, resource: { reference: `#${reqId}` } });
  }
  const group: RequestGroup = {
    resourceType: 'RequestGroup',
    ...(FHIR_ID.test(meta.prescriptionId) ? { id: meta.prescriptionId } : {}),
    text: toNarrative(read.lines),
    contained,
    identifier: [{ system: SYSTEM.prescription, value: meta.prescriptionId }],
    status,
    intent: 'order',
    subject: { reference: '#patient' },
    author: { reference: '#author' },
  };
  if (meta.documentRef) {
    group.extension = [
      { url: EXT.prescriptionDocumentReference, valueReference: { reference: meta.documentRef } },
    ];
  }
  if (read.header.date) group.authoredOn = read.header.date;
  if (action.length > 0) group.action = action;
  return group;
}

/**
 * Wraps RequestGroups in a `collection` Bundle (for channels that deliver several at once).
 * @param groups - the RequestGroups
 */
export function toBundle(groups: RequestGroup[]): Bundle {
  return { resourceType: 'Bundle', type: 'collection', entry: groups.map((resource) => ({ resource })) };
}
