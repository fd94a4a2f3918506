/**
 * @module Wire types of the clinician app API (`/api/app/*`), shared by the routes and, type-only, by
 * the web app (`web/src/api.ts`). A line on the wire is the engine's line made editable: the drug
 * chosen, the alternatives when the match was ambiguous, the FHIR Dosage steps, and a review state
 * that says whether the clinician still has to look at it.
 */
import type { Dosage } from '@medplum/fhirtypes';
import type { Box, Issue, Reliability } from '../../../scan/types.js';

/** A drug as the app shows and chooses it (one BDPM specialty). */
export interface AppDrug {
  cis: string;
  name: string;
  form: string;
  strength: string | null;
  substances: string[];
  marketed: boolean;
  atc: string | null;
}

/**
 * Whether the clinician must look at a line before validating:
 * `none` nothing doubtful; `required` flagged and not yet looked at; `acknowledged` flagged and
 * confirmed as read; `edited` changed by the clinician.
 */
export type ReviewState = 'none' | 'required' | 'acknowledged' | 'edited';

/** One prescription line, editable. */
export interface AppLine {
  /** Stable id: `e<n>` for the engine's n-th line, a random id for lines the clinician added. */
  id: string;
  origin: 'engine' | 'user';
  /** The full line as read ('' for an added line). */
  text: string;
  /** The part naming the drug, as printed (or typed). */
  drugText: string;
  /** The chosen specialty; null when the drug was not recognised (kept as text only). */
  drug: AppDrug | null;
  /** Other candidates when the match was ambiguous, best first. */
  alternatives: AppDrug[];
  /** The dosage as printed. */
  posologyText: string;
  /** FHIR R4 Dosage steps (ordered by `sequence`). */
  dosages: Dosage[];
  renewals: number | null;
  /** Printed in the ALD zone of a bizone form. */
  ald: boolean;
  /** The engine's reliability for the line (kept after edits, for the audit). */
  reliability: Reliability;
  /** What the engine doubted; `field` says which part (drug, dose, timing, duration, …). */
  issues: Issue[];
  /** Where the line is printed, in pixels of the page images. */
  boxes: Box[];
  review: ReviewState;
}

/** The fields a clinician may change on a line (PUT body and POST body for a new line). */
export interface LineEdit {
  drugText: string;
  /** CIS of the chosen specialty, or null to keep the drug as text only. */
  cis: string | null;
  dosages: Dosage[];
  renewals: number | null;
  ald: boolean;
}

export type PrescriptionStatus = 'none' | 'reading' | 'ready' | 'failed' | 'validated' | 'cancelled';

/** Per-page progress while reading. */
export interface PageProgress {
  page: number;
  state: 'waiting' | 'reading' | 'done' | 'failed';
  /** While reading, the page's stage when the scan job reported it: `preparing` (image), `ocr` (text). */
  stage: string | null;
}

/** `GET /api/app/prescription`. */
export interface PrescriptionView {
  status: PrescriptionStatus;
  prescriptionId: string | null;
  /** Reading: job state and per-page progress. */
  progress: {
    job: 'queued' | 'running' | 'done' | 'failed' | 'unknown';
    attempts: number;
    startedAt: string | null;
    elapsedMs: number;
    pages: PageProgress[];
  } | null;
  error: string | null;
  /** Normalised page images the boxes refer to. */
  pages: { page: number; width: number; height: number; url: string }[];
  header: {
    prescriber: string | null;
    rpps: string | null;
    patient: string | null;
    date: string | null;
  } | null;
  lines: AppLine[];
}

/** A page staged for reading (`GET /api/app/pages`). */
export interface StagedPage {
  id: string;
  position: number;
  mediaType: string;
  isPdf: boolean;
  size: number;
  source: 'upload' | 'phone' | 'preimported';
  url: string;
}

/** `POST /api/app/pairing`. */
export interface PairingView {
  id: string;
  /** The link the phone opens (also encoded in the QR code). */
  url: string;
  /** The QR code of `url`, as an SVG document (shown through a blob: URL under the CSP). */
  qrSvg: string;
  expiresAt: string;
}
