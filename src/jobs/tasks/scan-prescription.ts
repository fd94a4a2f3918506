/**
 * @module Task `scan-prescription`: reads a stored prescription's files with the scan engine and
 * stores the reading, the RequestGroup and the page images. Idempotent: it re-reads the prescription
 * first and does nothing unless it is still `reading`; the result is stored only while it is.
 */
import { AppError } from '../../errors.js';
import { findScanSession } from '../../registry/scan-sessions.js';
import type { ScanEngine, ScanMeta } from '../../scan/engine.js';
import type { PageStage } from '../../scan/read-pages.js';
import { listDocumentFiles } from '../../store/documents.js';
import type { Queryable } from '../../store/db.js';
import {
  getPrescription,
  markPrescriptionFailed,
  saveReadingProgress,
  saveReadResult,
  type ReadingProgress,
} from '../../store/prescriptions.js';
import type { Task } from '../task.js';

export interface ScanPayload {
  prescriptionId: string;
}

export interface ScanDeps {
  engine: ScanEngine;
}

export const SCAN_TASK = 'scan-prescription';

/** Least time between two progress writes of one reading (the web app polls every 0.6 s). */
const PROGRESS_WRITE_MS = 250;

/**
 * @returns a sink for a reading's page stages that writes them to the prescription at most every
 *   {@link PROGRESS_WRITE_MS}, one write at a time, and `flush` to write the last state. Progress is
 *   for display only: a failed write is dropped, never the reading.
 */
function createProgressWriter(
  db: Queryable,
  prescriptionId: string,
): { update: (page: number, stage: PageStage) => void; flush: () => Promise<void> } {
  const state: ReadingProgress = {};
  let dirty = false;
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const write = (): Promise<void> => {
    timer = undefined;
    if (!dirty) return writing;
    dirty = false;
    const snapshot = { ...state };
    writing = writing.then(() => saveReadingProgress(db, prescriptionId, snapshot).catch(() => undefined));
    return writing;
  };
  return {
    update(page, stage) {
      state[String(page)] = stage;
      dirty = true;
      timer ??= setTimeout(() => void write(), PROGRESS_WRITE_MS);
    },
    async flush() {
      clearTimeout(timer);
      await write();
    },
  };
}

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
    const progress = createProgressWriter(db, prescriptionId);
    await saveReadingProgress(db, prescriptionId, {}); // a retried job starts over
    const out = await engine.scan(files, meta, { onProgress: progress.update });
    await progress.flush();
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
