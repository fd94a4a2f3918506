/**
 * @module The RequestGroup as published by every channel: the stored one with its logical `id` (the
 * prescription id) and `meta.lastUpdated`, so pull, FHIR read, webhook and e-mail carry the same
 * resource. Pure.
 */
import type { RequestGroup } from '@medplum/fhirtypes';

export const FHIR_JSON = 'application/fhir+json';

/**
 * @param stored - `prescriptions.request_group`
 * @param prescriptionId - the prescription id
 * @param validatedAt - when it was validated
 */
export function publishedRequestGroup(
  stored: unknown,
  prescriptionId: string,
  validatedAt: Date,
): RequestGroup {
  const rg = (typeof stored === 'string' ? JSON.parse(stored) : stored) as RequestGroup;
  return {
    ...rg,
    resourceType: 'RequestGroup',
    id: prescriptionId,
    meta: { ...rg.meta, lastUpdated: validatedAt.toISOString() },
  };
}

/** @returns the partner's patient id carried by the RequestGroup's contained Patient, if any */
export function patientIdOf(rg: RequestGroup): string | null {
  const ref = rg.subject?.reference?.replace(/^#/, '');
  const p = rg.contained?.find((r) => r.resourceType === 'Patient' && (ref === undefined || r.id === ref));
  return (
    (p?.resourceType === 'Patient' ? p.identifier?.[0]?.value : undefined) ??
    rg.subject?.identifier?.value ??
    null
  );
}
