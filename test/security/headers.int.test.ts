/**
 * Security headers on every kind of response: JSON, errors, 404, the token endpoint, with HSTS only
 * when the public URL is https, and the web app's own CSP left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { APP_CSP } from '../../src/api/plugins/static-app.js';
import { DEFAULT_CSP, HSTS } from '../../src/api/plugins/security-headers.js';
import { buildTestApp, loadTestConfig, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

const COMMON = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

describe('security headers', () => {
  it.each([
    ['GET', '/healthz', 200],
    ['GET', '/no/such/route', 404],
    ['POST', '/oauth2/token', 400],
    ['POST', '/api/partners/patient/scan-token', 401],
    ['GET', '/api/app/session', 401],
    ['GET', '/api/posology?query=1%20cp%20le%20matin', 401],
  ])('%s %s (%i) carries nosniff, no-referrer, DENY, a CSP and no-store', async (method, url, status) => {
    const res = await t.app.inject({
      method: method as 'GET' | 'POST',
      url,
      payload: method === 'POST' ? {} : undefined,
    });
    expect(res.statusCode).toBe(status);
    expect(res.headers).toMatchObject(COMMON);
    expect(res.headers['content-security-policy']).toBe(DEFAULT_CSP);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('keeps a route’s own caching (public JWKS) and the web app’s own CSP', async () => {
    const jwks = await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(jwks.statusCode).toBe(200);
    expect(jwks.headers['cache-control']).toBe('public, max-age=300');
    const page = await t.app.inject({ method: 'GET', url: '/scan' });
    expect(page.headers['content-security-policy']).toBe(APP_CSP);
    expect(page.headers).toMatchObject(COMMON);
  });

  it('sends HSTS when PUBLIC_URL is https', async () => {
    const app = await buildApp(
      { config: loadTestConfig({ PUBLIC_URL: 'https://ordoscan.example' }), db: t.db },
      { logger: false },
    );
    try {
      for (const url of ['/healthz', '/nope']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.headers['strict-transport-security']).toBe(HSTS);
        expect(res.headers).toMatchObject(COMMON);
      }
    } finally {
      await app.close();
    }
  });
});
