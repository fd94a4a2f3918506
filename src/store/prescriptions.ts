/**
 * @module Scanned prescriptions: one row per document read by the engine, with its lifecycle
 * `reading → ready | failed`, then `validated` or `cancelled` by the clinician (web app). The engine's
 * output (`read_result`), the FHIR R4 RequestGroup built from it (`request_group`) and the normalised
 * page images (`prescription_pages`, what the boxes of `read_result` refer to) are stored here.
 *
 * Invariants: results are written only while the status is `reading`, so a scan job that runs twice
 * (lease taken over) stores its result once and never overwrites a clinician's later changes; tenant
 * checks (`partner`) are done in SQL by the `…ForPartner` readers.
 */
import type { PageStage } from '../scan/read-pages.js';
import type { Db, Queryable } from './db.js';

export type PrescriptionStatus = 'reading' | 'ready' | 'failed' | 'validated' | 'cancelled';

export interface Prescription {
  id: string;
  documentId: string;
  sessionId: string | null;
  facilityId: string | null;
  patientId: string | null;
  partner: string | null;
  status: PrescriptionStatus;
  /** Why reading failed (status `failed`), written for the user. */
  error: string | null;
  /** The engine's output (JSON), null until read. */
  readResult: unknown;
  /** FHIR R4 RequestGroup, null until read. */
  requestGroup: unknown;
  pageCount: number | null;
  /** While reading: each page's stage (page number → stage), as the scan job last wrote it. */
  readingProgress: ReadingProgress | null;
  createdAt: Date;
  updatedAt: Date;
  readAt: Date | null;
}

/** Page number (as a string: a JSON key) → stage (`readPages`' progress). */
export type ReadingProgress = Record<string, PageStage>;

export interface PrescriptionPage {
  page: number;
  mediaType: string;
  width: number;
  height: number;
  bytes: Buffer;
}

export interface NewPrescription {
  documentId: string;
  sessionId: string | null;
  facilityId: string | null;
  patientId: string | null;
  partner: string | null;
}

const COLUMNS = `id, document_id as "documentId", session_id as "sessionId", facility_id as "facilityId",
  patient_id as "patientId", partner, status, error, read_result as "readResult",
  request_group as "requestGroup", page_count as "pageCount", reading_progress as "readingProgress",
  created_at as "createdAt",
  updated_at as "updatedAt", read_at as "readAt"`;

/**
 * Creates a prescription in status `reading`.
 * @param db - database or transaction (usually the one that stored the document)
 * @param p - document and owner
 * @returns the new prescription id
 */
export async function insertPrescription(db: Queryable, p: NewPrescription): Promise<string> {
  const r = await db.query<{ id: string }>(
    `insert into prescriptions (document_id, session_id, facility_id, patient_id, partner)
     values ($1, $2, $3, $4, $5) returning id`,
    [p.documentId, p.sessionId, p.facilityId, p.patientId, p.partner],
  );
  const id = r.rows[0]?.id;
  if (id === undefined) throw new Error('insert into prescriptions returned no id');
  return id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * @param db - database
 * @param id - prescription id (anything that is not a uuid is simply not found)
 */
export async function getPrescription(db: Queryable, id: string): Promise<Prescription | null> {
  if (!UUID.test(id)) return null;
  const r = await db.query<Prescription>(`select ${COLUMNS} from prescriptions where id = $1`, [id]);
  return r.rows[0] ?? null;
}

/**
 * Reads a prescription only if it belongs to `partner` (tenant isolation).
 * @param db - database
 * @param id - prescription id
 * @param partner - the calling partner's id
 */
export async function getPrescriptionForPartner(
  db: Queryable,
  id: string,
  partner: string,
): Promise<Prescription | null> {
  if (!UUID.test(id)) return null;
  const r = await db.query<Prescription>(
    `select ${COLUMNS} from prescriptions where id = $1 and partner = $2`,
    [id, partner],
  );
  return r.rows[0] ?? null;
}

/**
 * @param db - database
 * @param sessionId - a scan session
 * @returns the session's prescriptions, oldest first
 */
export async function listSessionPrescriptions(db: Queryable, sessionId: string): Promise<Prescription[]> {
  const r = await db.query<Prescription>(
    `select ${COLUMNS} from prescriptions where session_id = $1 order by created_at, id`,
    [sessionId],
  );
  return r.rows;
}

export interface ReadOutcome {
  readResult: unknown;
  requestGroup: unknown;
  pages: readonly PrescriptionPage[];
}

/**
 * Records where the reading of each page stands, only while the prescription is `reading`.
 * @param db - database
 * @param id - prescription id
 * @param progress - each page's stage
 */
export async function saveReadingProgress(
  db: Queryable,
  id: string,
  progress: ReadingProgress,
): Promise<void> {
  await db.query(`update prescriptions set reading_progress = $2 where id = $1 and status = 'reading'`, [
    id,
    JSON.stringify(progress),
  ]);
}

/**
 * Stores the engine's result and moves the prescription to `ready`, only if it is still `reading`.
 * @param db - database
 * @param id - prescription id
 * @param outcome - engine output, RequestGroup and page images
 * @returns false when the prescription was no longer `reading` (already stored, cancelled, gone)
 */
export async function saveReadResult(db: Db, id: string, outcome: ReadOutcome): Promise<boolean> {
  return db.transaction(async (tx) => {
    const r = await tx.query(
      `update prescriptions set status = 'ready', error = null, read_result = $2, request_group = $3,
         page_count = $4, read_at = now(), updated_at = now()
       where id = $1 and status = 'reading'`,
      [id, JSON.stringify(outcome.readResult), JSON.stringify(outcome.requestGroup), outcome.pages.length],
    );
    if (r.rowCount !== 1) return false;
    await tx.query('delete from prescription_pages where prescription_id = $1', [id]);
    for (const p of outcome.pages) {
      await tx.query(
        `insert into prescription_pages (prescription_id, page, media_type, width, height, bytes)
         values ($1, $2, $3, $4, $5, $6)`,
        [id, p.page, p.mediaType, p.width, p.height, p.bytes],
      );
    }
    return true;
  });
}

/**
 * Marks a prescription `failed` with a message for the user, only if it is still `reading`.
 * @param db - database
 * @param id - prescription id
 * @param message - what went wrong and what to do
 * @returns false when it was no longer `reading`
 */
export async function markPrescriptionFailed(db: Queryable, id: string, message: string): Promise<boolean> {
  const r = await db.query(
    `update prescriptions set status = 'failed', error = $2, updated_at = now()
     where id = $1 and status = 'reading'`,
    [id, message.slice(0, 2000)],
  );
  return r.rowCount === 1;
}

/**
 * Reads one normalised page image.
 * @param db - database
 * @param id - prescription id
 * @param page - 1-based page number
 */
export async function getPrescriptionPage(
  db: Queryable,
  id: string,
  page: number,
): Promise<PrescriptionPage | null> {
  if (!UUID.test(id)) return null;
  const r = await db.query<{
    page: number;
    media_type: string;
    width: number;
    height: number;
    bytes: Uint8Array;
  }>(
    `select page, media_type, width, height, bytes from prescription_pages where prescription_id = $1 and page = $2`,
    [id, page],
  );
  const row = r.rows[0];
  if (row === undefined) return null;
  return {
    page: row.page,
    mediaType: row.media_type,
    width: row.width,
    height: row.height,
    bytes: Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
  };
}

/**
 * Counts a partner's prescriptions still waiting to be read (backpressure of the direct scan API).
 * @param db - database
 * @param partner - the partner id
 */
export async function countReadingScans(db: Queryable, partner: string): Promise<number> {
  const r = await db.query<{ n: number }>(
    "select count(*)::int as n from prescriptions where partner = $1 and status = 'reading'",
    [partner],
  );
  return r.rows[0]?.n ?? 0;
}
