/**
 * @module Starting a scan: store the files as a document, create the prescription in `reading` and
 * enqueue `scan-prescription`, all in one transaction, then wake in-process workers. Reading never
 * happens in the caller (an HTTP request): the worker does it.
 */
import type { Db } from '../store/db.js';
import { insertDocument, type DocumentFileInput } from '../store/documents.js';
import { insertJob } from '../store/jobs.js';
import { insertPrescription, listSessionPrescriptions } from '../store/prescriptions.js';
import { SCAN_TASK } from './tasks/scan-prescription.js';
import { notifyJobEnqueued } from './wake.js';

export interface ScanSubmission {
  files: readonly DocumentFileInput[];
  partner: string | null;
  facilityId: string | null;
  sessionId: string | null;
  patientId: string | null;
}

/**
 * Stores a document and queues its reading.
 * @param db - database
 * @param s - files (one prescription, in page order) and owner
 * @returns the new prescription and job ids
 */
export async function submitScan(
  db: Db,
  s: ScanSubmission,
): Promise<{ prescriptionId: string; jobId: number }> {
  const out = await db.transaction(async (tx) => {
    const documentId = await insertDocument(tx, {
      partner: s.partner,
      facilityId: s.facilityId,
      sessionId: s.sessionId,
      files: s.files,
    });
    const prescriptionId = await insertPrescription(tx, {
      documentId,
      sessionId: s.sessionId,
      facilityId: s.facilityId,
      patientId: s.patientId,
      partner: s.partner,
    });
    const jobId = await insertJob(tx, SCAN_TASK, { prescriptionId }, { key: `scan:${prescriptionId}` });
    return { prescriptionId, jobId };
  });
  notifyJobEnqueued(db);
  return out;
}

/**
 * Queues the reading of a scan session's stored files (`session_files`, the scan-token `images`
 * pathway) as one prescription. Idempotent: does nothing when the session already has one.
 * @param db - database
 * @param sessionId - the scan session
 * @returns the prescription id, or null when the session has no file
 */
export async function enqueueSessionScan(db: Db, sessionId: string): Promise<string | null> {
  const existing = await listSessionPrescriptions(db, sessionId);
  if (existing[0] !== undefined) return existing[0].id;
  const session = await db.query<{ partner_id: string; facility_id: string; patient_id: string }>(
    'select partner_id, facility_id, patient_id from scan_sessions where id = $1',
    [sessionId],
  );
  const row = session.rows[0];
  const files = await db.query<{ bytes: Uint8Array; media_type: string | null; is_pdf: boolean }>(
    'select bytes, media_type, is_pdf from session_files where session_id = $1 order by position',
    [sessionId],
  );
  if (row === undefined || files.rows.length === 0) return null;
  const { prescriptionId } = await submitScan(db, {
    files: files.rows.map((f) => ({
      bytes: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength),
      mediaType: f.media_type ?? (f.is_pdf ? 'application/pdf' : 'application/octet-stream'),
    })),
    partner: row.partner_id,
    facilityId: row.facility_id,
    sessionId,
    patientId: row.patient_id,
  });
  return prescriptionId;
}
