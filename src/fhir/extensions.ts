/**
 * @module Ordoscan's FHIR extensions and identifier systems, all under one namespace. The names end
 * like the original system's (POSOS) so that a partner's parser changes one prefix at most. See
 * `docs/fhir.md`.
 */
import type { Extension } from '@medplum/fhirtypes';
import type { Box, Reliability } from '../scan/types.js';

/** Prefix of every Ordoscan StructureDefinition (extension) URL. */
export const EXTENSION_BASE = 'https://ordoscan.dev/fhir/StructureDefinition/';

export const EXT = {
  originalPosology: `${EXTENSION_BASE}originalPosology`,
  isPrescribedAsALD: `${EXTENSION_BASE}isPrescribedAsALD`,
  structurationReliability: `${EXTENSION_BASE}structurationReliability`,
  recentlyUnmarketed: `${EXTENSION_BASE}recentlyUnmarketed`,
  prescriptionDocumentReference: `${EXTENSION_BASE}prescriptionDocumentReference`,
  printedBox: `${EXTENSION_BASE}printedBox`,
} as const;

/** Code system of `structurationReliability` (codes `high`, `medium`, `low`). */
export const RELIABILITY_SYSTEM = 'https://ordoscan.dev/fhir/CodeSystem/structuration-reliability';

/** Identifier systems. */
export const SYSTEM = {
  prescription: 'https://ordoscan.dev/fhir/sid/prescription',
  partnerPatient: 'https://ordoscan.dev/fhir/sid/partner-patient-id',
  /** French national health professional id (FR Core `idNatPs`): "8" + RPPS. */
  idNatPs: 'urn:oid:1.2.250.1.71.4.2.1',
  /** BDPM CIS code of a specialty. */
  cis: 'urn:oid:1.2.250.1.213.2.3.1',
  atc: 'http://www.whocc.no/atc',
  ucum: 'http://unitsofmeasure.org',
} as const;

const RELIABILITY_DISPLAY: Record<Reliability, string> = {
  high: 'The engine stands behind the drug and every dosage field',
  medium: 'Something is doubtful: to be checked',
  low: 'Not reliable: to be checked and completed',
};

/**
 * The `structurationReliability` extension.
 * @param reliability - the line reliability
 */
export function reliabilityExtension(reliability: Reliability): Extension {
  return {
    url: EXT.structurationReliability,
    valueCoding: { system: RELIABILITY_SYSTEM, code: reliability, display: RELIABILITY_DISPLAY[reliability] },
  };
}

/**
 * The `printedBox` extension: where the line is printed (page, and box in pixels of the
 * normalised page image), for the validation screen's highlight.
 * @param box - one box of the line
 */
export function boxExtension(box: Box): Extension {
  return {
    url: EXT.printedBox,
    extension: [
      { url: 'page', valueInteger: box.page },
      { url: 'x', valueDecimal: Math.round(box.x) },
      { url: 'y', valueDecimal: Math.round(box.y) },
      { url: 'width', valueDecimal: Math.round(box.width) },
      { url: 'height', valueDecimal: Math.round(box.height) },
    ],
  };
}
