import type { RequestGroup } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { createTestPartner } from '../../test/helpers/partner.js';
import { createScanEngine, type ScanEngine } from '../scan/engine.js';
import { createFakeEngine } from '../scan/ocr/fake.js';
import { getJob } from '../store/jobs.js';
import { getPrescription, getPrescriptionPage, listSessionPrescriptions } from '../store/prescriptions.js';
import { SAMPLE_PRESCRIPTION, textPdf } from './fixtures/prescription-files.js';
import { enqueueSessionScan } from './submit-scan.js';
import { scanPrescriptionTask, type ScanDeps } from './tasks/scan-prescription.js';
import { Worker } from './worker.js';

let t: TestApp;
let engine: ScanEngine;

beforeAll(async () => {
  t = await buildTestApp({
    deps: {
      // The same hook as main.ts: pre-imported files are queued as soon as the session exists.
      onSessionOpened: async ({ sessionId, pathway }) => {
        if (pathway === 'preimported') await enqueueSessionScan(t.db, sessionId);
      },
    },
  });
  // Text PDFs are read from their text layer; the fake OCR engine is never called for them.
  engine = await createScanEngine({ ocr: createFakeEngine('') });
});
afterAll(async () => {
  await engine.close();
  await t.close();
});

describe('pre-imported scan-token images', () => {
  it('are queued by the context call and read by a worker into a ready prescription', async () => {
    const p = await createTestPartner(t);
    const pdf = textPdf([SAMPLE_PRESCRIPTION]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/partners/patient/scan-token',
      headers: p.headers,
      payload: { ...p.scanTokenBody, images: [{ image: pdf.toString('base64'), isPdf: true }] },
    });
    expect(res.statusCode).toBe(200);
    const sessionId = res.json<{ token: string }>().token.slice(0, 32);
    const [queued] = await listSessionPrescriptions(t.db, sessionId);
    expect(queued).toMatchObject({
      status: 'reading',
      partner: p.partner.id,
      facilityId: p.facility.id,
      patientId: p.scanTokenBody.patientId,
    });
    // Idempotent: a second call finds the same prescription.
    expect(await enqueueSessionScan(t.db, sessionId)).toBe(queued?.id);

    const worker = new Worker<ScanDeps>({
      db: t.db,
      tasks: [scanPrescriptionTask],
      deps: { engine },
      pollMs: 50,
    });
    worker.start();
    const id = queued?.id ?? '';
    const deadline = Date.now() + 20_000;
    while ((await getPrescription(t.db, id))?.status === 'reading' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await worker.stop();
    const done = await getPrescription(t.db, id);
    expect(done?.status).toBe('ready');
    expect(done?.pageCount).toBe(1);
    // The task wrote the page's stages as it read it; the last write says the page is done.
    expect(done?.readingProgress).toEqual({ '1': 'done' });
    expect(JSON.stringify(done?.requestGroup)).toContain('DOLIPRANE');
    const author = (done?.requestGroup as RequestGroup).contained?.find((r) => r.id === 'author');
    expect(author).toMatchObject({ name: [{ text: 'John Carter' }] });
    const page = await getPrescriptionPage(t.db, id, 1);
    expect(page?.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const job = await t.db.query<{ id: number }>(
      "select id from jobs where payload->>'prescriptionId' = $1",
      [id],
    );
    expect((await getJob(t.db, job.rows[0]?.id ?? 0))?.status).toBe('done');
  }, 40_000);

  it('does nothing for a session without files', async () => {
    expect(await enqueueSessionScan(t.db, 'f'.repeat(32))).toBeNull();
  });
});
