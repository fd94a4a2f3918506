/**
 * Rate limits: the token endpoint, the context call and the session-token exchange refuse the request
 * past the configured limit per client IP with 429, `Retry-After` and the project's error body, other
 * clients are unaffected, and other routes are not limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_BEARER_GRANT } from '../../src/auth/assertion.js';
import { signAssertion } from '../../src/auth/token-client.js';
import { loadConfig } from '../../src/config.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createTestPartner, type TestPartner } from '../helpers/partner.js';

const LIMIT = 3;
let t: TestApp;
let p: TestPartner;
beforeAll(async () => {
  t = await buildTestApp({
    env: {
      RATE_LIMIT_OAUTH_TOKEN: String(LIMIT),
      RATE_LIMIT_SCAN_TOKEN: String(LIMIT),
      RATE_LIMIT_APP_SESSION: String(LIMIT),
    },
  });
  p = await createTestPartner(t);
});
afterAll(async () => {
  await t?.close();
});

let ipSeq = 0;
/** A fresh client address per test (trustProxy is on), so tests do not share counters. */
const newIp = (): string => `203.0.113.${++ipSeq}`;

describe('rate limits', () => {
  const cases: [string, () => Promise<{ url: string; payload: object; headers?: Record<string, string> }>][] =
    [
      [
        'POST /oauth2/token',
        async () => ({
          url: '/oauth2/token',
          payload: { grant_type: JWT_BEARER_GRANT, assertion: await signAssertion(p.keyFile) },
        }),
      ],
      [
        'POST /api/partners/patient/scan-token',
        () =>
          Promise.resolve({
            url: '/api/partners/patient/scan-token',
            payload: p.scanTokenBody,
            headers: p.headers,
          }),
      ],
      [
        'POST /api/app/session',
        () => Promise.resolve({ url: '/api/app/session', payload: { token: 'guess-'.padEnd(43, 'x') } }),
      ],
    ];

  it.each(cases)('%s: the request past the limit gets 429 with the error body', async (_name, make) => {
    const ip = newIp();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const req = await make();
      const res = await t.app.inject({
        method: 'POST',
        ...req,
        headers: { ...req.headers, 'x-forwarded-for': ip },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.every((s) => s !== 429 && s < 500)).toBe(true);
    const req = await make();
    const res = await t.app.inject({
      method: 'POST',
      ...req,
      headers: { ...req.headers, 'x-forwarded-for': ip },
    });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const body = res.json<{ error: string; message: string; details: unknown[] }>();
    expect(body.error).toBe('rate-limited');
    expect(body.message).toMatch(/Too many requests: at most 3 per/);
    expect(body.details).toEqual([]);
    // Another client is not affected.
    const other = await make();
    const ok = await t.app.inject({
      method: 'POST',
      ...other,
      headers: { ...other.headers, 'x-forwarded-for': newIp() },
    });
    expect(ok.statusCode).not.toBe(429);
  });

  it('counts refused attempts too (a bad bearer token is limited before authentication)', async () => {
    const ip = newIp();
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/partners/patient/scan-token',
        headers: { authorization: 'Bearer nope', 'x-forwarded-for': ip },
        payload: p.scanTokenBody,
      });
    for (let i = 0; i < LIMIT; i++) expect((await send()).statusCode).toBe(401);
    expect((await send()).statusCode).toBe(429);
  });

  it('cannot be dodged by forging left-most X-Forwarded-For entries (one trusted proxy by default)', async () => {
    const ip = newIp();
    const send = (i: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/app/session',
        headers: { 'x-forwarded-for': `10.9.9.${i}, ${ip}` },
        payload: { token: 'guess-'.padEnd(43, 'x') },
      });
    for (let i = 0; i < LIMIT; i++) expect((await send(i)).statusCode).toBe(401);
    expect((await send(99)).statusCode).toBe(429);
  });

  it('does not limit other routes', async () => {
    const ip = newIp();
    for (let i = 0; i < LIMIT * 3; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-for': ip } });
      expect(res.statusCode).toBe(200);
    }
  });
});

describe('rate-limit configuration', () => {
  it.each<[string | undefined, boolean | number | string]>([
    [undefined, 1],
    ['false', false],
    ['TRUE', true],
    ['2', 2],
    ['10.0.0.0/8, 192.168.1.1', '10.0.0.0/8, 192.168.1.1'],
  ])('TRUST_PROXY=%s → %s', (raw, expected) => {
    expect(loadConfig(raw === undefined ? {} : { TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it('has safe defaults and rejects bad values', () => {
    const c = loadConfig({});
    expect([c.rateLimitWindowMs, c.rateLimitOAuthToken, c.rateLimitScanToken, c.rateLimitAppSession]).toEqual(
      [60_000, 60, 600, 60],
    );
    expect(() => loadConfig({ RATE_LIMIT_APP_SESSION: '-1', RATE_LIMIT_WINDOW_MS: 'soon' })).toThrow(
      /RATE_LIMIT_WINDOW_MS.*RATE_LIMIT_APP_SESSION/,
    );
  });
});
