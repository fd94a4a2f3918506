import type { MedicationRequest, Medication, RequestGroup } from '@medplum/fhirtypes';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createTestPartner, type TestPartner } from '../../../test/helpers/partner.js';
import { SAMPLE_PRESCRIPTION, textPdf, textPng } from '../../jobs/fixtures/prescription-files.js';
import { scanPrescriptionTask, type ScanDeps } from '../../jobs/tasks/scan-prescription.js';
import { Worker } from '../../jobs/worker.js';
import { createScanEngine, type ScanEngine } from '../../scan/engine.js';
import { MAX_IMAGE_BYTES } from '../../registry/image-input.js';

let t: TestApp;
let p: TestPartner;
let engine: ScanEngine | undefined;
let worker: Worker<ScanDeps> | null = null;
const PDF = textPdf([SAMPLE_PRESCRIPTION]);

interface Status {
  id: string;
  status: string;
  statusUrl: string;
  error?: string;
  requestGroup?: RequestGroup;
}

const post = (payload: unknown, headers = p.headers): Promise<LightMyRequestResponse> =>
  t.app.inject({ method: 'POST', url: '/api/scan', headers, payload: payload as object });

function multipartBody(files: { name: string; bytes: Buffer }[], fields: Record<string, string> = {}) {
  const boundary = '----ordoscan-test';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      f.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function drugTexts(rg: RequestGroup | undefined): string[] {
  const meds = (rg?.contained ?? []).filter((r): r is Medication => r.resourceType === 'Medication');
  const requests = (rg?.contained ?? []).filter(
    (r): r is MedicationRequest => r.resourceType === 'MedicationRequest',
  );
  expect(requests.length).toBe(meds.length);
  return meds.map((m) => m.code?.text ?? m.code?.coding?.[0]?.display ?? '');
}

beforeAll(async () => {
  t = await buildTestApp({ deps: { partnerKeyCacheMs: 0 } });
  p = await createTestPartner(t);
  engine = await createScanEngine({ ocrWorkers: 1 });
}, 180_000); // PGlite, the BDPM drug index and a tesseract worker: slow on a busy machine
afterAll(async () => {
  await worker?.stop();
  await engine?.close();
  await t?.close();
});

describe('direct scan API', () => {
  it('answers 202, keeps reading out of the request, then serves the RequestGroup (wait)', async () => {
    // No worker yet: the scan stays queued, proving the request itself does not read.
    const res = await post({ images: [{ image: PDF.toString('base64'), isPdf: true }], patientId: 'IPP-1' });
    expect(res.statusCode).toBe(202);
    const accepted = res.json<Status>();
    expect(accepted).toEqual({
      id: accepted.id,
      status: 'reading',
      statusUrl: `${t.config.publicUrl}/api/scan/${accepted.id}`,
    });
    expect(res.headers.location).toBe(accepted.statusUrl);
    const queued = await t.app.inject({ url: `/api/scan/${accepted.id}`, headers: p.headers });
    expect(queued.json<Status>().status).toBe('reading');

    worker = new Worker({
      db: t.db,
      tasks: [scanPrescriptionTask],
      deps: { engine: engine as ScanEngine },
      pollMs: 100,
    });
    worker.start();
    const done = await t.app.inject({ url: `/api/scan/${accepted.id}?wait=30`, headers: p.headers });
    expect(done.statusCode).toBe(200);
    const body = done.json<Status>();
    expect(body.status).toBe('ready');
    const rg = body.requestGroup;
    expect(rg?.resourceType).toBe('RequestGroup');
    expect(rg?.identifier?.some((i) => i.value === accepted.id)).toBe(true);
    const drugs = drugTexts(rg).join(' | ').toUpperCase();
    expect(drugs).toContain('DOLIPRANE');
    expect(drugs).toContain('AMOXICILLINE');
  }, 60_000);

  it('reads a multipart PNG page with OCR and returns it on the next poll', async () => {
    const png = await textPng(SAMPLE_PRESCRIPTION);
    const { payload, contentType } = multipartBody([{ name: 'page1.png', bytes: png }], {
      patientId: 'IPP-2',
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/scan',
      headers: { ...p.headers, 'content-type': contentType },
      payload,
    });
    expect(res.statusCode).toBe(202);
    const { id } = res.json<Status>();
    const done = await t.app.inject({ url: `/api/scan/${id}?wait=30`, headers: p.headers });
    const body = done.json<Status>();
    expect(body.status).toBe('ready');
    expect(drugTexts(body.requestGroup).join(' ').toUpperCase()).toContain('DOLIPRANE');
  }, 60_000);

  it('hides one partner’s scans from another (404) and needs a bearer (401)', async () => {
    const res = await post({ images: [{ image: PDF.toString('base64'), isPdf: true }] });
    const { id } = res.json<Status>();
    const other = await createTestPartner(t);
    const foreign = await t.app.inject({ url: `/api/scan/${id}`, headers: other.headers });
    expect(foreign.statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/scan/${id}` })).statusCode).toBe(401);
    expect(
      (
        await post(
          { images: [{ image: PDF.toString('base64'), isPdf: true }] },
          { authorization: 'Bearer x' },
        )
      ).statusCode,
    ).toBe(401);
    expect((await t.app.inject({ url: '/api/scan/not-a-uuid', headers: p.headers })).statusCode).toBe(404);
  });

  it('refuses a facility the partner may not use (403)', async () => {
    const other = await createTestPartner(t);
    const res = await post({
      images: [{ image: PDF.toString('base64'), isPdf: true }],
      facilitySlug: other.facility.slug,
    });
    expect(res.statusCode).toBe(403);
  });

  it.each([
    ['bad base64', { images: [{ image: 'not base64!', isPdf: true }] }, 400, '/images/0/image'],
    [
      'a PDF flagged as image',
      { images: [{ image: PDF.toString('base64'), isPdf: false }] },
      400,
      '/images/0/isPdf',
    ],
    [
      'text that is not an image',
      { images: [{ image: Buffer.from('hello world!').toString('base64'), isPdf: false }] },
      400,
      '/images/0/image',
    ],
    ['no image', { images: [] }, 400, '/images'],
    ['a missing images field', { patientId: 'x' }, 400, '/images'],
  ])('answers 4xx naming the field for %s', async (_name, payload, status, field) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(status);
    const body = res.json<{ details: { field: string }[] }>();
    expect(body.details.map((d) => d.field).join(' ')).toContain(field);
  });

  it('answers 413 for a file over the size limit and 415 for a non-image multipart file', async () => {
    const big = Buffer.alloc(MAX_IMAGE_BYTES + 1024, 0x41);
    big.write('%PDF-1.4\n', 0, 'latin1');
    const tooBig = multipartBody([{ name: 'big.pdf', bytes: big }]);
    const r1 = await t.app.inject({
      method: 'POST',
      url: '/api/scan',
      headers: { ...p.headers, 'content-type': tooBig.contentType },
      payload: tooBig.payload,
    });
    expect(r1.statusCode).toBe(413);
    const text = multipartBody([{ name: 'notes.txt', bytes: Buffer.from('just some text') }]);
    const r2 = await t.app.inject({
      method: 'POST',
      url: '/api/scan',
      headers: { ...p.headers, 'content-type': text.contentType },
      payload: text.payload,
    });
    expect(r2.statusCode).toBe(415);
    expect(r2.json<{ message: string }>().message).toContain('notes.txt');
    const r3 = await t.app.inject({
      method: 'POST',
      url: '/api/scan',
      headers: { ...p.headers, 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(r3.statusCode).toBe(415);
  });

  it('marks a scan failed with a message when the file cannot be read', async () => {
    // A PNG signature with garbage after it passes the upload check but not decoding: a permanent error.
    const broken = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(200, 7)]);
    const res = await post({ images: [{ image: broken.toString('base64'), isPdf: false }] });
    expect(res.statusCode).toBe(202);
    const done = await t.app.inject({
      url: `/api/scan/${res.json<Status>().id}?wait=20`,
      headers: p.headers,
    });
    const body = done.json<Status>();
    expect(body.status).toBe('failed');
    expect(body.error).toMatch(/could not be read/);
    expect(body.requestGroup).toBeUndefined();
  }, 30_000);
});
