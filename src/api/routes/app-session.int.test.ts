import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createTestPartner, type TestPartner } from '../../../test/helpers/partner.js';
import { sessionFromCookie } from '../../registry/app-session.js';
import { transitionScanSession } from '../../registry/scan-sessions.js';
import { SESSION_COOKIE } from '../plugins/session.js';

let t: TestApp;
let p: TestPartner;

beforeAll(async () => {
  t = await buildTestApp();
  p = await createTestPartner(t);
});
afterAll(async () => t.close());

async function newSessionToken(): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/partners/patient/scan-token',
    headers: p.headers,
    payload: p.scanTokenBody,
  });
  return res.json<{ token: string }>().token;
}

const exchange = (token: string) =>
  t.app.inject({ method: 'POST', url: '/api/app/session', payload: { token } });

function cookieOf(res: { cookies: { name: string; value: string }[] }): string {
  const c = res.cookies.find((x) => x.name === SESSION_COOKIE);
  if (c === undefined) throw new Error('no session cookie');
  return c.value;
}

describe('POST /api/app/session', () => {
  it('exchanges the token once for an HttpOnly SameSite=Strict cookie and opens the session', async () => {
    const token = await newSessionToken();
    const res = await exchange(token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      facility: { slug: p.facility.slug, name: p.facility.name },
      user: { rpps: p.user.rpps, firstName: 'John', lastName: 'Carter' },
      patientId: p.scanTokenBody.patientId,
      state: 'opened',
      pathway: 'standard',
    });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(token.slice(33));

    const current = await t.app.inject({
      url: '/api/app/session',
      cookies: { [SESSION_COOKIE]: cookieOf(res) },
    });
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({ state: 'opened', patientId: p.scanTokenBody.patientId });

    expect((await exchange(token)).statusCode).toBe(410);
  });

  it('accepts the decoded form of the token (| instead of %7C)', async () => {
    const token = await newSessionToken();
    expect((await exchange(token.replace('%7C', '|'))).statusCode).toBe(200);
  });

  it.each([
    ['a wrong secret', (tok: string) => `${tok.slice(0, 35)}${'0'.repeat(80)}`],
    ['an unknown session', (tok: string) => `${'0'.repeat(32)}${tok.slice(32)}`],
    ['a malformed token', () => 'hello'],
  ])('answers 401 for %s', async (_n, mangle) => {
    const res = await exchange(mangle(await newSessionToken()));
    expect(res.statusCode).toBe(401);
  });

  it('answers 410 for an expired, a cancelled or a validated session', async () => {
    const expired = await newSessionToken();
    await t.db.query("update scan_sessions set expires_at = now() - interval '1 second' where id = $1", [
      expired.slice(0, 32),
    ]);
    expect((await exchange(expired)).statusCode).toBe(410);

    const cancelled = await newSessionToken();
    await transitionScanSession(t.db, cancelled.slice(0, 32), 'cancelled');
    expect((await exchange(cancelled)).statusCode).toBe(410);

    const validated = await newSessionToken();
    for (const s of ['reading', 'ready', 'validated'] as const) {
      await transitionScanSession(t.db, validated.slice(0, 32), s);
    }
    expect((await exchange(validated)).statusCode).toBe(410);
  });

  it('answers 400 without a token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/app/session', payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ details: { field: string }[] }>().details[0]?.field).toBe('/token');
  });
});

describe('GET /api/app/session and requireScanSession', () => {
  it('answers 401 without or with an unknown cookie', async () => {
    expect((await t.app.inject({ url: '/api/app/session' })).statusCode).toBe(401);
    const res = await t.app.inject({
      url: '/api/app/session',
      cookies: { [SESSION_COOKIE]: 'x'.repeat(43) },
    });
    expect(res.statusCode).toBe(401);
  });

  it('refuses a session that expired after the exchange, unless finished sessions are allowed', async () => {
    const token = await newSessionToken();
    const cookie = cookieOf(await exchange(token));
    await expect(sessionFromCookie(t.db, cookie)).resolves.toMatchObject({ state: 'opened' });
    await t.db.query("update scan_sessions set expires_at = now() - interval '1 second' where id = $1", [
      token.slice(0, 32),
    ]);
    await expect(sessionFromCookie(t.db, cookie)).rejects.toMatchObject({ code: 'gone' });
    await expect(sessionFromCookie(t.db, cookie, { allowFinished: true })).resolves.toMatchObject({
      state: 'expired',
    });
    const res = await t.app.inject({ url: '/api/app/session', cookies: { [SESSION_COOKIE]: cookie } });
    expect(res.json()).toMatchObject({ state: 'expired' });
  });

  it('enforces the state machine', async () => {
    const id = (await newSessionToken()).slice(0, 32);
    await expect(transitionScanSession(t.db, id, 'validated')).rejects.toMatchObject({ code: 'conflict' });
    await transitionScanSession(t.db, id, 'opened');
    await expect(transitionScanSession(t.db, id, 'opened')).rejects.toMatchObject({ code: 'conflict' });
  });
});
