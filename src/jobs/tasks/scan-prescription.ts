/**
 * @module Task `scan-prescription`: reads a stored prescription's files with the scan engine and
 * stores the reading, the RequestGroup and the page images. Idempotent: it re-reads the prescription
 * first and does nothing unless it is still `reading`; the result is stored only while it is.
 */
import { AppError } from '../../errors.js';
import { findScanSession } from '../../registry/scan-sessions.js';
import type { ScanEngine, ScanMeta } from '../../scan/engine.js';
import { listDocumentFiles } from '../../store/documents.js';
import { getPrescription, markPrescriptionFailed, saveReadResult } from '../../store/prescriptions.js';
import type { Task } from '../task.js';

export interface ScanPayload {
  prescriptionId: string;
}

export interface ScanDeps {
  engine: ScanEngine;
}

export const SCAN_TASK = 'scan-prescription';

export const scanPrescriptionTask: Task<ScanPayload, ScanDeps> = {
  name: SCAN_TASK,
  parsePayload(raw) {
    const id = (raw as { prescriptionId?: unknown } | null)?.prescriptionId;
    if (typeof id !== 'string') throw new AppError('invalid', 'The job payload has no prescriptionId.');
    return { prescriptionId: id };
  },
  async run({ prescriptionId }, { db, engine, signal }) {
    const p = await getPrescription(db, prescriptionId);
    if (p?.status !== 'reading') return; // gone, already read, or cancelled meanwhile
    const files = await listDocumentFiles(db, p.documentId);
    if (files.length === 0) throw new AppError('invalid', 'The document has no file to read.');
    const meta: ScanMeta = { prescriptionId };
    if (p.patientId !== null) meta.patientId = p.patientId;
    // A session's scanning user is the RequestGroup's author; the direct scan API has none.
    const session = p.sessionId === null ? null : await findScanSession(db, p.sessionId);
    if (session !== null) {
      meta.practitioner = {
        name: `${session.userFirstName} ${session.userLastName}`,
        rpps: session.userRpps,
      };
    }
    const out = await engine.scan(files, meta);
    if (signal.aborted) return; // lease lost: whoever holds it now stores the result
    await saveReadResult(db, prescriptionId, {
      readResult: out.read,
      requestGroup: out.requestGroup,
      pages: out.pageImages.map((i) => ({
        page: i.page,
        mediaType: i.mime,
        width: i.width,
        height: i.height,
        bytes: i.bytes,
      })),
    });
  },
  async onFailure({ prescriptionId }, message, { db }) {
    await markPrescriptionFailed(db, prescriptionId, `The prescription could not be read: ${message}`);
  },
};
