/**
 * @module The session's prescription: start reading the staged pages (one prescription per read;
 * a failed read may be retried with other pages), and the reading's progress from the job queue.
 */
import { submitScan } from '../../../jobs/submit-scan.js';
import { AppError } from '../../../errors.js';
import type { ScanSessionView } from '../../../registry/scan-sessions.js';
import { transitionScanSession } from '../../../registry/scan-sessions.js';
import type { Db, Queryable } from '../../../store/db.js';
import { listSessionPrescriptions, type Prescription } from '../../../store/prescriptions.js';
import type { PageProgress, PrescriptionView } from './wire.js';

/** @returns the session's latest prescription, or null before the first read */
export async function currentPrescription(db: Queryable, sessionId: string): Promise<Prescription | null> {
  const all = await listSessionPrescriptions(db, sessionId);
  return all[all.length - 1] ?? null;
}

/**
 * Queues the reading of the session's staged pages, unless a reading is under way or done.
 * @param db - database
 * @param s - the open session
 * @returns the prescription being read
 * @throws AppError `conflict` with no staged page
 */
export async function startReading(db: Db, s: ScanSessionView): Promise<string> {
  const current = await currentPrescription(db, s.id);
  if (current !== null && current.status !== 'failed') return current.id;
  const files = await db.query<{ bytes: Uint8Array; media_type: string | null; is_pdf: boolean }>(
    'select bytes, media_type, is_pdf from session_files where session_id = $1 order by position',
    [s.id],
  );
  if (files.rows.length === 0) {
    throw new AppError('conflict', 'No page to read: import the prescription first');
  }
  if (s.state !== 'reading') await transitionScanSession(db, s.id, 'reading');
  const { prescriptionId } = await submitScan(db, {
    files: files.rows.map((f) => ({
      bytes: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength),
      mediaType: f.media_type ?? (f.is_pdf ? 'application/pdf' : 'application/octet-stream'),
    })),
    partner: s.partnerId,
    facilityId: s.facilityId,
    sessionId: s.id,
    patientId: s.patientId,
  });
  return prescriptionId;
}

/**
 * @param db - database
 * @param p - a prescription being read (or just read)
 * @returns the job's state and each page's state: `waiting` while the job is queued, then as the
 *   scan job reports it (`reading` with its stage — preparing, ocr — then `done`), `done` once stored
 */
export async function readingProgress(
  db: Queryable,
  p: Prescription,
): Promise<NonNullable<PrescriptionView['progress']>> {
  const job = await db.query<{ status: string; attempts: number; updated_at: Date }>(
    `select status, attempts, updated_at from jobs where task = 'scan-prescription' and payload->>'prescriptionId' = $1
      order by id desc limit 1`,
    [p.id],
  );
  const files = await db.query<{ n: number }>(
    'select count(*)::int as n from document_files where document_id = $1',
    [p.documentId],
  );
  const j = job.rows[0];
  const jobState = (j?.status ?? 'unknown') as NonNullable<PrescriptionView['progress']>['job'];
  const reported = jobState === 'running' ? (p.readingProgress ?? {}) : {};
  const count = Math.max(p.pageCount ?? files.rows[0]?.n ?? 0, ...Object.keys(reported).map(Number));
  const pageOf = (page: number): PageProgress => {
    if (p.status === 'ready') return { page, state: 'done', stage: null };
    if (p.status === 'failed') return { page, state: 'failed', stage: null };
    if (jobState !== 'running') return { page, state: 'waiting', stage: null };
    const stage = reported[String(page)];
    if (stage === 'done') return { page, state: 'done', stage: null };
    return { page, state: 'reading', stage: stage ?? null };
  };
  return {
    job: jobState,
    attempts: j?.attempts ?? 0,
    startedAt: jobState === 'running' && j !== undefined ? new Date(j.updated_at).toISOString() : null,
    elapsedMs: Date.now() - new Date(p.createdAt).getTime(),
    pages: Array.from({ length: count }, (_, i) => pageOf(i + 1)),
  };
}
