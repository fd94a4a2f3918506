/**
 * @module Contained `MedicationRequest` of a line (https://hl7.org/fhir/R4/medicationrequest.html):
 * the structured dosage, renewals, and the Ordoscan extensions (original posology, ALD zone,
 * structuring reliability, recently unmarketed, printed boxes).
 */
import type { Dosage, Extension, MedicationRequest } from '@medplum/fhirtypes';
import type { ExtractedLine } from '../scan/types.js';
import { EXT, SYSTEM, boxExtension, reliabilityExtension } from './extensions.js';

/** References and values shared by every request of one prescription. */
export interface RequestContext {
  prescriptionId: string;
  status: MedicationRequest['status'];
  patientRef: string;
  prescriberRef: string | null;
  authoredOn: string | null;
}

function dosagesOf(line: ExtractedLine): Dosage[] {
  if (line.dosages.length > 0) {
    return line.dosages.map((d, i) => ({
      ...d,
      sequence: d.sequence ?? i + 1,
      text: d.text ?? line.posologyText,
    }));
  }
  return line.posologyText === '' ? [] : [{ text: line.posologyText }];
}

/**
 * The MedicationRequest of one extracted line.
 * @param line - the extracted line
 * @param id - local id of the contained resource
 * @param medicationRef - reference to its contained Medication ("#med-1")
 * @param ctx - prescription-wide references and values
 */
export function toMedicationRequest(
  line: ExtractedLine,
  id: string,
  medicationRef: string,
  ctx: RequestContext,
): MedicationRequest {
  const extension: Extension[] = [];
  if (line.posologyText !== '') extension.push({ url: EXT.originalPosology, valueString: line.posologyText });
  extension.push({ url: EXT.isPrescribedAsALD, valueBoolean: line.ald });
  extension.push(reliabilityExtension(line.reliability));
  const s = line.drug.chosen?.specialty;
  if (s) extension.push({ url: EXT.recentlyUnmarketed, valueBoolean: !s.marketed });
  extension.push(...line.boxes.map(boxExtension));
  const request: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id,
    extension,
    status: ctx.status,
    intent: 'order',
    medicationReference: { reference: medicationRef, display: line.drugText },
    subject: { reference: ctx.patientRef },
    groupIdentifier: { system: SYSTEM.prescription, value: ctx.prescriptionId },
  };
  if (ctx.authoredOn) request.authoredOn = ctx.authoredOn;
  if (ctx.prescriberRef) request.requester = { reference: ctx.prescriberRef };
  const dosageInstruction = dosagesOf(line);
  if (dosageInstruction.length > 0) request.dosageInstruction = dosageInstruction;
  if (line.renewals != null) request.dispenseRequest = { numberOfRepeatsAllowed: line.renewals };
  return request;
}
