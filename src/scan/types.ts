/**
 * @module Types shared by the stages of the scan engine (ingest → ocr → layout → drugs → posology → fhir).
 * Problems are data (`Issue`), not exceptions: one bad line never fails a document.
 */
import type { Dosage } from '@medplum/fhirtypes';
import type { DrugCandidate } from '../drugs/types.js';

export type { Dosage };

/** How far the engine stands behind a line or a field; `high` only when it doubts nothing. */
export type Reliability = 'high' | 'medium' | 'low';

/** One problem found while reading, shaped like FHIR `OperationOutcome.issue`. */
export interface Issue {
  severity: 'error' | 'warning' | 'information';
  /**
   * Machine-readable reason, e.g. `drug-not-found`, `drug-ambiguous`, `posology-unparsed`. The web app
   * shows a French/English label per code: a new code needs one in `web/src/issue-labels.ts`
   * (`test/web/issue-labels.test.ts` fails otherwise).
   */
  code: string;
  /** Human-readable, in English; never patient data beyond the line text itself. */
  message: string;
  /** The field concerned (`drug`, `dose`, `timing`, `duration`, …), when it is one. */
  field?: string;
  /**
   * What the issue is about, as printed on the prescription (the words not understood, the printed
   * route): the web app shows them beside its label, in any language.
   */
  details?: string[];
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

/** One word read on a page. */
export interface OcrWord {
  text: string;
  /** 0..100 as reported by the OCR engine (100 for a PDF text layer). */
  confidence: number;
  box: Box;
}

/** One printed line of a page, words in reading order. */
export interface OcrLine {
  text: string;
  confidence: number;
  box: Box;
  words: OcrWord[];
}

/** The text of one page with geometry: the output of `ocr` (or of a PDF text layer) and input of `layout`. */
export interface PageText {
  /** 1-based page number within the document. */
  page: number;
  /** Size of the normalised page image the boxes refer to (for a text PDF: the page at 150 dpi). */
  width: number;
  height: number;
  source: 'ocr' | 'pdf-text';
  lines: OcrLine[];
  issues: Issue[];
}

/** A prescription header as read: fields are null when not found. */
export interface PrescriptionHeader {
  prescriber: { name: string | null; rpps: string | null } | null;
  patient: { name: string | null; birthDate: string | null } | null;
  /** ISO date (YYYY-MM-DD) of the prescription. */
  date: string | null;
}

/** One drug line of a prescription after layout: the drug text and its dosage continuation joined. */
export interface PrescriptionItem {
  /** 1-based order in the document. */
  index: number;
  /** The full text of the item as read (drug line + continuation lines). */
  text: string;
  /** The part naming the drug ("DOLIPRANE 1000 mg cp"). */
  drugText: string;
  /** The dosage part ("1 cp matin et soir pendant 7 jours"), '' when none. */
  posologyText: string;
  /** The route printed in a table "Voie" column, if any. */
  routeText: string | null;
  /** Printed in a table that has a route column: a missing `routeText` means the route was not read. */
  routeExpected?: boolean;
  /** Printed in the ALD zone of a bizone form. */
  ald: boolean;
  /** Where it is printed (one box per physical line). */
  boxes: Box[];
  /** Mean OCR confidence of its words, 0..100. */
  ocrConfidence: number;
  /**
   * Lowest OCR confidence of a word holding a digit (or a stroke read for one), 0..100: one misread
   * digit changes a dose or a strength however sure the rest of the line is. Absent: no such word.
   */
  digitConfidence?: number;
  /** A line just under the item that reads like a dosage (or could not be read) but was not joined. */
  unjoinedText?: string;
}

/** The drug of an extracted line: the chosen specialty and the other candidates. */
export interface ExtractedDrug {
  /** The specialty the engine chose (best candidate), or null when no drug was recognised. */
  chosen: DrugCandidate | null;
  /** The other candidates, best first (same tier first when `ambiguous`). */
  alternatives: DrugCandidate[];
  /** Several specialties fit the printed text equally well. */
  ambiguous: boolean;
  /** The strength as read ("1000 mg"), when printed. */
  strength: string | null;
  /** How far the recogniser stands behind `chosen`. */
  reliability: Reliability;
}

/** One prescription line after extraction: layout item + drug + structured dosage + reliability. */
export interface ExtractedLine extends PrescriptionItem {
  drug: ExtractedDrug;
  /** FHIR R4 Dosage steps of the posology, ordered by `sequence`; [] when none could be read. */
  dosages: Dosage[];
  /** "à renouveler N fois" → N, else null. */
  renewals: number | null;
  /** Reliability of the dosage structuring alone. */
  posologyReliability: Reliability;
  /** Whole-line reliability: `high` only when the drug, every dosage field and the OCR are sure. */
  reliability: Reliability;
  /** Problems found on this line (never thrown). */
  issues: Issue[];
}

/** What `readPrescription` returns for one document. */
export interface ReadResult {
  header: PrescriptionHeader;
  lines: ExtractedLine[];
  /** Every printed line in reading order, for the narrative and the UI. */
  text: { page: number; text: string; box: Box }[];
  /** Size and source of each page (boxes refer to these). */
  pages: { page: number; width: number; height: number; source: PageText['source'] }[];
  /** Document-level problems (page issues, no drug line found, …). */
  issues: Issue[];
}
