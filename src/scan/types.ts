/**
 * @module Types shared by the stages of the scan engine (ingest → ocr → layout → drugs → posology → fhir).
 * Problems are data (`Issue`), not exceptions: one bad line never fails a document.
 */
import type { Dosage } from '@medplum/fhirtypes';

export type { Dosage };

/** How far the engine stands behind a line or a field; `high` only when it doubts nothing. */
export type Reliability = 'high' | 'medium' | 'low';

/** One problem found while reading, shaped like FHIR `OperationOutcome.issue`. */
export interface Issue {
  severity: 'error' | 'warning' | 'information';
  /** Machine-readable reason, e.g. `drug-not-found`, `drug-ambiguous`, `posology-unparsed`. */
  code: string;
  /** Human-readable, in English; never patient data beyond the line text itself. */
  message: string;
  /** The field concerned (`drug`, `dose`, `timing`, `duration`, …), when it is one. */
  field?: string;
}

/** A box on a page, in pixels of the normalised page image (origin top-left). */
export interface Box {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Result of `parsePosology(text, context)`. */
export interface PosologyResult {
  /** FHIR R4 Dosage steps, ordered by `sequence` (same sequence = concurrent). */
  dosages: Dosage[];
  /** Overall reliability of the structuring. */
  reliability: Reliability;
  /** 0..1 score behind `reliability`. */
  confidence: number;
  /** "à renouveler N fois" → N, else null. */
  renewals: number | null;
  issues: Issue[];
}

/** Context that helps the posology engine: the drug as printed and what is known of it. */
export interface PosologyContext {
  /** The drug as printed, e.g. "DOLIPRANE 1000 mg cp". */
  drug?: string;
  /** Dose-form family of the recognised drug: tablet, capsule, sachet, drop, puff, injection, … */
  formFamily?: string;
  /** Routes implied by the drug (BDPM), e.g. ['oral']. */
  routes?: string[];
}
