/**
 * Hostile request bodies, property-based (fast-check): malformed and oversized JSON, wrong types,
 * huge strings, invalid base64, deep nesting, random unicode in queries, on the token endpoint, the
 * context call, the direct scan API, the token exchange and the posology helper. Every answer is a
 * success or a 4xx with the error body and a message, never a 5xx, and the server keeps serving.
 */
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_BEARER_GRANT } from '../../src/auth/assertion.js';
import { POSOLOGY_QUERY_MAX } from '../../src/api/routes/posology.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createTestPartner, type TestPartner } from '../helpers/partner.js';

const RUNS = 60;
let t: TestApp;
let p: TestPartner;
beforeAll(async () => {
  // Limits off: this file checks input handling, not throttling (rate-limit.int.test.ts does).
  t = await buildTestApp({
    env: { RATE_LIMIT_OAUTH_TOKEN: '0', RATE_LIMIT_SCAN_TOKEN: '0', RATE_LIMIT_APP_SESSION: '0' },
  });
  p = await createTestPartner(t);
});
afterAll(async () => {
  await t?.close();
});

/** Fails unless the answer is a success or a 4xx carrying `{ error, message }`. */
function expectHandled(res: LightMyRequestResponse, ok: number[] = [200, 202]): void {
  if (ok.includes(res.statusCode)) return;
  expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
  const body = res.json<{ error?: unknown; message?: string; error_description?: string }>();
  expect(typeof body.error).toBe('string');
  // The token endpoint answers RFC 6749 errors ({ error, error_description }).
  expect(String(body.message ?? body.error_description ?? '').length).toBeGreaterThan(3);
}

async function expectServing(): Promise<void> {
  expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
}

/** Any JSON-ish value of the wrong kind, including huge and odd strings. */
const anyValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ minLength: 5000, maxLength: 20_000 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 5 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 5 }),
);
const maybe = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof(good, anyValue);
const badBase64 = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constant('!!!!'),
  fc.constant('abc'),
  fc.constant('data:image/png;base64,====AAAA'),
  fc.base64String().map((s) => `${s}*`),
);

describe('POST /oauth2/token', () => {
  it('any JSON body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ grant_type: maybe(fc.constant(JWT_BEARER_GRANT)), assertion: anyValue }),
        ),
        async (body) => {
          const res = await t.app.inject({
            method: 'POST',
            url: '/oauth2/token',
            payload: JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
          });
          expectHandled(res, []);
        },
      ),
      { numRuns: RUNS },
    );
    await expectServing();
  });

  it('malformed JSON and form bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), fc.boolean(), async (raw, form) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/oauth2/token',
          payload: raw,
          headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
        });
        expectHandled(res, []);
      }),
      { numRuns: RUNS },
    );
    await expectServing();
  });
});

describe('POST /api/partners/patient/scan-token', () => {
  it('fields of the wrong type, huge strings and invalid base64 images', async () => {
    const body = fc.record(
      {
        first_name: maybe(fc.constant('John')),
        last_name: maybe(fc.constant('Carter')),
        rpps: maybe(fc.constant(p.scanTokenBody.rpps)),
        facilitySlug: maybe(fc.constant(p.scanTokenBody.facilitySlug)),
        patientId: maybe(fc.string({ minLength: 1, maxLength: 20 })),
        images: fc.oneof(
          anyValue,
          fc.array(fc.record({ image: badBase64, isPdf: maybe(fc.boolean()) }), { maxLength: 3 }),
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/partners/patient/scan-token',
          headers: p.headers,
          payload,
        });
        expectHandled(res);
      }),
      { numRuns: RUNS },
    );
    await expectServing();
  });

  const bigImage = (): string => 'A'.repeat(Math.ceil((16 * 1024 * 1024) / 3) * 4);
  it.each<[string, () => string, number, RegExp]>([
    ['malformed JSON → 400', () => '{"first_name": "John",', 400, /not valid JSON/],
    ['JSON nested 100000 deep → 400', () => '['.repeat(100_000) + ']'.repeat(100_000), 400, /./],
    [
      '21 images → 413',
      () =>
        JSON.stringify({
          ...p.scanTokenBody,
          images: Array.from({ length: 21 }, () => ({ image: 'AAAA', isPdf: false })),
        }),
      413,
      /At most 20/,
    ],
    [
      'a 16 MB image → 413',
      () => JSON.stringify({ ...p.scanTokenBody, images: [{ image: bigImage(), isPdf: false }] }),
      413,
      /larger than 15 MB/,
    ],
    ['a 45 MB body → 413', () => JSON.stringify({ junk: 'x'.repeat(45 * 1024 * 1024) }), 413, /too large/],
  ])('%s', async (_name, make, status, message) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/partners/patient/scan-token',
      headers: { ...p.headers, 'content-type': 'application/json' },
      payload: make(),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
    expect(res.json<{ message: string }>().message).toMatch(message);
    await expectServing();
  });
});

describe('POST /api/scan (JSON)', () => {
  it('wrong types and invalid base64', async () => {
    const body = fc.record(
      {
        images: fc.oneof(
          anyValue,
          fc.array(fc.record({ image: badBase64, isPdf: maybe(fc.boolean()) }), {
            minLength: 1,
            maxLength: 3,
          }),
        ),
        patientId: maybe(fc.string({ minLength: 1, maxLength: 20 })),
        facilitySlug: maybe(fc.constant(p.scanTokenBody.facilitySlug)),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const res = await t.app.inject({ method: 'POST', url: '/api/scan', headers: p.headers, payload });
        expectHandled(res, []);
      }),
      { numRuns: RUNS },
    );
    await expectServing();
  });
});

describe('POST /api/app/session', () => {
  it('any body: never a session, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ token: anyValue })), async (body) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/app/session',
          payload: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        expectHandled(res, []);
      }),
      { numRuns: RUNS },
    );
    await expectServing();
  });
});

describe('GET /api/posology', () => {
  it('any text up to the limit is structured (200), never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 200 }),
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: POSOLOGY_QUERY_MAX / 4 }),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
        ),
        fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
        async (query, drug) => {
          const qs = new URLSearchParams({ query, ...(drug === undefined ? {} : { drug }) });
          const res = await t.app.inject({
            method: 'GET',
            url: `/api/posology?${qs.toString()}`,
            headers: p.headers,
          });
          // Blank after trimming may be refused; everything else must be read.
          expectHandled(res, [200]);
          if (query.trim().length > 0 && [...query].length <= POSOLOGY_QUERY_MAX) {
            expect(res.statusCode, res.body).toBe(200);
          }
        },
      ),
      { numRuns: RUNS },
    );
    await expectServing();
  });

  it.each([
    ['over the length limit', 'x'.repeat(POSOLOGY_QUERY_MAX + 1)],
    ['empty', ''],
  ])('%s → 400', async (_name, query) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/posology?query=${encodeURIComponent(query)}`,
      headers: p.headers,
    });
    expect(res.statusCode).toBe(400);
    expectHandled(res, []);
  });
});
