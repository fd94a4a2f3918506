import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createTestPartner, type TestPartner } from '../../../test/helpers/partner.js';
import { SAMPLE_PRESCRIPTION, textPdf } from '../../jobs/fixtures/prescription-files.js';

// No worker runs here: every accepted scan stays waiting, which is what fills a partner's share.
let t: TestApp;
let a: TestPartner;
let b: TestPartner;
const body = { images: [{ image: textPdf([SAMPLE_PRESCRIPTION]).toString('base64'), isPdf: true }] };

beforeAll(async () => {
  t = await buildTestApp({ env: { SCAN_QUEUE_LIMIT: '2' } });
  a = await createTestPartner(t);
  b = await createTestPartner(t);
}, 120_000);
afterAll(() => t?.close());

describe('direct scan backpressure', () => {
  it('answers 429 with Retry-After once a partner has SCAN_QUEUE_LIMIT scans waiting, other partners unaffected', async () => {
    const post = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/scan', headers, payload: body });
    expect((await post(a.headers)).statusCode).toBe(202);
    expect((await post(a.headers)).statusCode).toBe(202);
    const refused = await post(a.headers);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('10');
    const error = refused.json<{ error: string; message: string }>();
    expect(error.error).toBe('rate-limited');
    expect(error.message).toMatch(/still being read/);
    expect((await post(b.headers)).statusCode).toBe(202);
  });
});
