/**
 * Hostile files through the real direct scan API, queue, worker and scan engine (tesseract.js and the
 * BDPM index): decompression bombs, truncated and corrupted images and PDFs, PDFs with thousands of
 * pages or deep nesting, and files whose content lies about their type. Each is either refused by the
 * request (4xx with a clear message) or accepted and then failed by the worker with a clear reason;
 * nothing gets a 5xx, nothing hangs, and a genuine prescription is read afterwards.
 */
import type { RequestGroup } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PRESCRIPTION, textPdf } from '../../src/jobs/fixtures/prescription-files.js';
import { scanPrescriptionTask, type ScanDeps } from '../../src/jobs/tasks/scan-prescription.js';
import { Worker } from '../../src/jobs/worker.js';
import { createScanEngine, type ScanEngine } from '../../src/scan/engine.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createTestPartner, type TestPartner } from '../helpers/partner.js';
import { multipart } from '../helpers/scan-app.js';
import * as hostile from './hostile-files.js';

let t: TestApp;
let p: TestPartner;
let engine: ScanEngine | undefined;
let worker: Worker<ScanDeps> | undefined;
let images: { png: Buffer; jpeg: Buffer };
const PDF = textPdf([SAMPLE_PRESCRIPTION]);

interface Status {
  id: string;
  status: string;
  error?: string;
  requestGroup?: RequestGroup;
}

beforeAll(async () => {
  t = await buildTestApp({ deps: { partnerKeyCacheMs: 0 } });
  p = await createTestPartner(t);
  images = await hostile.realImages();
  engine = await createScanEngine({ ocrWorkers: 1 });
  worker = new Worker({ db: t.db, tasks: [scanPrescriptionTask], deps: { engine }, pollMs: 100 });
  worker.start();
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  await engine?.close();
  await t?.close();
});

async function scan(
  bytes: Buffer,
  isPdf: boolean,
): Promise<{ code: number; body: Status & { message?: string } }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/scan',
    headers: p.headers,
    payload: { images: [{ image: bytes.toString('base64'), isPdf }] },
  });
  return { code: res.statusCode, body: res.json() };
}

async function settle(id: string): Promise<Status> {
  for (let i = 0; i < 6; i++) {
    const res = await t.app.inject({ url: `/api/scan/${id}?wait=20`, headers: p.headers });
    expect(res.statusCode).toBe(200);
    const s = res.json<Status>();
    if (s.status !== 'reading') return s;
  }
  throw new Error(`scan ${id} still reading`);
}

const isPdfBytes = (b: Buffer): boolean => b.subarray(0, 5).toString('latin1') === '%PDF-';

describe('hostile files: accepted by the request, refused by the worker with a clear reason', () => {
  const cases: [string, () => Buffer, RegExp][] = [
    [
      'PNG header claiming 50000×50000 pixels',
      () => hostile.pngClaiming(50_000, 50_000),
      /50000×50000 pixels; at most/,
    ],
    [
      'PNG claiming 1×4000000000 pixels',
      () => hostile.pngClaiming(1, 4_000_000_000),
      /pixels; at most|cannot be/,
    ],
    [
      'truncated PNG',
      () => images.png.subarray(0, images.png.length >> 1),
      /PNG file cannot be (decoded|read)/,
    ],
    ['corrupted PNG', () => hostile.corrupt(images.png), /PNG file cannot be (decoded|read)/],
    [
      'truncated JPEG',
      () => images.jpeg.subarray(0, images.jpeg.length >> 1),
      /JPEG file cannot be (decoded|read)/,
    ],
    ['truncated PDF', () => PDF.subarray(0, PDF.length >> 1), /PDF cannot be read/],
    ['corrupted PDF', () => hostile.corrupt(PDF), /PDF cannot be read/],
    ['PDF with 5000 pages', () => hostile.manyPagePdf(5000), /5000 pages; at most 20/],
    ['PDF with an array nested 100000 deep', () => hostile.deepArrayPdf(100_000), /PDF cannot be read/],
    ['PDF whose page tree loops', () => hostile.cyclicPdf(), /PDF cannot be read/],
  ];
  it.each(cases)(
    '%s',
    async (_name, make, reason) => {
      const bytes = make();
      const res = await scan(bytes, isPdfBytes(bytes));
      expect(res.code).toBe(202);
      const done = await settle(res.body.id);
      expect(done.status).toBe('failed');
      expect(done.error).toMatch(reason);
    },
    90_000,
  );

  it.each([
    ['corrupted JPEG (JPEG decoders tolerate damage)', () => hostile.corrupt(images.jpeg)],
    ['PDF with a page tree 3000 levels deep', () => hostile.deepPageTreePdf(3000)],
  ])(
    '%s: read or failed, never stuck, never a drug read from noise',
    async (_name, make) => {
      const bytes = make();
      const res = await scan(bytes, isPdfBytes(bytes));
      expect(res.code).toBe(202);
      const done = await settle(res.body.id);
      expect(['ready', 'failed']).toContain(done.status);
      if (done.status === 'ready') {
        const requests = (done.requestGroup?.contained ?? []).filter(
          (r) => r.resourceType === 'MedicationRequest',
        );
        expect(requests).toEqual([]);
      }
    },
    90_000,
  );
});

describe('files whose content lies about their type: refused by the request', () => {
  it.each([
    ['PNG sent as a PDF', () => images.png, true, /\/images\/0\/isPdf is true but the file is image\/png/],
    [
      'PDF sent as an image',
      () => PDF,
      false,
      /\/images\/0\/isPdf is false but the file is application\/pdf/,
    ],
    ['text sent as an image', () => Buffer.from('GIF? no: plain text'), false, /neither a PDF nor/],
    [
      'HTML sent as a PDF',
      () => Buffer.from('<html><script>alert(1)</script></html>'),
      true,
      /neither a PDF nor/,
    ],
  ])('%s', async (_name, make, isPdf, message) => {
    const res = await scan(make(), isPdf);
    expect(res.code).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  it('a multipart part named .png holding a script is refused (415)', async () => {
    const body = multipart([
      { name: 'page.png', type: 'image/png', bytes: Buffer.from('#!/bin/sh\nrm -rf /\n') },
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/scan',
      headers: { ...p.headers, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(415);
    expect(res.json<{ message: string }>().message).toMatch(/checked from its content/);
  });
});

describe('after all that', () => {
  it('the server and the worker still read a genuine prescription', async () => {
    const res = await scan(PDF, true);
    expect(res.code).toBe(202);
    const done = await settle(res.body.id);
    expect(done.status).toBe('ready');
    expect(JSON.stringify(done.requestGroup).toUpperCase()).toContain('DOLIPRANE');
  }, 90_000);
});
